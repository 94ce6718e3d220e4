#pragma once
// Does a rule's Match hold for one request? Pure: the attempt number and the random draw are
// decided by the engine and passed in.
#include <string_view>

#include "scenarios/plan.hpp"
#include "scenarios/scenario.hpp"

namespace antom::scenarios {

struct MatchFacts {
  const PlanInput& input;
  std::string_view arg;  // from sim:NAME/ARG or the header ("" = none)
  int attempt = 1;       // 1-based try of this idempotency key
  double draw = 0;       // uniform [0,1) for the probability test
};

[[nodiscard]] bool field_matches(const FieldMatch& m, const PlanInput& input);
[[nodiscard]] bool rule_matches(const Match& m, const MatchFacts& facts);

}  // namespace antom::scenarios
