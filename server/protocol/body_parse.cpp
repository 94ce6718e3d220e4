#include "server/protocol/body_parse.hpp"

#include "scenarios/json_duplicates.hpp"

namespace antom::server {

// Parses a body that scan_body has seen. The scan bounded its nesting, so RapidJSON's recursive
// parser (quicker than its iterative one) cannot exhaust the stack; and it checked UTF-8, so the
// parser need not check it character by character. (RapidJSON's SSE2 string scan is not used: it
// lets control characters 0x1A-0x1F through.) Without a NUL in it, the body is parsed in place, in
// a per-thread copy ended by its terminator: strings are neither pushed on a stack nor copied, and
// the stream does not check for the end at every character. (That stream would not skip a BOM;
// the sized one does.) `doc` points into the copy, untouched until the next request on this thread.
void parse_body(const std::string& text, const BodyScan& scan, PooledDocument& doc) {
  thread_local std::string in_place;
  if (in_place.capacity() > 64 * 1024) in_place = std::string();  // a big body is not kept for good
  if (scan.first_nul == std::string_view::npos && !text.starts_with("\xEF\xBB\xBF")) {
    in_place.assign(text);
    doc.ParseInsitu<rapidjson::kParseDefaultFlags>(in_place.data());
  } else {
    doc.Parse<rapidjson::kParseDefaultFlags>(text.data(), text.size());
  }
  if (!doc.HasParseError()) scenarios::keep_last_members(doc);
}

}  // namespace antom::server
