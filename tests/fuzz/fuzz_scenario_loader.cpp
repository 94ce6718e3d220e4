// Scenario files, as PUT /_sim/scenarios/{name} and the catalog directory read them.
#include <cstdint>
#include <string_view>

#include "scenarios/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parsed = antom::scenarios::parse_scenario(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json");
  if (parsed.ok() && parsed.scenario.rules.empty()) __builtin_trap();  // a scenario has 1..200 rules
  return 0;
}
