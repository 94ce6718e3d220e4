// refund and inquiryRefund through signed requests: partial and repeated refunds up to the paid
// amount and one minor unit over, idempotency, every refusal code, the refund window, the
// PROCESSING path, notifyRefund and the buyer's balance.
#include <doctest/doctest.h>

#include "tests/e2e/payment_support.hpp"

using namespace antom::test;
using namespace antom::test::pay;
using namespace std::chrono_literals;

namespace {
std::string paid(SimFixture& fx, const Token& t, const std::string& request_id, const std::string& value) {
  auto r = fx.call(kPay, pay_body(request_id, t.access_token, value));
  REQUIRE(r.code() == "SUCCESS");
  return r.text("paymentId");
}
}  // namespace

TEST_CASE("partial refunds up to the paid amount; one minor unit over is REFUND_AMOUNT_EXCEED") {
  SimFixture fx;
  const Token t = mint(fx);
  const std::string id = paid(fx, t, "RP-1", "10000");
  const std::string after_pay = balance(fx, t.buyer_id, "PHP");
  auto r1 = fx.call(kRefund, refund_body("RR-1", id, "3000", "PHP", R"(,"refundNotifyUrl":"https://m.example/refund")"));
  CHECK(r1.signature_ok);
  CHECK(r1.code() == "SUCCESS");
  CHECK(r1.text("refundRequestId") == "RR-1");
  CHECK(r1.text("paymentId") == id);
  CHECK(r1.text("refundId").size() == 30);
  CHECK(r1.text("refundAmount.value") == "3000");
  CHECK(r1.text("refundTime") == "2026-03-01T10:00:00+08:00");
  auto r2 = fx.call(kRefund, refund_body("RR-2", id, "6900"));
  CHECK(r2.code() == "SUCCESS");
  auto over = fx.call(kRefund, refund_body("RR-3", id, "101"));  // one minor unit over the rest
  CHECK(over.code() == "REFUND_AMOUNT_EXCEED");
  CHECK(over.status() == "F");
  CHECK(fx.call(kRefund, refund_body("RR-4", id, "100")).code() == "SUCCESS");  // exactly the rest
  CHECK(fx.call(kRefund, refund_body("RR-5", id, "100")).code() == "REFUND_AMOUNT_EXCEED");
  CHECK(std::stoll(balance(fx, t.buyer_id, "PHP")) == std::stoll(after_pay) + 10000);

  const auto sent = notices(fx, "REFUND_RESULT");
  REQUIRE(sent.size() == 3);
  CHECK(sent[0].url == "https://m.example/refund");
  CHECK(sent[1].url.empty());  // the merchant's default URL
  CHECK(payload_text(sent[0].payload, "refundStatus") == "SUCCESS");
  CHECK(payload_text(sent[0].payload, "refundId") == r1.text("refundId"));

  auto inq = fx.call(kInquiry, by_payment_id(id));
  REQUIRE(inq.json.HasMember("transactions"));
  CHECK(inq.json["transactions"].Size() == 3);
  CHECK(std::string(inq.json["transactions"][0]["transactionType"].GetString()) == "REFUND");
  CHECK(std::string(inq.json["transactions"][0]["transactionRequestId"].GetString()) == "RR-1");
  CHECK(fx.control("GET", "/_sim/refunds?paymentId=" + id).json["total"].GetInt() == 3);
}

TEST_CASE("refund idempotency on refundRequestId") {
  SimFixture fx;
  const Token t = mint(fx);
  const std::string id = paid(fx, t, "RI-1", "10000");
  auto first = fx.call(kRefund, refund_body("RI-R1", id, "4000"));
  REQUIRE(first.code() == "SUCCESS");
  fx.advance(1min);
  auto again = fx.call(kRefund, refund_body("RI-R1", id, "4000"));
  CHECK(again.code() == "SUCCESS");
  CHECK(again.text("refundId") == first.text("refundId"));
  CHECK(again.text("refundTime") == first.text("refundTime"));
  CHECK(fx.call(kRefund, refund_body("RI-R1", id, "4001")).code() == "REPEAT_REQ_INCONSISTENT");
  const std::string other = paid(fx, t, "RI-2", "10000");
  CHECK(fx.call(kRefund, refund_body("RI-R1", other, "4000")).code() == "REPEAT_REQ_INCONSISTENT");
  CHECK(fx.control("GET", "/_sim/refunds").json["total"].GetInt() == 1);
  CHECK(notices(fx, "REFUND_RESULT").size() == 1);
}

TEST_CASE("refund refusals") {
  SimFixture fx;
  const Token t = mint(fx);
  const std::string id = paid(fx, t, "RF-1", "10000");
  CHECK(fx.call(kRefund, refund_body("RF-R1", "20260301194000000000000000000", "100")).code() == "ORDER_NOT_EXIST");
  CHECK(fx.call(kRefund, refund_body("RF-R2", id, "100", "USD")).code() == "CURRENCY_NOT_SUPPORT");
  CHECK(fx.call(kRefund, refund_body("RF-R3", id, "99")).code() == "REFUND_AMOUNT_EXCEED");  // GCash minimum 1 PHP
  CHECK(fx.call(kRefund, refund_body("RF-R4", id, "-5")).code() == "PARAM_ILLEGAL");
  CHECK(fx.call(kRefund, R"({"refundRequestId":"RF-R5","paymentId":")" + id + R"("})").code() == "PARAM_ILLEGAL");

  fx.control("POST", "/_sim/buyers/" + t.buyer_id, R"({"balance":"0"})");
  auto failed = fx.call(kPay, pay_body("RF-2", t.access_token, "10000"));
  REQUIRE(failed.code() == "USER_BALANCE_NOT_ENOUGH");
  const std::string failed_id = fx.call(kInquiry, by_request_id("RF-2")).text("paymentId");
  CHECK(fx.call(kRefund, refund_body("RF-R6", failed_id, "100")).code() == "ORDER_STATUS_INVALID");

  fx.control("POST", "/_sim/buyers/" + t.buyer_id, R"({"balance":"100000"})");
  const std::string cancelled = paid(fx, t, "RF-3", "10000");
  REQUIRE(fx.call(kCancel, by_payment_id(cancelled)).code() == "SUCCESS");
  CHECK(fx.call(kRefund, refund_body("RF-R7", cancelled, "100")).code() == "ORDER_STATUS_INVALID");

  // GCash refunds for 365 days after the payment
  fx.advance(24h * 365);
  CHECK(fx.call(kRefund, refund_body("RF-R8", id, "100")).code() == "SUCCESS");
  fx.advance(1s);
  CHECK(fx.call(kRefund, refund_body("RF-R9", id, "100")).code() == "REFUND_WINDOW_EXCEED");
  // refusals are not recorded
  CHECK(fx.call(kInquiryRefund, R"({"refundRequestId":"RF-R9"})").code() == "REFUND_NOT_EXIST");
}

TEST_CASE("a PROCESSING refund holds its amount and completes later with notifyRefund") {
  SimFixture fx;
  const Token t = mint(fx);
  const std::string id = paid(fx, t, "RS-1", "10000");
  const CallOptions scenario = with_scenario("refund-processing-then-success");
  auto r = fx.call(kRefund, refund_body("RS-R1", id, "6000"), scenario);
  CHECK(r.code() == "REFUND_IN_PROCESS");
  CHECK(r.status() == "U");
  CHECK(r.text("refundTime").empty());
  const std::string refund_id = r.text("refundId");
  CHECK(fx.call(kRefund, refund_body("RS-R2", id, "4001")).code() == "REFUND_AMOUNT_EXCEED");  // held
  auto inq = fx.call(kInquiryRefund, R"({"refundRequestId":"RS-R1"})");
  CHECK(inq.code() == "SUCCESS");
  CHECK(inq.text("refundStatus") == "PROCESSING");
  CHECK(notices(fx, "REFUND_RESULT").empty());
  fx.advance(5s);
  auto done = fx.call(kInquiryRefund, R"({"refundId":")" + refund_id + R"("})");
  CHECK(done.text("refundStatus") == "SUCCESS");
  CHECK(done.text("refundTime") == "2026-03-01T10:00:05+08:00");
  CHECK(done.text("refundAmount.value") == "6000");
  CHECK(done.text("refundRequestId") == "RS-R1");
  REQUIRE(notices(fx, "REFUND_RESULT").size() == 1);

  const CallOptions failing = with_scenario("refund-processing-then-fail");
  auto f = fx.call(kRefund, refund_body("RS-R3", id, "4000"), failing);
  REQUIRE(f.code() == "REFUND_IN_PROCESS");
  fx.advance(1min);
  CHECK(fx.call(kInquiryRefund, R"({"refundRequestId":"RS-R3"})").text("refundStatus") == "FAIL");
  CHECK(fx.call(kRefund, refund_body("RS-R4", id, "4000")).code() == "SUCCESS");  // released again
  CHECK(fx.call(kInquiryRefund, R"({"refundId":"nope","refundRequestId":"RS-R1"})").code() == "REFUND_NOT_EXIST");
  CHECK(fx.call(kInquiryRefund, "{}").code() == "PARAM_ILLEGAL");
}
