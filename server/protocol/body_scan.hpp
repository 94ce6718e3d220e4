#pragma once
// One pass over a request body before it is parsed: how deep it nests (refused before the
// parser's stack grows) and whether it is valid UTF-8 (so the parser can skip its own
// character-by-character check and use its SIMD string scan).
#include <cstddef>
#include <string_view>

namespace antom::server {

struct BodyScan {
  std::size_t depth = 0;  // deepest object/array nesting; brackets inside strings do not count
  bool valid_utf8 = true;  // RFC 3629: no overlong forms, surrogates or code points past U+10FFFF
  std::size_t first_nul = std::string_view::npos;  // never valid in JSON, escaped or not
};

[[nodiscard]] BodyScan scan_body(std::string_view text);

}  // namespace antom::server
