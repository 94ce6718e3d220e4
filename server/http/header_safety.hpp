#pragma once
// Values that end up in an HTTP header line (a Client-Id, a host, a path) must not carry control
// characters: a CR or LF would start a header of the sender's choosing (RFC 9110 section 5.5).
#include <algorithm>
#include <string_view>

namespace antom::server {

[[nodiscard]] inline bool has_control_character(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

}  // namespace antom::server
