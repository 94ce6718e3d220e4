// The field-table validator: the first byte picks an operation, the rest is its request body
// (parsed as the pipeline parses it); any violation is described as PARAM_ILLEGAL would be.
#include <cstdint>
#include <string>

#include "server/protocol/body_parse.hpp"
#include "server/protocol/operations.hpp"
#include "server/protocol/pipeline.hpp"
#include "server/protocol/validate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto operations = antom::server::all_operations();
  const antom::server::OperationSpec& op = operations[data[0] % operations.size()];
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  const antom::server::BodyScan scan = antom::server::scan_body(text);
  if (scan.depth > antom::server::kMaxJsonDepth) return 0;
  std::string parsed_text = text;  // parsed in place
  antom::server::PooledDocument doc;
  antom::server::parse_body(parsed_text, scan, doc);
  if (doc.HasParseError() || !doc.IsObject()) return 0;
  antom::server::JsonPaths paths(doc);
  if (auto violation = antom::server::validate_fields(paths, op.fields)) (void)antom::server::describe(*violation);
  (void)antom::server::utf8_length(text);
  return 0;
}
