// Issue #15, magic amounts: transport faults never come from an amount alone; magic amounts can be
// switched off globally (--magic-amounts) and per merchant (/_sim/merchants, --config); every
// answer a scenario shaped names it in x-sim-scenario-applied (and how: x-sim-scenario-via).
#include <doctest/doctest.h>

#include "server/merchant_config.hpp"
#include "server/options.hpp"
#include "tests/e2e/payment_support.hpp"

using namespace antom::test;
using namespace antom::test::pay;

namespace {
std::string header(const ApiResult& r, const char* name) {
  const std::string* v = antom::server::find_header(r.headers, name);
  return v ? *v : std::string("<absent>");
}
}  // namespace

TEST_CASE("403.00, 403.01 and 403.02 in any currency are ordinary payments: no reset, no stall") {
  SimFixture fx;
  const Token t = mint(fx);
  for (const char* value : {"40300", "40301", "40302"}) {
    CAPTURE(value);
    auto r = fx.call(kPay, pay_body(std::string("MG-") + value, t.access_token, value));
    CHECK(r.error.empty());
    CHECK(r.signature_ok);
    CHECK(r.code() == "SUCCESS");
    CHECK(header(r, "x-sim-scenario-applied") == "<absent>");
  }
  // A refund of those amounts neither.
  auto paid = fx.call(kPay, pay_body("MG-R", t.access_token, "100000"));
  REQUIRE(paid.code() == "SUCCESS");
  auto refund = fx.call(kRefund, refund_body("MG-RR", paid.text("paymentId"), "40300"));
  CHECK(refund.error.empty());
  CHECK(refund.code() == "SUCCESS");
  // The fault is still there when asked for explicitly.
  auto reset = fx.call(kPay, pay_body("MG-X", t.access_token, "10000"), with_scenario("http-reset-after-commit"));
  CHECK_FALSE(reset.error.empty());
  CHECK(fx.call(kInquiry, by_request_id("MG-X")).text("paymentStatus") == "SUCCESS");
}

TEST_CASE("a scenario-shaped answer names the scenario and how it was selected") {
  SimFixture fx;
  const Token t = mint(fx);
  auto by_amount = fx.call(kPay, pay_body("MG-A1", t.access_token, "40051"));
  CHECK(by_amount.code() == "USER_BALANCE_NOT_ENOUGH");
  CHECK(by_amount.signature_ok);
  CHECK(header(by_amount, "x-sim-scenario-applied") == "pay-balance-not-enough");
  CHECK(header(by_amount, "x-sim-scenario-via") == "amount");
  auto by_header = fx.call(kPay, pay_body("MG-A2", t.access_token, "10000"), with_scenario("pay-risk-reject"));
  CHECK(by_header.code() == "RISK_REJECT");
  CHECK(header(by_header, "x-sim-scenario-applied") == "pay-risk-reject");
  CHECK(header(by_header, "x-sim-scenario-via") == "header");
  auto by_directive = fx.call(kPay, pay_body("sim:pay-risk-reject", t.access_token, "10000"));
  CHECK(by_directive.code() == "RISK_REJECT");
  CHECK(header(by_directive, "x-sim-scenario-via") == "directive");
  const std::string who = R"({"merchant":")" + fx.demo_client_id() + "\"}";
  REQUIRE(fx.control("POST", "/_sim/scenarios/pay-user-amount-limit/activate", who).http_status < 300);
  auto by_merchant = fx.call(kPay, pay_body("MG-A4", t.access_token, "10000"));
  CHECK(by_merchant.code() == "USER_AMOUNT_EXCEED_LIMIT");
  CHECK(header(by_merchant, "x-sim-scenario-via") == "merchant");
  REQUIRE(fx.control("POST", "/_sim/scenarios/deactivate", who).http_status < 300);
  // Unshaped answers carry neither header.
  auto plain = fx.call(kPay, pay_body("MG-A5", t.access_token, "10000"));
  CHECK(plain.code() == "SUCCESS");
  CHECK(header(plain, "x-sim-scenario-applied") == "<absent>");
  CHECK(header(plain, "x-sim-scenario-via") == "<absent>");
  // A name that would break the PHP SDK's response check is masked; the answer still verifies.
  auto masked = fx.call(kPay, pay_body("MG-A6", t.access_token, "10000"), with_scenario("notify-bad-signature"));
  CHECK(masked.signature_ok);
  CHECK(header(masked, "x-sim-scenario-applied") == "notify-bad-s*gnature");
}

TEST_CASE("magic amounts off per merchant through /_sim/merchants, and back to the global setting") {
  SimFixture fx;
  const Token t = mint(fx);
  const std::string demo = fx.demo_client_id();
  auto off = fx.control("POST", "/_sim/merchants", R"({"clientId":")" + demo + R"(","magicAmounts":false})");
  REQUIRE(off.http_status == 200);
  CHECK(off.json["magicAmounts"].IsBool());
  CHECK_FALSE(off.json["magicAmounts"].GetBool());
  auto r = fx.call(kPay, pay_body("MG-M1", t.access_token, "40051"));
  CHECK(r.code() == "SUCCESS");
  CHECK(header(r, "x-sim-scenario-applied") == "<absent>");
  // Explicit activations still work with magic amounts off.
  CHECK(fx.call(kPay, pay_body("MG-M2", t.access_token, "40051"), with_scenario("pay-balance-not-enough")).code() ==
        "USER_BALANCE_NOT_ENOUGH");
  CHECK(fx.control("POST", "/_sim/merchants", R"({"clientId":")" + demo + R"(","magicAmounts":"no"})").http_status == 400);
  auto back = fx.control("POST", "/_sim/merchants", R"({"clientId":")" + demo + R"(","magicAmounts":null})");
  REQUIRE(back.http_status == 200);
  CHECK(back.json["magicAmounts"].IsNull());
  CHECK(fx.call(kPay, pay_body("MG-M3", t.access_token, "40051")).code() == "USER_BALANCE_NOT_ENOUGH");
}

TEST_CASE("magic amounts off globally; a merchant may turn them back on") {
  SimFixture fx;
  fx.app().options.magic_amounts = false;  // as --magic-amounts off; set before any request
  const Token t = mint(fx);
  CHECK(fx.call(kPay, pay_body("MG-G1", t.access_token, "40051")).code() == "SUCCESS");
  REQUIRE(fx.control("POST", "/_sim/merchants", R"({"clientId":")" + fx.demo_client_id() + R"(","magicAmounts":true})")
              .http_status == 200);
  CHECK(fx.call(kPay, pay_body("MG-G2", t.access_token, "40051")).code() == "USER_BALANCE_NOT_ENOUGH");
}

TEST_CASE("a scenario cannot put a transport fault behind a magic amount") {
  SimFixture fx;
  const std::string bad = R"({"name":"my-reset","description":"reset on an amount, which is refused",)"
                          R"("magic":{"amounts":["77700"]},)"
                          R"("rules":[{"name":"r","match":{"operation":"pay"},"effect":{"http_fault":"RESET_AFTER_COMMIT"}}],)"
                          R"("expect":[]})";
  auto put = fx.control("PUT", "/_sim/scenarios/my-reset", bad);
  CHECK(put.http_status == 400);
  CHECK(put.body.find("transport fault") != std::string::npos);
  CHECK(put.body.find("http_fault") != std::string::npos);
  // Without the magic amount the same scenario loads.
  std::string ok = bad;
  ok.replace(ok.find(R"("magic":{"amounts":["77700"]},)"), std::string(R"("magic":{"amounts":["77700"]},)").size(), "");
  CHECK(fx.control("PUT", "/_sim/scenarios/my-reset", ok).http_status == 201);
}

TEST_CASE("--magic-amounts and the merchant's magicAmounts in --config") {
  std::vector<const char*> argv{"antom-sim", "--magic-amounts", "off"};
  auto p = antom::server::parse_options(static_cast<int>(argv.size()), argv.data());
  REQUIRE(p.error.empty());
  CHECK_FALSE(p.options.magic_amounts);
  std::vector<const char*> bad{"antom-sim", "--magic-amounts=maybe"};
  CHECK(antom::server::parse_options(static_cast<int>(bad.size()), bad.data()).error.find("--magic-amounts") !=
        std::string::npos);
  std::vector<const char*> none{"antom-sim"};
  CHECK(antom::server::parse_options(1, none.data()).options.magic_amounts);

  antom::server::Merchant m;
  rapidjson::Document wrong;
  wrong.Parse(R"({"clientId":"CFG-1","magicAmounts":1})");
  CHECK(antom::server::merchant_from_json(wrong, m).reason().find("magicAmounts") != std::string::npos);
  rapidjson::Document off;
  off.Parse(R"({"clientId":"CFG-1","magicAmounts":false})");
  (void)antom::server::merchant_from_json(off, m);  // fails later for the missing key; the setting is read
  REQUIRE(m.magic_amounts.has_value());
  CHECK_FALSE(*m.magic_amounts);
  CHECK(antom::server::merchant_to_json(m).find("\"magicAmounts\":false") != std::string::npos);
}
