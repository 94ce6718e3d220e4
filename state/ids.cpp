#include "state/ids.hpp"

#include <cstdio>

namespace antom::state {

std::uint64_t IdGenerator::next_random() {
  std::uint64_t z = seed_ + 0x9e3779b97f4a7c15ULL * ++counter_;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::string IdGenerator::numeric_id(TimePoint now, std::string_view kind4) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%018llu",
                static_cast<unsigned long long>(next_random() % 1000000000000000000ULL));
  return format_compact_date(now) + std::string(kind4) + digits;
}

std::string IdGenerator::token(std::string_view prefix) {
  char hex[40];
  std::snprintf(hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(next_random()),
                static_cast<unsigned long long>(next_random()));
  return std::string(prefix) + hex;
}

}  // namespace antom::state
