// An Antom request body as the pipeline reads it: the byte scan (depth, UTF-8, NUL), then, within
// the depth limit, the in-place parse and the duplicate-name pass. Checks what later steps rely on:
// after parsing no object holds a name twice.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "server/protocol/body_parse.hpp"
#include "server/protocol/json_view.hpp"
#include "server/protocol/pipeline.hpp"

namespace {

template <class Encoding, class Allocator>
void check_unique_names(const rapidjson::GenericValue<Encoding, Allocator>& root) {
  using Value = rapidjson::GenericValue<Encoding, Allocator>;
  std::vector<const Value*> pending{&root};
  while (!pending.empty()) {
    const Value& v = *pending.back();
    pending.pop_back();
    if (v.IsArray()) {
      for (const auto& item : v.GetArray()) pending.push_back(&item);
    } else if (v.IsObject()) {
      for (auto a = v.MemberBegin(); a != v.MemberEnd(); ++a) {
        for (auto b = a + 1; b != v.MemberEnd(); ++b)
          if (a->name == b->name) std::abort();
        pending.push_back(&a->value);
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);  // parsed in place
  const antom::server::BodyScan scan = antom::server::scan_body(text);
  if (scan.first_nul != std::string_view::npos && text.find('\0') != scan.first_nul) std::abort();
  if (scan.depth > antom::server::kMaxJsonDepth) return 0;  // refused before parsing
  antom::server::PooledDocument doc;
  antom::server::parse_body(text, scan, doc);
  if (doc.HasParseError()) return 0;
  check_unique_names(doc);
  if (doc.IsObject()) {
    antom::server::JsonPaths paths(doc);
    (void)paths.text("paymentAmount.value");
    (void)paths.text("order.buyer.buyerName.fullName");
    (void)antom::server::json_at(doc, "paymentMethod");
  }
  return 0;
}
