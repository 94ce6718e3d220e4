#pragma once
// Deterministic draws: a value depends only on the seed and what identifies the request (scenario,
// rule, merchant, operation, idempotency key, attempt), never on thread timing or other requests.
#include <cstdint>
#include <string_view>

namespace antom::scenarios {

class DrawKey {
 public:
  explicit DrawKey(std::uint64_t seed) : h_(0xcbf29ce484222325ULL ^ seed) {}
  DrawKey& add(std::string_view s) {
    for (unsigned char c : s) h_ = (h_ ^ c) * 0x100000001b3ULL;
    h_ = (h_ ^ 0xff) * 0x100000001b3ULL;  // separator: ("ab","c") != ("a","bc")
    return *this;
  }
  DrawKey& add(std::uint64_t n) {
    for (int i = 0; i < 8; ++i) h_ = (h_ ^ ((n >> (8 * i)) & 0xff)) * 0x100000001b3ULL;
    return *this;
  }
  // splitmix64 finaliser, so nearby inputs give unrelated outputs.
  [[nodiscard]] std::uint64_t value() const {
    std::uint64_t z = h_ + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1).
  [[nodiscard]] double unit() const { return static_cast<double>(value() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t h_;
};

}  // namespace antom::scenarios
