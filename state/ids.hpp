#pragma once
// Deterministic identifiers: the same seed and the same sequence of requests give the same ids.
#include <cstdint>
#include <string>
#include <string_view>

#include "state/time.hpp"

namespace antom::state {

class IdGenerator {
 public:
  explicit IdGenerator(std::uint64_t seed = 0) : seed_(seed) {}
  void reseed(std::uint64_t seed) {
    seed_ = seed;
    counter_ = 0;
  }
  // Antom-style numeric id: yyyyMMdd + 4-digit kind + 18 digits, 30 chars, e.g. paymentId.
  [[nodiscard]] std::string numeric_id(TimePoint now, std::string_view kind4);
  // Opaque token: prefix + 32 hex chars derived from the seed, e.g. accessToken.
  [[nodiscard]] std::string token(std::string_view prefix);
  [[nodiscard]] std::uint64_t next_random();  // splitmix64 stream

  // Snapshots keep the stream's position; a restore never moves it back (ids already handed out
  // stay handed out), see server/snapshot/.
  [[nodiscard]] std::uint64_t seed() const { return seed_; }
  [[nodiscard]] std::uint64_t counter() const { return counter_; }
  void restore(std::uint64_t seed, std::uint64_t counter) {
    seed_ = seed;
    counter_ = counter;
  }

 private:
  std::uint64_t seed_;
  std::uint64_t counter_ = 0;
};

}  // namespace antom::state
