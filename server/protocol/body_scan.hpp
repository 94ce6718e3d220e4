#pragma once
// One pass over a request body before it is parsed: how deep it nests (refused before the
// parser's stack grows), whether it is valid UTF-8 (so the parser can skip its own
// character-by-character check) and where a NUL byte is.
#include <cstddef>
#include <string_view>

namespace antom::server {

struct BodyScan {
  std::size_t depth = 0;  // deepest object/array nesting; brackets inside strings do not count
  // Offsets of the first byte that is not UTF-8 (RFC 3629: no overlong forms, surrogates or code
  // points past U+10FFFF) and of the first NUL byte (never valid in JSON); npos when none.
  std::size_t first_bad_utf8 = std::string_view::npos;
  std::size_t first_nul = std::string_view::npos;
  [[nodiscard]] bool valid_utf8() const { return first_bad_utf8 == std::string_view::npos; }
};

[[nodiscard]] BodyScan scan_body(std::string_view text);

}  // namespace antom::server
