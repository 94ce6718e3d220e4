// Issue #15, payment answers as Antom documents them, through signed requests and signed
// notifications: fields present by status (paymentTime, pspCustomerInfo), pspCustomerInfo's ids,
// and customsDeclarationAmount for a successful Alipay (China) payment.
#include <doctest/doctest.h>

#include "tests/e2e/payment_support.hpp"

using namespace antom::test;
using namespace antom::test::pay;
using namespace std::chrono_literals;

namespace {
bool has(const antom::state::Fields& f, const char* name) { return antom::state::find(f, name) != nullptr; }
}  // namespace

TEST_CASE("paymentTime and pspCustomerInfo only for a successful payment, in answers and notifications") {
  SimFixture fx;
  const Token t = mint(fx);
  // FAIL: the answer, the inquiry and notifyPayment carry no paymentTime.
  auto failed = fx.call(kPay, pay_body("FP-1", t.access_token, "10000"), with_scenario("pay-balance-not-enough"));
  REQUIRE(failed.code() == "USER_BALANCE_NOT_ENOUGH");
  CHECK(failed.signature_ok);
  CHECK_FALSE(failed.json.HasMember("paymentTime"));
  auto inq = fx.call(kInquiry, by_request_id("FP-1"));
  CHECK(inq.text("paymentStatus") == "FAIL");
  CHECK_FALSE(inq.json.HasMember("paymentTime"));
  CHECK_FALSE(inq.json.HasMember("pspCustomerInfo"));
  auto results = notices(fx, "PAYMENT_RESULT");
  REQUIRE(results.size() == 1);
  CHECK_FALSE(has(results[0].payload, "paymentTime"));
  CHECK_FALSE(has(results[0].payload, "pspCustomerInfo"));
  CHECK(has(results[0].payload, "paymentCreateTime"));

  // PENDING: PAYMENT_PENDING carries no paymentTime (it used to carry the epoch); the final one does.
  auto pending = fx.call(kPay, pay_body("FP-2", t.access_token, "10000"), with_scenario("pay-pending-then-success"));
  REQUIRE(pending.code() == "PAYMENT_IN_PROCESS");
  CHECK_FALSE(pending.json.HasMember("paymentTime"));
  auto pend = notices(fx, "PAYMENT_PENDING");
  REQUIRE(pend.size() == 1);
  CHECK_FALSE(has(pend[0].payload, "paymentTime"));
  CHECK_FALSE(has(pend[0].payload, "pspCustomerInfo"));
  fx.advance(1min);
  auto done = fx.call(kInquiry, by_request_id("FP-2"));
  REQUIRE(done.text("paymentStatus") == "SUCCESS");
  CHECK_FALSE(done.text("paymentTime").empty());
  results = notices(fx, "PAYMENT_RESULT");
  REQUIRE(results.size() == 2);
  CHECK(payload_text(results[1].payload, "paymentTime") == done.text("paymentTime"));

  // CANCELLED: no paymentTime either.
  auto ok = fx.call(kPay, pay_body("FP-3", t.access_token, "10000"));
  REQUIRE(ok.code() == "SUCCESS");
  REQUIRE(fx.call(kCancel, by_request_id("FP-3")).code() == "SUCCESS");
  auto cancelled = fx.call(kInquiry, by_request_id("FP-3"));
  CHECK(cancelled.text("paymentStatus") == "CANCELLED");
  CHECK_FALSE(cancelled.json.HasMember("paymentTime"));
}

TEST_CASE("pspCustomerInfo carries pspCustomerId and displayCustomerId, as applyToken gave them") {
  SimFixture fx;
  const Token t = mint(fx);
  auto r = fx.call(kPay, pay_body("FP-10", t.access_token, "10000"));
  REQUIRE(r.code() == "SUCCESS");
  CHECK(r.text("pspCustomerInfo.pspName") == "GCASH");
  CHECK(r.text("pspCustomerInfo.pspCustomerId") == t.buyer_id);
  const std::string display = r.text("pspCustomerInfo.displayCustomerId");
  CHECK_FALSE(display.empty());
  auto inq = fx.call(kInquiry, by_request_id("FP-10"));
  CHECK(inq.text("pspCustomerInfo.pspCustomerId") == t.buyer_id);
  CHECK(inq.text("pspCustomerInfo.displayCustomerId") == display);
  const auto sent = notices(fx, "PAYMENT_RESULT");
  REQUIRE(sent.size() == 1);
  const auto* psp = antom::state::find(sent[0].payload, "pspCustomerInfo");
  REQUIRE(psp);
  const auto& fields = std::get<antom::state::Fields>(psp->value);
  CHECK(payload_text(fields, "pspCustomerId") == t.buyer_id);
  CHECK(payload_text(fields, "displayCustomerId") == display);
}

TEST_CASE("customsDeclarationAmount for a successful Alipay (China) payment, not for other wallets or failures") {
  SimFixture fx;
  const Token cn = mint(fx, "ALIPAY_CN");
  auto paid = fx.call(kPay, pay_body("FP-20", cn.access_token, "12345", "CNY", "ALIPAY_CN"));
  REQUIRE(paid.code() == "SUCCESS");
  auto inq = fx.call(kInquiry, by_request_id("FP-20"));
  CHECK(inq.text("customsDeclarationAmount.value") == "12345");
  CHECK(inq.text("customsDeclarationAmount.currency") == "CNY");
  const auto sent = notices(fx, "PAYMENT_RESULT");
  REQUIRE(sent.size() == 1);
  CHECK(has(sent[0].payload, "customsDeclarationAmount"));
  // needDeclaration on another wallet changes nothing.
  const Token gcash = mint(fx);
  std::string flagged = pay_body("FP-21", gcash.access_token, "10000");
  flagged.replace(flagged.find("\"orderDescription\""), 0, R"("needDeclaration":true,)");
  REQUIRE(fx.call(kPay, flagged).code() == "SUCCESS");
  CHECK_FALSE(fx.call(kInquiry, by_request_id("FP-21")).json.HasMember("customsDeclarationAmount"));
  // A failed Alipay (China) payment has none.
  REQUIRE(fx.call(kPay, pay_body("FP-22", cn.access_token, "10000", "CNY", "ALIPAY_CN"), with_scenario("pay-risk-reject"))
              .code() == "RISK_REJECT");
  CHECK_FALSE(fx.call(kInquiry, by_request_id("FP-22")).json.HasMember("customsDeclarationAmount"));
}
