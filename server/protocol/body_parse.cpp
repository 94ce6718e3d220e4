#include "server/protocol/body_parse.hpp"

#include "scenarios/json_duplicates.hpp"

namespace antom::server {

// Parses a body that scan_body has seen. The scan bounded its nesting, so RapidJSON's recursive
// parser (quicker than its iterative one) cannot exhaust the stack; and it checked UTF-8, so the
// parser need not check it character by character. (RapidJSON's SSE2 string scan is not used: it
// lets control characters 0x1A-0x1F through.) Strings are copied into `doc`'s pool, so `doc`
// depends on nothing else. (An in-place parse of a per-thread copy saved ~5 300 instructions a
// pay; the 60 000 req/s goal with verification and signing off does not need them.)
void parse_body(const std::string& text, const BodyScan&, PooledDocument& doc) {
  doc.Parse<rapidjson::kParseDefaultFlags>(text.data(), text.size());
  if (!doc.HasParseError()) scenarios::keep_last_members(doc);
}

}  // namespace antom::server
