// The catalog's wallet and authorization scenarios, selected per request with the x-sim-scenario
// header, reach the authorization flow: the simulated buyer declines, abandons or approves late,
// codes and tokens expire early, and forced codes are answered without changing state.
#include "tests/e2e/authorization_support.hpp"

using namespace antom::test;
using namespace antom::test::auth;
using namespace std::chrono_literals;

namespace {

ApiResult consult_with(SimFixture& fx, const std::string& scenario, const std::string& wallet = "GCASH") {
  return fx.call(kConsult,
                 R"({"customerBelongsTo":")" + wallet +
                     R"(","authRedirectUrl":"https://m.example/cb","scopes":["AGREEMENT_PAY"],"authState":"st","terminalType":"WEB"})",
                 {.headers = {{"x-sim-scenario", scenario}}});
}

std::string attempt_state(SimFixture& fx, const ApiResult& c) {
  auto a = fx.control("GET", "/_sim/authorizations/" + attempt_id(c));
  REQUIRE(a.http_status == 200);
  return a.json["state"].GetString();
}

}  // namespace

TEST_CASE("wallet-decline: the buyer declines at once; the page sends them back without a code") {
  SimFixture fx;
  auto c = consult_with(fx, "wallet-decline");
  REQUIRE(c.code() == "SUCCESS");
  CHECK(attempt_state(fx, c) == "DECLINED");
  auto page = fx.control("GET", page_path(c));
  CHECK(page.http_status == 302);
  CHECK(query_param(page.header("location"), "authCode").empty());
}

TEST_CASE("wallet-abandon: the page is gone and no code is ever issued") {
  SimFixture fx;
  auto c = consult_with(fx, "wallet-abandon");
  REQUIRE(c.code() == "SUCCESS");
  CHECK(attempt_state(fx, c) == "ABANDONED");
  CHECK(fx.control("GET", page_path(c)).http_status == 410);
  CHECK(fx.control("POST", "/_sim/authorizations/" + attempt_id(c) + "/approve").http_status == 409);
}

TEST_CASE("wallet-approve: approved at once; the code works") {
  SimFixture fx;
  auto c = consult_with(fx, "wallet-approve");
  REQUIRE(c.code() == "SUCCESS");
  auto a = fx.control("GET", "/_sim/authorizations/" + attempt_id(c));
  REQUIRE(std::string(a.json["state"].GetString()) == "APPROVED");
  CHECK(exchange_code(fx, a.json["authCode"]["code"].GetString()).code() == "SUCCESS");
}

TEST_CASE("wallet-approve-late: pending until the virtual clock passes the delay") {
  SimFixture fx;
  auto c = consult_with(fx, "wallet-approve-late");
  REQUIRE(c.code() == "SUCCESS");
  CHECK(attempt_state(fx, c) == "PENDING");
  CHECK(fx.control("GET", page_path(c)).http_status == 200);  // the buyer is still looking at the page
  fx.advance(59s);
  CHECK(attempt_state(fx, c) == "PENDING");
  fx.advance(1s);
  CHECK(attempt_state(fx, c) == "APPROVED");
  auto back = fx.control("GET", page_path(c));
  REQUIRE(back.http_status == 302);
  CHECK(exchange_code(fx, query_param(back.header("location"), "authCode")).code() == "SUCCESS");
}

TEST_CASE("auth-code-short-ttl and token-short-ttl shorten the lifetimes") {
  SimFixture fx;
  auto c = consult_with(fx, "auth-code-short-ttl");
  REQUIRE(c.code() == "SUCCESS");
  auto a = fx.control("GET", "/_sim/authorizations/" + attempt_id(c));
  REQUIRE(std::string(a.json["state"].GetString()) == "APPROVED");
  const std::string code = a.json["authCode"]["code"].GetString();
  fx.advance(6s);
  CHECK(exchange_code(fx, code).code() == "EXPIRED_CODE");

  auto t = fx.call(kApplyToken,
                   R"({"grantType":"AUTHORIZATION_CODE","customerBelongsTo":"GCASH","authCode":")" + approve(fx, consult(fx)) + "\"}",
                   {.headers = {{"x-sim-scenario", "token-short-ttl"}}});
  REQUIRE(t.code() == "SUCCESS");
  const auto issued = antom::state::parse_iso8601(t.text("accessTokenExpiryTime"));
  REQUIRE(issued);
  CHECK(*issued - fx.app().world.clock().now() < std::chrono::hours(1));
  CHECK(pay_ready(fx, t.text("accessToken")));
  fx.set_time(antom::state::format_iso8601(*issued));
  CHECK_FALSE(pay_ready(fx, t.text("accessToken")));
  CHECK(refresh(fx, t.text("refreshToken")).code() == "SUCCESS");
}

TEST_CASE("forced codes on applyToken and revoke leave the code and token intact") {
  SimFixture fx;
  const std::string code = approve(fx, consult(fx));
  auto forced = fx.call(kApplyToken,
                        R"({"grantType":"AUTHORIZATION_CODE","customerBelongsTo":"GCASH","authCode":")" + code + "\"}",
                        {.headers = {{"x-sim-scenario", "apply-token-errors/OAUTH_FAILED"}}});
  CHECK(forced.code() == "OAUTH_FAILED");
  CHECK(forced.signature_ok);
  auto t = exchange_code(fx, code);
  REQUIRE(t.code() == "SUCCESS");
  auto r = fx.call(kRevoke, "{\"accessToken\":\"" + t.text("accessToken") + "\"}",
                   {.headers = {{"x-sim-scenario", "revoke-errors/UNKNOWN_EXCEPTION"}}});
  CHECK(r.code() == "UNKNOWN_EXCEPTION");
  CHECK(r.status() == "U");
  CHECK(pay_ready(fx, t.text("accessToken")));
  CHECK(revoke(fx, t.text("accessToken")).code() == "SUCCESS");
}
