// Scenarios end to end: the /_sim/scenarios control API, the four activation routes and their
// precedence, through signed requests on a real socket.
#include <doctest/doctest.h>

#include "tests/support/sim_fixture.hpp"

using antom::test::CallOptions;
using antom::test::SimFixture;

namespace {

constexpr const char* kPay = "/ams/api/v1/payments/pay";

std::string mint_token(SimFixture& fx) {
  auto h = fx.control("POST", "/_sim/authorizations/tokens", R"({"customerBelongsTo":"GCASH"})");
  REQUIRE_MESSAGE(h.http_status == 201, h.body);
  return h.json["accessToken"].GetString();
}

std::string pay_body(const std::string& request_id, const std::string& token, const std::string& amount = "1000",
                     const std::string& description = "Monthly plan") {
  return R"({"productCode":"AGREEMENT_PAYMENT","paymentRequestId":")" + request_id +
         R"(","order":{"referenceOrderId":"ORD-)" + request_id + R"(","orderDescription":")" + description +
         R"(","orderAmount":{"currency":"PHP","value":")" + amount + R"("}},"paymentAmount":{"currency":"PHP","value":")" +
         amount + R"("},"paymentMethod":{"paymentMethodType":"GCASH","paymentMethodId":")" + token + R"("}})";
}

CallOptions with_header(const std::string& value) {
  CallOptions o;
  o.headers = {{"x-sim-scenario", value}};
  return o;
}

}  // namespace

TEST_CASE("scenario control API: list, get, put, delete, refusals") {
  SimFixture fx;
  auto list = fx.control("GET", "/_sim/scenarios");
  REQUIRE(list.http_status == 200);
  REQUIRE(list.json["scenarios"].IsArray());
  CHECK(list.json["scenarios"].Size() >= 25);
  bool found = false;
  for (const auto& s : list.json["scenarios"].GetArray())
    found = found || std::string(s["name"].GetString()) == "pay-balance-not-enough";
  CHECK(found);

  auto one = fx.control("GET", "/_sim/scenarios/pay-balance-not-enough");
  CHECK(one.http_status == 200);
  CHECK(std::string(one.json["name"].GetString()) == "pay-balance-not-enough");
  CHECK(fx.control("GET", "/_sim/scenarios/nope").http_status == 404);

  const std::string mine = R"({"name":"my-decline","description":"declines every pay","rules":[
      {"name":"all","match":{"operation":"pay"},"effect":{"result":"USER_STATUS_ABNORMAL"}}]})";
  CHECK(fx.control("PUT", "/_sim/scenarios/my-decline", mine).http_status == 201);
  CHECK(fx.control("PUT", "/_sim/scenarios/my-decline", mine).http_status == 200);  // replaced
  auto bad = fx.control("PUT", "/_sim/scenarios/my-decline",
                        R"({"name":"my-decline","description":"d","rules":[{"name":"x","effect":{"result":"NOPE"}}]})");
  CHECK(bad.http_status == 400);
  CHECK(std::string(bad.json["message"].GetString()) ==
        "PUT /_sim/scenarios/my-decline: rule 'x' (#1): field 'rules[0].effect.result': unknown result code 'NOPE'");
  CHECK(fx.control("PUT", "/_sim/scenarios/my-decline", "{not json").http_status == 400);
  // The refused write changed nothing: the earlier version still applies.
  const std::string token = mint_token(fx);
  auto r = fx.call(kPay, pay_body("ctl-1", token), with_header("my-decline"));
  CHECK(r.code() == "USER_STATUS_ABNORMAL");
  CHECK(r.signature_ok);

  CHECK(fx.control("DELETE", "/_sim/scenarios/my-decline").http_status == 200);
  CHECK(fx.control("DELETE", "/_sim/scenarios/my-decline").http_status == 404);
  r = fx.call(kPay, pay_body("ctl-2", token), with_header("my-decline"));
  CHECK(r.code() == "SUCCESS");
}

TEST_CASE("activation by each route: header, sim: directive, magic amount, merchant, global") {
  SimFixture fx;
  const std::string token = mint_token(fx);

  SUBCASE("x-sim-scenario header with an argument") {
    auto r = fx.call(kPay, pay_body("h-1", token), with_header("pay-errors/RISK_REJECT"));
    CHECK(r.code() == "RISK_REJECT");
    CHECK(r.status() == "F");
  }
  SUBCASE("sim: directive inside the paymentRequestId, as an unmodified SDK sends it") {
    auto r = fx.call(kPay, pay_body("d-1-sim:pay-errors/USER_KYC_NOT_QUALIFIED", token));
    CHECK(r.code() == "USER_KYC_NOT_QUALIFIED");
  }
  SUBCASE("sim: directive inside the order description") {
    auto r = fx.call(kPay, pay_body("d-2", token, "1000", "Plan sim:pay-risk-reject"));
    CHECK(r.code() == "RISK_REJECT");
  }
  SUBCASE("magic amount; the forced failure is recorded and inquiry reports it") {
    auto r = fx.call(kPay, pay_body("a-1", token, "40051"));
    CHECK(r.code() == "USER_BALANCE_NOT_ENOUGH");
    auto q = fx.call("/ams/api/v1/payments/inquiryPayment", R"({"paymentRequestId":"a-1"})");
    CHECK(q.code() == "SUCCESS");
    CHECK(q.text("paymentStatus") == "FAIL");
    CHECK(q.text("paymentResultCode") == "USER_BALANCE_NOT_ENOUGH");
  }
  SUBCASE("merchant activation with an expiry in virtual time") {
    auto a = fx.control("POST", "/_sim/scenarios/pay-errors/activate",
                        R"({"merchant":")" + fx.demo_client_id() + R"(","arg":"PAYMENT_COUNT_EXCEED_LIMIT","for":"10s"})");
    REQUIRE_MESSAGE(a.http_status == 200, a.body);
    auto active = fx.control("GET", "/_sim/scenarios/active");
    REQUIRE(active.json["active"].Size() == 1);
    CHECK(std::string(active.json["active"][0]["merchant"].GetString()) == fx.demo_client_id());
    CHECK(fx.call(kPay, pay_body("m-1", token)).code() == "PAYMENT_COUNT_EXCEED_LIMIT");
    fx.advance(std::chrono::seconds(10));
    CHECK(fx.call(kPay, pay_body("m-2", token)).code() == "SUCCESS");
    CHECK(fx.control("GET", "/_sim/scenarios/active").json["active"].Size() == 0);
  }
  SUBCASE("global default, then deactivate") {
    REQUIRE(fx.control("POST", "/_sim/scenarios/pay-risk-reject/activate", "{}").http_status == 200);
    CHECK(fx.call(kPay, pay_body("g-1", token)).code() == "RISK_REJECT");
    auto off = fx.control("POST", "/_sim/scenarios/deactivate", R"({"global":true})");
    CHECK(off.json["deactivated"].GetInt() == 1);
    CHECK(fx.call(kPay, pay_body("g-2", token)).code() == "SUCCESS");
  }
  SUBCASE("activation refusals") {
    CHECK(fx.control("POST", "/_sim/scenarios/nope/activate", "{}").http_status == 404);
    CHECK(fx.control("POST", "/_sim/scenarios/pay-risk-reject/activate", R"({"merchant":"NOBODY"})").http_status == 404);
    CHECK(fx.control("POST", "/_sim/scenarios/pay-risk-reject/activate", R"({"for":"-5s"})").http_status == 400);
    CHECK(fx.control("POST", "/_sim/scenarios/pay-risk-reject/activate", R"({"until":"2020-01-01T00:00:00Z"})").http_status == 400);
    CHECK(fx.control("POST", "/_sim/scenarios/pay-risk-reject/activate", R"({"colour":"red"})").http_status == 400);
    CHECK(fx.control("POST", "/_sim/scenarios/pay-risk-reject/activate", "[1]").http_status == 400);
  }
}

TEST_CASE("precedence: header over directive over amount over merchant over global; reset clears activations") {
  SimFixture fx;
  const std::string token = mint_token(fx);
  REQUIRE(fx.control("POST", "/_sim/scenarios/pay-errors/activate", R"({"arg":"SYSTEM_ERROR"})").http_status == 200);
  REQUIRE(fx.control("POST", "/_sim/scenarios/pay-errors/activate",
                     R"({"merchant":")" + fx.demo_client_id() + R"(","arg":"PROCESS_FAIL"})")
              .http_status == 200);
  CHECK(fx.call(kPay, pay_body("p-1", token)).code() == "PROCESS_FAIL");
  CHECK(fx.call(kPay, pay_body("p-2", token, "40059")).code() == "RISK_REJECT");
  CHECK(fx.call(kPay, pay_body("p-3-sim:pay-errors/USER_NOT_EXIST", token, "40059")).code() == "USER_NOT_EXIST");
  CHECK(fx.call(kPay, pay_body("p-4-sim:pay-errors/USER_NOT_EXIST", token, "40059"), with_header("pay-errors/ORDER_IS_CLOSED"))
            .code() == "ORDER_IS_CLOSED");
  REQUIRE(fx.control("POST", "/_sim/scenarios/deactivate", R"({"merchant":")" + fx.demo_client_id() + R"("})").http_status == 200);
  CHECK(fx.call(kPay, pay_body("p-5", token)).code() == "SYSTEM_ERROR");
  REQUIRE(fx.control("POST", "/_sim/reset").http_status == 200);
  CHECK(fx.control("GET", "/_sim/scenarios/active").json["active"].Size() == 0);
}

TEST_CASE("attempt counter end to end: the first two tries are U, the third succeeds with the same id") {
  SimFixture fx;
  const std::string token = mint_token(fx);
  const std::string body = pay_body("retry-1", token, "40103");
  CHECK(fx.call(kPay, body).code() == "UNKNOWN_EXCEPTION");
  CHECK(fx.call(kPay, body).code() == "UNKNOWN_EXCEPTION");
  auto third = fx.call(kPay, body);
  CHECK(third.code() == "SUCCESS");
  CHECK(fx.call(kPay, body).text("paymentId") == third.text("paymentId"));  // idempotent from here on
}

TEST_CASE("determinism: the same seed and requests give the same outcomes") {
  auto run = [](std::uint64_t seed) {
    antom::test::FixtureOptions o;
    o.seed = seed;
    SimFixture fx(o);
    const std::string token = mint_token(fx);
    std::string outcomes;
    REQUIRE(fx.control("POST", "/_sim/scenarios/pay-traffic-limit-flaky/activate", "{}").http_status == 200);
    for (int i = 0; i < 24; ++i) {
      const std::string id = "det-" + std::to_string(i);
      CallOptions o;
      if (i % 2) o.headers = {{"x-sim-scenario", "pay-traffic-limit-flaky"}};
      auto r = fx.call(kPay, pay_body(id, token), o);
      outcomes += r.body + "\n";  // whole bodies: the clock is frozen, so times match too
    }
    return outcomes;
  };
  const std::string a = run(7);
  CHECK(a == run(7));
  CHECK(a.find("REQUEST_TRAFFIC_EXCEED_LIMIT") != std::string::npos);
  CHECK(a.find("SUCCESS") != std::string::npos);
}
