// Strict scenario names: by default an unknown x-sim-scenario is answered normally with an
// x-sim-warning header; in strict mode (--strict-scenarios on, or x-sim-strict: 1 per request)
// it is refused with HTTP 400 naming the scenario and the nearest known names, and nothing changes.
#include <doctest/doctest.h>

#include "tests/support/sim_fixture.hpp"

using namespace antom::test;
using antom::server::find_header;

namespace {

const std::string kRevokePath = "/ams/api/v1/authorizations/revoke";
const std::string kRevokeBody = R"({"accessToken":"no-such-token-123"})";

void check_refused(const ApiResult& r, const std::string& name, const std::string& nearest) {
  CHECK(r.http_status == 400);
  REQUIRE(r.json.IsObject());
  CHECK(std::string(r.json["error"].GetString()) == "UNKNOWN_SCENARIO");
  CHECK(std::string(r.json["scenario"].GetString()) == name);
  REQUIRE(r.json["nearest"].IsArray());
  REQUIRE(r.json["nearest"].Size() > 0);
  if (!nearest.empty()) CHECK(std::string(r.json["nearest"][0].GetString()) == nearest);
  CHECK(std::string(r.json["message"].GetString()).find(name) != std::string::npos);
  CHECK_FALSE(r.has_signature);
}

}  // namespace

TEST_CASE("lenient by default: an unknown scenario is ignored with x-sim-warning; x-sim-strict: 1 refuses it") {
  SimFixture fx;
  const auto lenient = fx.call(kRevokePath, kRevokeBody, {.headers = {{"x-sim-scenario", "revoke-eror"}}});
  CHECK(lenient.http_status == 200);
  CHECK(lenient.signature_ok);
  REQUIRE(find_header(lenient.headers, "x-sim-warning"));
  CHECK(find_header(lenient.headers, "x-sim-warning")->find("revoke-eror") != std::string::npos);

  check_refused(fx.call(kRevokePath, kRevokeBody, {.headers = {{"x-sim-scenario", "revoke-eror"}, {"x-sim-strict", "1"}}}),
                "revoke-eror", "revoke-errors");
  // An argument after the name does not hide the name.
  check_refused(fx.call(kRevokePath, kRevokeBody,
                        {.headers = {{"x-sim-scenario", "revoke-eror/INVALID_ACCESS_TOKEN"}, {"x-sim-strict", "1"}}}),
                "revoke-eror", "revoke-errors");
  // A known scenario passes strict mode.
  const auto known = fx.call(kRevokePath, kRevokeBody,
                             {.headers = {{"x-sim-scenario", "latency-fixed"}, {"x-sim-strict", "1"}}});
  CHECK(known.http_status == 200);
  CHECK(known.signature_ok);
  CHECK_FALSE(find_header(known.headers, "x-sim-warning"));
}

TEST_CASE("--strict-scenarios on refuses unknown names, before any state changes; x-sim-strict: 0 relaxes one request") {
  SimFixture fx({.strict_scenarios = true});
  const std::string consult = R"({"customerBelongsTo":"GCASH","authRedirectUrl":"https://merchant.example/back",)"
                              R"("scopes":["AGREEMENT_PAY"],"authState":"strict-state-1","terminalType":"WEB"})";
  // The same consult without a scenario is accepted: the refusal below is the name's, not the body's.
  REQUIRE(fx.call("/ams/api/v1/authorizations/consult", consult).code() == "SUCCESS");
  const auto before = fx.control("GET", "/_sim/authorizations").body;
  const auto refused = fx.call("/ams/api/v1/authorizations/consult", consult,
                               {.headers = {{"x-sim-scenario", "consult-erors"}}});
  check_refused(refused, "consult-erors", "consult-errors");
  CHECK(fx.control("GET", "/_sim/authorizations").body == before);  // no consult recorded
  check_refused(fx.call(kRevokePath, kRevokeBody, {.headers = {{"x-sim-scenario", "not a name!"}}}), "not a name!", "");

  const auto relaxed = fx.call(kRevokePath, kRevokeBody,
                               {.headers = {{"x-sim-scenario", "revoke-eror"}, {"x-sim-strict", "0"}}});
  CHECK(relaxed.http_status == 200);
  CHECK(find_header(relaxed.headers, "x-sim-warning"));
  // Without the header, no scenario: nothing to refuse.
  CHECK(fx.call(kRevokePath, kRevokeBody).http_status == 200);
}
