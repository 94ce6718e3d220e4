#include <doctest/doctest.h>

#include "scenarios/loader.hpp"
#include "scenarios/matcher.hpp"
#include "scenario_test_util.hpp"

using namespace antom::scenarios;
using antom::scenarios::test::Request;

namespace {

Match match_of(const std::string& match_json) {
  auto parsed = parse_scenario(R"({"name":"m","description":"d","rules":[{"name":"r","match":)" + match_json +
                                   R"(,"effect":{}}]})",
                               "m.json");
  REQUIRE_MESSAGE(parsed.ok(), parsed.error);
  return parsed.scenario.rules[0].match;
}

bool matches(const std::string& match_json, const Request& req, std::string_view arg = "", int attempt = 1,
             double draw = 0.5) {
  Match m = match_of(match_json);
  PlanInput in = req.input();
  return rule_matches(m, MatchFacts{in, arg, attempt, draw});
}

}  // namespace

TEST_CASE("match by operation, merchant and wallet") {
  Request req;
  CHECK(matches(R"({})", req));
  CHECK(matches(R"({"operation":["refund","pay"]})", req));
  CHECK_FALSE(matches(R"({"operation":"refund"})", req));
  CHECK(matches(R"({"merchant":"SANDBOX_A"})", req));
  CHECK_FALSE(matches(R"({"merchant":["SANDBOX_B"]})", req));
  CHECK(matches(R"({"wallet":["DANA","GCASH"]})", req));
  CHECK_FALSE(matches(R"({"wallet":"DANA"})", req));
}

TEST_CASE("match by request field: equals, prefix, contains, numeric range, absent") {
  Request req;
  req.fields = {{"paymentAmount.value", "150"}, {"order.orderDescription", "Monthly plan"}};
  CHECK(matches(R"({"fields":[{"path":"paymentAmount.value","equals":["100","150"]}]})", req));
  CHECK_FALSE(matches(R"({"fields":[{"path":"paymentAmount.value","equals":"15"}]})", req));
  CHECK(matches(R"({"fields":[{"path":"order.orderDescription","prefix":"Month"}]})", req));
  CHECK_FALSE(matches(R"({"fields":[{"path":"order.orderDescription","prefix":"plan"}]})", req));
  CHECK(matches(R"({"fields":[{"path":"order.orderDescription","contains":"ly pl"}]})", req));
  CHECK(matches(R"({"fields":[{"path":"paymentAmount.value","min":100,"max":150}]})", req));
  CHECK(matches(R"({"fields":[{"path":"paymentAmount.value","min":150}]})", req));
  CHECK_FALSE(matches(R"({"fields":[{"path":"paymentAmount.value","max":149}]})", req));
  CHECK_FALSE(matches(R"({"fields":[{"path":"order.orderDescription","min":0}]})", req));  // not a number
  CHECK_FALSE(matches(R"({"fields":[{"path":"missing.path","prefix":""}]})", req));
  CHECK(matches(R"({"fields":[{"path":"missing.path","absent":true}]})", req));
  CHECK_FALSE(matches(R"({"fields":[{"path":"paymentAmount.value","absent":true}]})", req));
  // All conditions must hold.
  CHECK_FALSE(matches(R"({"fields":[{"path":"paymentAmount.value","min":100},{"path":"x","equals":"y"}]})", req));
}

TEST_CASE("match by attempt number, argument, probability draw and virtual-time window") {
  Request req;
  CHECK(matches(R"({"attempts":{"first":2}})", req, "", 2));
  CHECK_FALSE(matches(R"({"attempts":{"first":2}})", req, "", 3));
  CHECK_FALSE(matches(R"({"attempts":{"after":2}})", req, "", 2));
  CHECK(matches(R"({"attempts":{"after":2}})", req, "", 3));
  CHECK(matches(R"({"attempts":{"from":2,"to":3}})", req, "", 3));
  CHECK_FALSE(matches(R"({"attempts":{"from":2,"to":3}})", req, "", 1));

  CHECK(matches(R"({"arg":"RISK_REJECT"})", req, "RISK_REJECT"));
  CHECK_FALSE(matches(R"({"arg":"RISK_REJECT"})", req, ""));
  CHECK_FALSE(matches(R"({"arg":"RISK_REJECT"})", req, "PROCESS_FAIL"));

  CHECK(matches(R"({"probability":0.3})", req, "", 1, 0.29));
  CHECK_FALSE(matches(R"({"probability":0.3})", req, "", 1, 0.3));
  CHECK_FALSE(matches(R"({"probability":0})", req, "", 1, 0.0));

  // req.now is 2026-03-01T10:00:00+08:00
  CHECK(matches(R"({"window":{"from":"2026-03-01T10:00:00+08:00","until":"2026-03-01T11:00:00+08:00"}})", req));
  CHECK_FALSE(matches(R"({"window":{"from":"2026-03-01T10:00:01+08:00"}})", req));
  CHECK_FALSE(matches(R"({"window":{"until":"2026-03-01T02:00:00Z"}})", req));  // == now: window is [from, until)
}
