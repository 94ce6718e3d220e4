#pragma once
// An amount in minor units; currency is ISO 4217 alpha-3 (fits the small-string buffer).
#include <cstdint>
#include <string>

namespace antom::state {

struct Money {
  std::int64_t value = 0;
  std::string currency;
  friend bool operator==(const Money&, const Money&) = default;
};

}  // namespace antom::state
