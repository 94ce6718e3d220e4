#pragma once
// UTF-8 as RFC 3629 defines it (no overlong forms, surrogates or code points past U+10FFFF). Bytes
// from outside (a header value, a merchant endpoint's answer, a percent-decoded path) may be
// anything; JSON must be UTF-8 (RFC 8259 section 8.1), so what antom-sim echoes goes through here.
#include <cstddef>
#include <string>
#include <string_view>

namespace antom::server {

// Length of the UTF-8 sequence starting at text[i] (a byte >= 0x80), or 0 when it is invalid.
[[nodiscard]] std::size_t utf8_sequence(std::string_view text, std::size_t i);
[[nodiscard]] bool is_valid_utf8(std::string_view text);
// `text` with each byte that is not part of a valid sequence replaced by U+FFFD.
[[nodiscard]] std::string to_valid_utf8(std::string_view text);
// The longest prefix of at most `max_bytes` that does not cut a multi-byte character.
[[nodiscard]] std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

}  // namespace antom::server
