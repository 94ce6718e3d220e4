#include "server/protocol/body_parse.hpp"

#include "scenarios/json_duplicates.hpp"

namespace antom::server {

// The scan bounded the nesting, so RapidJSON's recursive parser (quicker than its iterative one)
// cannot exhaust the stack; and it checked UTF-8, so the parser need not check it character by
// character. (RapidJSON's SSE2 string scan is not used: it lets control characters 0x1A-0x1F
// through.) Without a NUL or a BOM, the text is parsed in place, ended by its terminator: strings
// are neither pushed on a stack nor copied into the pool, and the stream does not check for the end
// at each character. That saves ~5 000 of ~95 000 instructions a pay (callgrind,
// instructions_bench), which the 60 000 req/s goal with verification and signing off needs.
void parse_body(std::string& text, const BodyScan& scan, PooledDocument& doc) {
  if (scan.first_nul == std::string_view::npos && !text.starts_with("\xEF\xBB\xBF"))
    doc.ParseInsitu<rapidjson::kParseDefaultFlags>(text.data());
  else
    doc.Parse<rapidjson::kParseDefaultFlags>(text.data(), text.size());
  if (!doc.HasParseError()) scenarios::keep_last_members(doc);
}

}  // namespace antom::server
