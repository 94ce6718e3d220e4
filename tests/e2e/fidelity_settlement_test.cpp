// Issue #15 item 14, settlement in another currency through signed requests and notifications:
// a merchant's contract (settlementCurrencies) or settlementStrategy.settlementCurrency gives
// grossSettlementAmount and settlementQuote on pay, inquiryPayment, notifyPayment, refund,
// inquiryRefund and notifyRefund, at the rates of /_sim/fx on the virtual clock, rounded half up to
// the settlement currency's minor units.
#include <doctest/doctest.h>

#include "tests/e2e/payment_support.hpp"

using namespace antom::test;
using namespace antom::test::pay;
using namespace std::chrono_literals;

namespace {
void contract(SimFixture& fx, const std::string& currencies) {
  auto r = fx.control("POST", "/_sim/merchants",
                      R"({"clientId":")" + fx.demo_client_id() + R"(","settlementCurrencies":)" + currencies + "}");
  REQUIRE(r.http_status == 200);
}
std::string nested(const antom::state::Fields& f, const char* object, const char* name) {
  const auto* v = antom::state::find(f, object);
  if (v == nullptr) return {};
  return payload_text(std::get<antom::state::Fields>(v->value), name);
}
}  // namespace

TEST_CASE("a merchant settling in USD gets grossSettlementAmount and settlementQuote on every payment answer") {
  SimFixture fx;
  contract(fx, R"(["USD"])");
  const Token t = mint(fx);
  auto r = fx.call(kPay, pay_body("ST-1", t.access_token, "29900"));  // PHP 299.00 at 58 PHP per USD
  REQUIRE(r.code() == "SUCCESS");
  CHECK(r.signature_ok);
  CHECK(r.text("grossSettlementAmount.currency") == "USD");
  CHECK(r.text("grossSettlementAmount.value") == "516");  // 299 x 0.01724138 = 5.155 -> 5.16
  CHECK(r.text("settlementQuote.quoteCurrencyPair") == "PHP/USD");
  CHECK(r.text("settlementQuote.quotePrice") == "0.01724138");
  CHECK(r.text("settlementQuote.quoteStartTime") == "2026-03-01T10:00:00+08:00");
  CHECK(r.text("settlementQuote.quoteExpiryTime") == "2026-03-02T10:00:00+08:00");
  const std::string quote_id = r.text("settlementQuote.quoteId");
  CHECK_FALSE(quote_id.empty());
  auto inq = fx.call(kInquiry, by_request_id("ST-1"));
  CHECK(inq.text("grossSettlementAmount.value") == "516");
  CHECK(inq.text("settlementQuote.quoteId") == quote_id);
  const auto sent = notices(fx, "PAYMENT_RESULT");
  REQUIRE(sent.size() == 1);
  CHECK(nested(sent[0].payload, "grossSettlementAmount", "value") == "516");
  CHECK(nested(sent[0].payload, "settlementQuote", "quotePrice") == "0.01724138");

  // The refund settles at the rate of its own time; the payment keeps its quote.
  auto rate = fx.control("POST", "/_sim/fx", R"({"rates":{"PHP":"50"}})");
  REQUIRE(rate.http_status == 200);
  CHECK(std::string(rate.json["rates"]["PHP"].GetString()) == "50");
  fx.advance(1h);
  auto refund = fx.call(kRefund, refund_body("ST-R1", r.text("paymentId"), "10000"));
  REQUIRE(refund.code() == "SUCCESS");
  CHECK(refund.text("grossSettlementAmount.value") == "200");  // 100 PHP at 50 per USD
  CHECK(refund.text("settlementQuote.quotePrice") == "0.02");
  CHECK(refund.text("settlementQuote.quoteCurrencyPair") == "PHP/USD");
  auto inq_refund = fx.call(kInquiryRefund, R"({"refundRequestId":"ST-R1"})");
  CHECK(inq_refund.text("grossSettlementAmount.value") == "200");
  const auto refunds = notices(fx, "REFUND_RESULT");
  REQUIRE(refunds.size() == 1);
  CHECK(nested(refunds[0].payload, "grossSettlementAmount", "value") == "200");
  CHECK(fx.call(kInquiry, by_request_id("ST-1")).text("grossSettlementAmount.value") == "516");
}

TEST_CASE("settlementStrategy.settlementCurrency and the contract: choice, refusals, same currency, minor units") {
  SimFixture fx;
  const Token t = mint(fx);
  const std::string jpy = R"(,"settlementStrategy":{"settlementCurrency":"JPY"})";
  // No contract: the currency asked for; JPY has no decimals (299 / 58 x 150 = 773.28 -> 773).
  auto r = fx.call(kPay, pay_body("SS-1", t.access_token, "29900", "PHP", "GCASH", jpy));
  REQUIRE(r.code() == "SUCCESS");
  CHECK(r.text("grossSettlementAmount.value") == "773");
  CHECK(r.text("grossSettlementAmount.currency") == "JPY");
  CHECK(r.text("settlementQuote.quotePrice") == "2.5862069");
  // No contract and nothing asked: settled in PHP, no fields.
  auto plain = fx.call(kPay, pay_body("SS-2", t.access_token, "29900"));
  CHECK_FALSE(plain.json.HasMember("grossSettlementAmount"));
  CHECK_FALSE(plain.json.HasMember("settlementQuote"));
  // A contract of USD and SGD: one must be named; another is INVALID_CONTRACT.
  contract(fx, R"(["USD","SGD"])");
  auto none = fx.call(kPay, pay_body("SS-3", t.access_token, "29900"));
  CHECK(none.code() == "INVALID_CONTRACT");
  CHECK(none.message().find("settlementStrategy.settlementCurrency") != std::string::npos);
  CHECK(fx.call(kPay, pay_body("SS-4", t.access_token, "29900", "PHP", "GCASH", jpy)).code() == "INVALID_CONTRACT");
  auto sgd = fx.call(kPay, pay_body("SS-5", t.access_token, "29900", "PHP", "GCASH",
                                    R"(,"settlementStrategy":{"settlementCurrency":"SGD"})"));
  REQUIRE(sgd.code() == "SUCCESS");
  CHECK(sgd.text("grossSettlementAmount.value") == "670");  // 299 / 58 x 1.3 = 6.7017 -> 6.70
  // Settling in the payment's own currency: no fields.
  contract(fx, R"(["USD"])");
  const Token g = mint(fx, "GRABPAY_SG");
  REQUIRE(fx.control("PATCH", "/_sim/wallets/GRABPAY_SG", R"({"currencies":["SGD","USD"]})").http_status == 200);
  auto usd = fx.call(kPay, pay_body("SS-6", g.access_token, "1000", "USD", "GRABPAY_SG"));
  REQUIRE(usd.code() == "SUCCESS");
  CHECK_FALSE(usd.json.HasMember("grossSettlementAmount"));
  // A failed payment carries none.
  REQUIRE(fx.call(kPay, pay_body("SS-7", t.access_token, "29900"), with_scenario("pay-risk-reject")).code() == "RISK_REJECT");
  CHECK_FALSE(fx.call(kInquiry, by_request_id("SS-7")).json.HasMember("grossSettlementAmount"));
}

TEST_CASE("/_sim/fx: defaults, changes from a virtual time, refusals, reset; the contract in /_sim/merchants") {
  SimFixture fx;
  auto table = fx.control("GET", "/_sim/fx");
  REQUIRE(table.http_status == 200);
  CHECK(std::string(table.json["base"].GetString()) == "USD");
  CHECK(std::string(table.json["rates"]["USD"].GetString()) == "1");
  CHECK(std::string(table.json["rates"]["PHP"].GetString()) == "58");
  CHECK(std::string(table.json["rates"]["CNY"].GetString()) == "7.2");
  CHECK(fx.control("POST", "/_sim/fx", R"({"rates":{"PHP":"-1"}})").http_status == 400);
  CHECK(fx.control("POST", "/_sim/fx", R"({"rates":{"XXX":"1"}})").http_status == 400);
  CHECK(fx.control("POST", "/_sim/fx", R"({"rates":{"USD":"2"}})").http_status == 400);
  CHECK(fx.control("POST", "/_sim/fx", R"({"rates":{"PHP":"1.1234567"}})").http_status == 400);
  CHECK(fx.control("POST", "/_sim/fx", R"({"rates":{}})").http_status == 400);
  CHECK(fx.control("POST", "/_sim/fx", R"({"rates":{"PHP":"60"},"from":"tomorrow"})").http_status == 400);
  // A change from a later virtual time leaves the rate of now alone until then.
  REQUIRE(fx.control("POST", "/_sim/fx", R"({"rates":{"PHP":"60.5"},"from":"2026-03-01T11:00:00+08:00"})").http_status == 200);
  CHECK(std::string(fx.control("GET", "/_sim/fx").json["rates"]["PHP"].GetString()) == "58");
  fx.advance(1h);
  CHECK(std::string(fx.control("GET", "/_sim/fx").json["rates"]["PHP"].GetString()) == "60.5");
  REQUIRE(fx.control("POST", "/_sim/fx/reset").http_status == 200);
  CHECK(std::string(fx.control("GET", "/_sim/fx").json["rates"]["PHP"].GetString()) == "58");
  // The contract is part of the merchant.
  auto m = fx.control("POST", "/_sim/merchants", R"({"clientId":")" + fx.demo_client_id() + R"(","settlementCurrencies":["USD"]})");
  REQUIRE(m.http_status == 200);
  CHECK(std::string(m.json["settlementCurrencies"][0].GetString()) == "USD");
  CHECK(fx.control("POST", "/_sim/merchants", R"({"clientId":")" + fx.demo_client_id() + R"(","settlementCurrencies":["usd"]})")
            .http_status == 400);
}

TEST_CASE("a delayed refund settles at the rate of its success time, in the API and in the files") {
  SimFixture fx;  // 2026-03-01T10:00:00+08:00, frozen; 58 PHP per USD
  contract(fx, R"(["USD"])");
  const Token t = mint(fx);
  auto r = fx.call(kPay, pay_body("SD-1", t.access_token, "29900"));
  REQUIRE(r.code() == "SUCCESS");
  // Asked at 58 PHP per USD; succeeds 5 s later, after the rate moved to 50.
  auto asked = fx.call(kRefund, refund_body("SD-R1", r.text("paymentId"), "10000"), with_scenario("refund-processing-then-success"));
  REQUIRE(asked.code() == "REFUND_IN_PROCESS");
  REQUIRE(fx.control("POST", "/_sim/fx", R"({"rates":{"PHP":"50"},"from":"2026-03-01T10:00:02+08:00"})").http_status == 200);
  fx.advance(5s);
  auto inq = fx.call(kInquiryRefund, R"({"refundRequestId":"SD-R1"})");
  REQUIRE(inq.text("refundStatus") == "SUCCESS");
  CHECK(inq.text("grossSettlementAmount.value") == "200");  // 100 PHP at 50 per USD, not 172 at 58
  CHECK(inq.text("settlementQuote.quotePrice") == "0.02");
  const auto sent = notices(fx, "REFUND_RESULT");
  REQUIRE(sent.size() == 1);
  CHECK(nested(sent[0].payload, "grossSettlementAmount", "value") == "200");
  // The settlement file's REFUND line agrees with the API.
  fx.advance(14h);
  auto list = fx.control("GET", "/_sim/reports?kind=settlementItems");
  REQUIRE(list.json["files"].Size() == 1);
  auto details = fx.control("GET", std::string("/_sim/reports/file?path=") + list.json["files"][0]["path"].GetString());
  CHECK(details.body.find(",REFUND,") != std::string::npos);
  CHECK(details.body.find(",-10000,PHP,-200,USD,PHP/USD,0.02,") != std::string::npos);
}
