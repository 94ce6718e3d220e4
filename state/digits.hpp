#pragma once
// Fixed-width number formatting for ids and timestamps. These run on every request, where
// snprintf's format parsing was a measurable share of the time (docs/benchmarks.md).
#include <cstdint>
#include <string>

namespace antom::state {

// Appends `value` in decimal, left-padded with zeros to `width` digits (more if it needs more).
inline void append_zero_padded(std::string& out, std::uint64_t value, int width) {
  char buf[24];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  for (int i = n; i < width; ++i) out.push_back('0');
  while (n > 0) out.push_back(buf[--n]);
}

// Appends the 16 lowercase hex digits of `value`.
inline void append_hex16(std::string& out, std::uint64_t value) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (int shift = 60; shift >= 0; shift -= 4) out.push_back(kHex[(value >> shift) & 0xF]);
}

}  // namespace antom::state
