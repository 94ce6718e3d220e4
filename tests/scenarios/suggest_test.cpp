// "Did you mean": edit distance and the nearest known scenario names for strict mode's refusal.
#include <doctest/doctest.h>

#include "scenarios/suggest.hpp"

using namespace antom::scenarios;

TEST_CASE("edit distance counts insertions, deletions and substitutions") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("pay-errors", "pay-errors") == 0);
  CHECK(edit_distance("pay-eror", "pay-errors") == 2);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("abc", "") == 3);
}

TEST_CASE("nearest names: closest first, ties by name, at most the limit") {
  const std::vector<std::string> known = {"refund-errors", "pay-errors", "pay-risk-reject", "revoke-errors", "http-500"};
  // distances 2 (pay-errors), then 8 for http-500, refund-errors and revoke-errors: ties go by name
  CHECK(nearest_names("pay-eror", known) == std::vector<std::string>{"pay-errors", "http-500", "refund-errors"});
  CHECK(nearest_names("revoke-eror", known, 1) == std::vector<std::string>{"revoke-errors"});
  CHECK(nearest_names("x", {}, 3).empty());
}
