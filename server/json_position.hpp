#pragma once
// Where in a JSON text a parse error is, as people count: "line 3, column 7" (RapidJSON reports a
// byte offset). Used by --config and by control bodies.
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

namespace antom::server {

inline std::string line_and_column(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') ++line, column = 1;
    else ++column;
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

}  // namespace antom::server
