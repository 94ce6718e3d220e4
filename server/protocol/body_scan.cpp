#include "server/protocol/body_scan.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include "server/protocol/utf8.hpp"

namespace antom::server {
namespace {

enum Class : std::uint8_t { kPlain, kQuote, kBackslash, kOpen, kClose, kMultiByte, kNul };

constexpr std::array<std::uint8_t, 256> kClasses = [] {
  std::array<std::uint8_t, 256> t{};
  t[0] = kNul;
  t['"'] = kQuote;
  t['\\'] = kBackslash;
  t['{'] = t['['] = kOpen;
  t['}'] = t[']'] = kClose;
  for (int c = 0x80; c < 0x100; ++c) t[c] = kMultiByte;
  return t;
}();

}  // namespace

BodyScan scan_body(std::string_view text) {
  BodyScan scan;
  std::size_t depth = 0;
  bool in_string = false;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  for (std::size_t i = 0; i < size;) {
    // Most bytes are plain ASCII: skip them in a tight loop.
    while (i < size && kClasses[bytes[i]] == kPlain) ++i;
    if (i == size) break;
    switch (kClasses[bytes[i]]) {
      case kQuote: in_string = !in_string, ++i; break;
      case kBackslash:  // an escaped ASCII character is skipped; anything else (NUL too) is checked as usual
        i += in_string && i + 1 < size && bytes[i + 1] != 0 && bytes[i + 1] < 0x80 ? 2 : 1;
        break;
      case kOpen:
        if (!in_string) scan.depth = std::max(scan.depth, ++depth);
        ++i;
        break;
      case kClose:
        if (!in_string && depth > 0) --depth;
        ++i;
        break;
      case kNul:
        if (scan.first_nul == std::string_view::npos) scan.first_nul = i;
        ++i;
        break;
      default: {
        const std::size_t n = utf8_sequence(text, i);
        if (n == 0 && scan.valid_utf8()) scan.first_bad_utf8 = i;
        i += std::max<std::size_t>(n, 1);
      }
    }
  }
  return scan;
}

}  // namespace antom::server
