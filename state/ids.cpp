#include "state/ids.hpp"

#include "state/digits.hpp"

namespace antom::state {

std::uint64_t IdGenerator::next_random() {
  std::uint64_t z = seed_ + 0x9e3779b97f4a7c15ULL * ++counter_;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::string IdGenerator::numeric_id(TimePoint now, std::string_view kind4) {
  std::string id = format_compact_date(now);
  id.reserve(id.size() + kind4.size() + 18);
  id.append(kind4);
  append_zero_padded(id, next_random() % 1000000000000000000ULL, 18);
  return id;
}

std::string IdGenerator::token(std::string_view prefix) {
  std::string out;
  out.reserve(prefix.size() + 32);
  out.append(prefix);
  append_hex16(out, next_random());
  append_hex16(out, next_random());
  return out;
}

}  // namespace antom::state
