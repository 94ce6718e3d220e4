// Snapshot documents (POST /_sim/snapshots with a body, --fixture, --state-file): any text is either
// refused with a problem or read into a snapshot, never a crash, hang or unbounded growth; and a
// document that is read exports to one that reads again into the same document.
#include <cstdint>
#include <string>
#include <string_view>

#include "server/snapshot/document.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto known_scenario = [](std::string_view name) { return name == "pay-errors" || name == "notify-faults"; };
  const auto read = antom::server::import_document(std::string_view(reinterpret_cast<const char*>(data), size), known_scenario);
  if (!read.snapshot) {
    if (read.problem.empty()) __builtin_trap();  // a refusal always says why
    return 0;
  }
  const std::string exported = antom::server::export_document(*read.snapshot);
  const auto again = antom::server::import_document(exported, known_scenario);
  if (!again.snapshot) __builtin_trap();                                          // what it wrote, it reads
  if (antom::server::export_document(*again.snapshot) != exported) __builtin_trap();  // and reads as written
  return 0;
}
