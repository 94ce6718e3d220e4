#include "server/protocol/body_scan.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

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

// Length of the UTF-8 sequence starting at text[i] (a byte >= 0x80), or 0 when it is invalid.
std::size_t utf8_sequence(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const auto cont = [&](std::size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return k < text.size() && byte(k) >= lo && byte(k) <= hi;
  };
  const unsigned char c = byte(i);
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    const unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;  // overlong; surrogates
    return cont(i + 1, lo, hi) && cont(i + 2) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    const unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;  // overlong; past U+10FFFF
    return cont(i + 1, lo, hi) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  }
  return 0;
}

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
