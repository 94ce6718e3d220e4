// pay, inquiryPayment and cancel through signed requests on real sockets: success fields, every
// result code that state produces, idempotency (also under concurrency), PROCESSING and expiry,
// the cancel window at its edges, and merchant isolation.
#include <doctest/doctest.h>

#include <set>
#include <thread>

#include "tests/e2e/payment_support.hpp"

using namespace antom::test;
using namespace antom::test::pay;
using namespace std::chrono_literals;

TEST_CASE("pay succeeds with the reference's fields, debits the buyer and queues notifyPayment") {
  SimFixture fx;
  const Token t = mint(fx);
  REQUIRE_FALSE(t.access_token.empty());
  const std::string before = balance(fx, t.buyer_id, "PHP");
  auto r = fx.call(kPay, pay_body("PRQ-1", t.access_token, "29900", "PHP", "GCASH",
                                  R"(,"paymentNotifyUrl":"https://merchant.example/notify")"));
  CHECK(r.signature_ok);
  CHECK(r.code() == "SUCCESS");
  CHECK(r.status() == "S");
  CHECK(r.text("paymentRequestId") == "PRQ-1");
  CHECK(r.text("paymentId").size() == 30);
  CHECK(r.text("paymentAmount.value") == "29900");
  CHECK(r.text("paymentAmount.currency") == "PHP");
  CHECK(r.text("paymentCreateTime") == "2026-03-01T10:00:00+08:00");
  CHECK(r.text("paymentTime") == "2026-03-01T10:00:00+08:00");
  CHECK(r.text("pspCustomerInfo.pspName") == "GCASH");
  CHECK(std::stoll(balance(fx, t.buyer_id, "PHP")) == std::stoll(before) - 29900);

  const auto sent = notices(fx, "PAYMENT_RESULT");
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].url == "https://merchant.example/notify");
  CHECK(sent[0].subject_id == r.text("paymentId"));
  CHECK(payload_text(sent[0].payload, "paymentRequestId") == "PRQ-1");
  CHECK(payload_text(sent[0].payload, "notifyType") == "PAYMENT_RESULT");

  auto list = fx.control("GET", "/_sim/payments?paymentRequestId=PRQ-1");
  REQUIRE(list.http_status == 200);
  REQUIRE(list.json["payments"].Size() == 1);
  CHECK(std::string(list.json["payments"][0]["paymentStatus"].GetString()) == "SUCCESS");
  CHECK(std::string(list.json["payments"][0]["buyerId"].GetString()) == t.buyer_id);
}

TEST_CASE("escaped strings in a request are decoded once: the answer, the record and idempotency see the text") {
  SimFixture fx;
  const Token t = mint(fx);
  // The body is parsed in place; every escape form must come out as its character.
  const std::string escaped = R"(PRQ-\u00e9\"\\\/\t\ud83d\ude00)";
  const std::string decoded = "PRQ-\xC3\xA9\"\\/\t\xF0\x9F\x98\x80";
  auto r = fx.call(kPay, pay_body(escaped, t.access_token, "100"));
  REQUIRE(r.code() == "SUCCESS");
  CHECK(r.signature_ok);
  CHECK(r.text("paymentRequestId") == decoded);
  const std::string payment_id = r.text("paymentId");
  // The same id spelled with other escapes is the same request.
  auto again = fx.call(kPay, pay_body(R"(PRQ-\u00E9\u0022\u005c/\u0009\uD83D\uDE00)", t.access_token, "100"));
  CHECK(again.code() == "SUCCESS");
  CHECK(again.text("paymentId") == payment_id);
  auto inquiry = fx.call(kInquiry, R"({"paymentRequestId":")" + escaped + R"("})");
  CHECK(inquiry.code() == "SUCCESS");
  CHECK(inquiry.text("paymentId") == payment_id);
  CHECK(inquiry.text("paymentRequestId") == decoded);
  // A body after it, with its own strings in the same per-thread buffer, does not disturb the record.
  CHECK(fx.call(kPay, pay_body("PRQ-other", t.access_token, "100")).code() == "SUCCESS");
  CHECK(fx.call(kInquiry, R"({"paymentId":")" + payment_id + R"("})").text("paymentRequestId") == decoded);
}

TEST_CASE("amounts given as JSON numbers are read like their strings") {
  SimFixture fx;
  const Token t = mint(fx);
  const std::string before = balance(fx, t.buyer_id, "PHP");
  std::string body = pay_body("PRQ-num", t.access_token, "12345");
  for (std::size_t at; (at = body.find(R"("value":"12345")")) != std::string::npos;) body.replace(at, 15, R"("value":12345)");
  REQUIRE(body.find(R"("value":12345})") != std::string::npos);
  auto r = fx.call(kPay, body);
  REQUIRE(r.code() == "SUCCESS");
  CHECK(r.text("paymentAmount.value") == "12345");
  CHECK(std::stoll(balance(fx, t.buyer_id, "PHP")) == std::stoll(before) - 12345);
}

TEST_CASE("wallet balance and limits set through /_sim/buyers give their codes") {
  SimFixture fx;
  const Token t = mint(fx);
  auto set = fx.control("POST", "/_sim/buyers/" + t.access_token, R"({"balance":"5000"})");
  REQUIRE(set.http_status == 200);
  CHECK(std::string(set.json["balances"]["PHP"].GetString()) == "5000");

  auto poor = fx.call(kPay, pay_body("B-1", t.access_token, "5001"));
  CHECK(poor.code() == "USER_BALANCE_NOT_ENOUGH");
  CHECK(poor.status() == "F");
  auto inq = fx.call(kInquiry, by_request_id("B-1"));
  CHECK(inq.code() == "SUCCESS");
  CHECK(inq.text("paymentStatus") == "FAIL");
  CHECK(inq.text("paymentResultCode") == "USER_BALANCE_NOT_ENOUGH");
  CHECK(notices(fx, "PAYMENT_RESULT").size() == 1);  // the failure is announced too
  CHECK(fx.call(kPay, pay_body("B-2", t.access_token, "5000")).code() == "SUCCESS");
  CHECK(balance(fx, t.buyer_id, "PHP") == "0");

  fx.control("POST", "/_sim/buyers/" + t.buyer_id, R"({"balance":1000000,"singleLimit":"20000"})");
  CHECK(fx.call(kPay, pay_body("L-1", t.access_token, "20001")).code() == "USER_AMOUNT_EXCEED_LIMIT");
  CHECK(fx.call(kPay, pay_body("L-2", t.access_token, "20000")).code() == "SUCCESS");
  fx.control("POST", "/_sim/buyers/" + t.buyer_id, R"({"singleLimit":null,"dailyLimit":"30000"})");
  CHECK(fx.call(kPay, pay_body("L-3", t.access_token, "10001")).code() == "USER_AMOUNT_EXCEED_LIMIT");
  fx.control("POST", "/_sim/buyers/" + t.buyer_id, R"({"dailyLimit":null,"dailyCountLimit":2})");
  CHECK(fx.call(kPay, pay_body("L-4", t.access_token, "100")).code() == "PAYMENT_COUNT_EXCEED_LIMIT");
  fx.advance(24h);  // a new GMT+8 day resets the counters
  CHECK(fx.call(kPay, pay_body("L-5", t.access_token, "100")).code() == "SUCCESS");
  CHECK(fx.call(kPay, pay_body("L-6", t.access_token, "999999999999")).code() == "PAYMENT_AMOUNT_EXCEED_LIMIT");

  CHECK(fx.control("POST", "/_sim/buyers/" + t.buyer_id, R"({"balance":"-5"})").http_status == 400);
  CHECK(fx.control("POST", "/_sim/buyers/" + t.buyer_id, R"({"balance":"99999999999999999999"})").http_status == 400);
  CHECK(fx.control("POST", "/_sim/buyers/" + t.buyer_id, R"({"singleLimit":"ten"})").http_status == 400);
  CHECK(fx.control("POST", "/_sim/buyers/" + t.buyer_id, "[1,2]").http_status == 400);
  CHECK(fx.control("POST", "/_sim/buyers/nobody", R"({"balance":"5"})").http_status == 404);
  CHECK(fx.control("GET", "/_sim/buyers/nobody").http_status == 404);
}

TEST_CASE("pay rejects what the reference forbids") {
  SimFixture fx;
  const Token t = mint(fx);
  const Token hk = mint(fx, "ALIPAY_HK");
  SUBCASE("unknown, foreign and expired tokens") {
    CHECK(fx.call(kPay, pay_body("T-1", "no-such-token", "1000")).code() == "INVALID_ACCESS_TOKEN");
    auto foreign = fx.call(kPay, pay_body("T-2", hk.access_token, "1000"));
    CHECK(foreign.code() == "INVALID_ACCESS_TOKEN");
    fx.advance(24h * 31);
    CHECK(fx.call(kPay, pay_body("T-3", t.access_token, "1000")).code() == "INVALID_ACCESS_TOKEN");
  }
  SUBCASE("currency the wallet does not take") {
    CHECK(fx.call(kPay, pay_body("C-1", t.access_token, "1000", "USD")).code() == "CURRENCY_NOT_SUPPORT");
    CHECK(fx.call(kPay, pay_body("C-2", t.access_token, "1000", "XYZ")).code() != "SUCCESS");
  }
  SUBCASE("amount rules") {
    CHECK(fx.call(kPay, pay_body("A-1", t.access_token, "99")).code() == "PARAM_ILLEGAL");  // GCash: 1 PHP
    CHECK(fx.call(kPay, pay_body("A-2", t.access_token, "100")).code() == "SUCCESS");
    CHECK(fx.call(kPay, pay_body("A-3", t.access_token, "0")).code() == "PARAM_ILLEGAL");
    CHECK(fx.call(kPay, pay_body("A-4", t.access_token, "012")).code() == "PARAM_ILLEGAL");
    CHECK(fx.call(kPay, pay_body("A-5", t.access_token, "12.5")).code() == "PARAM_ILLEGAL");
    CHECK(fx.call(kPay, pay_body("A-6", t.access_token, "12345678901234567")).code() == "PARAM_ILLEGAL");
  }
  SUBCASE("paymentExpiryTime at most one minute after the request") {
    auto late = fx.call(kPay, pay_body("E-1", t.access_token, "1000", "PHP", "GCASH",
                                       R"(,"paymentExpiryTime":"2026-03-01T10:01:01+08:00")"));
    CHECK(late.code() == "PARAM_ILLEGAL");
    CHECK(late.message().find("paymentExpiryTime") != std::string::npos);
    CHECK(fx.call(kPay, pay_body("E-2", t.access_token, "1000", "PHP", "GCASH",
                                 R"(,"paymentExpiryTime":"2026-03-01T09:59:00+08:00")"))
              .code() == "PARAM_ILLEGAL");
    CHECK(fx.call(kPay, pay_body("E-3", t.access_token, "1000", "PHP", "GCASH",
                                 R"(,"paymentExpiryTime":"2026-03-01T02:01:00Z")"))
              .code() == "SUCCESS");
    CHECK(fx.call(kPay, pay_body("E-4", t.access_token, "1000", "PHP", "GCASH", R"(,"paymentExpiryTime":"soon")"))
              .code() == "PARAM_ILLEGAL");
  }
  SUBCASE("unknown wallet, wrong productCode, missing fields") {
    CHECK(fx.call(kPay, pay_body("W-1", t.access_token, "1000", "PHP", "NOWALLET")).code() == "PARAM_ILLEGAL");
    CHECK(fx.call(kPay, R"({"productCode":"CASHIER_PAYMENT","paymentRequestId":"x"})").code() == "PARAM_ILLEGAL");
    CHECK(fx.call(kPay, "{}").code() == "PARAM_ILLEGAL");
  }
  // none of the rejected requests left a payment behind, except the accepted ones
  auto list = fx.control("GET", "/_sim/payments?status=FAIL");
  for (const auto& p : list.json["payments"].GetArray())
    CHECK(std::string(p["paymentResultCode"].GetString()) == "INVALID_ACCESS_TOKEN");
}

TEST_CASE("idempotency on paymentRequestId") {
  SimFixture fx;
  const Token t = mint(fx);
  auto first = fx.call(kPay, pay_body("I-1", t.access_token, "1500"));
  REQUIRE(first.code() == "SUCCESS");
  fx.advance(2s);
  auto again = fx.call(kPay, pay_body("I-1", t.access_token, "1500"));
  CHECK(again.code() == "SUCCESS");
  CHECK(again.text("paymentId") == first.text("paymentId"));
  CHECK(again.text("paymentTime") == first.text("paymentTime"));
  auto other_amount = fx.call(kPay, pay_body("I-1", t.access_token, "1501"));
  CHECK(other_amount.code() == "REPEAT_REQ_INCONSISTENT");
  CHECK(other_amount.status() == "F");
  const Token t2 = mint(fx);
  CHECK(fx.call(kPay, pay_body("I-1", t2.access_token, "1500")).code() == "REPEAT_REQ_INCONSISTENT");
  CHECK(notices(fx, "PAYMENT_RESULT").size() == 1);

  fx.control("POST", "/_sim/buyers/" + t.buyer_id, R"({"balance":"0"})");
  CHECK(fx.call(kPay, pay_body("I-2", t.access_token, "1000")).code() == "USER_BALANCE_NOT_ENOUGH");
  fx.control("POST", "/_sim/buyers/" + t.buyer_id, R"({"balance":"100000"})");
  CHECK(fx.call(kPay, pay_body("I-2", t.access_token, "1000")).code() == "USER_BALANCE_NOT_ENOUGH");  // final F stays

  REQUIRE(fx.call(kCancel, by_request_id("I-1")).code() == "SUCCESS");
  CHECK(fx.call(kPay, pay_body("I-1", t.access_token, "1500")).code() == "ORDER_IS_CLOSED");
}

TEST_CASE("concurrent duplicate pays are processed once and all get the same answer") {
  SimFixture fx;
  const Token t = mint(fx);
  const std::string before = balance(fx, t.buyer_id, "PHP");
  constexpr int kThreads = 8;
  std::vector<std::string> ids(kThreads), codes(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      auto r = fx.call(kPay, pay_body("DUP-1", t.access_token, "2500"));
      codes[i] = r.code();
      ids[i] = r.text("paymentId");
    });
  for (auto& th : threads) th.join();
  for (int i = 0; i < kThreads; ++i) {
    CHECK(codes[i] == "SUCCESS");
    CHECK(ids[i] == ids[0]);
  }
  CHECK(std::stoll(balance(fx, t.buyer_id, "PHP")) == std::stoll(before) - 2500);
  CHECK(fx.control("GET", "/_sim/payments").json["total"].GetInt() == 1);
  CHECK(notices(fx, "PAYMENT_RESULT").size() == 1);
}

TEST_CASE("a PROCESSING payment settles on the virtual clock, after inquiries, or expires") {
  SimFixture fx;
  const Token t = mint(fx);
  const CallOptions scenario = with_scenario("pay-processing-then-success");
  auto r = fx.call(kPay, pay_body("P-1", t.access_token, "3000"), scenario);
  CHECK(r.code() == "PAYMENT_IN_PROCESS");
  CHECK(r.status() == "U");
  CHECK_FALSE(r.text("paymentId").empty());
  CHECK(r.text("paymentTime").empty());
  CHECK(fx.call(kInquiry, by_request_id("P-1")).text("paymentStatus") == "PROCESSING");
  CHECK(fx.call(kPay, pay_body("P-1", t.access_token, "3000")).code() == "PAYMENT_IN_PROCESS");
  CHECK(notices(fx, "PAYMENT_RESULT").empty());
  fx.advance(5s);
  auto done = fx.call(kInquiry, by_payment_id(r.text("paymentId")));
  CHECK(done.text("paymentStatus") == "SUCCESS");
  CHECK(done.text("paymentTime") == "2026-03-01T10:00:05+08:00");
  CHECK(fx.call(kPay, pay_body("P-1", t.access_token, "3000")).code() == "SUCCESS");
  REQUIRE(notices(fx, "PAYMENT_RESULT").size() == 1);

  const CallOptions polled = with_scenario("pay-processing-until-inquired");
  REQUIRE(fx.call(kPay, pay_body("P-2", t.access_token, "3000"), polled).code() == "PAYMENT_IN_PROCESS");
  CHECK(fx.call(kInquiry, by_request_id("P-2")).text("paymentStatus") == "PROCESSING");
  CHECK(fx.call(kInquiry, by_request_id("P-2")).text("paymentStatus") == "PROCESSING");
  CHECK(fx.call(kInquiry, by_request_id("P-2")).text("paymentStatus") == "SUCCESS");

  // never inquired: the wallet never answers, so it closes at paymentExpiryTime (default +1 min)
  REQUIRE(fx.call(kPay, pay_body("P-3", t.access_token, "3000"), polled).code() == "PAYMENT_IN_PROCESS");
  const std::string before = balance(fx, t.buyer_id, "PHP");
  fx.advance(61s);
  auto closed = fx.call(kInquiry, by_request_id("P-3"));
  CHECK(closed.text("paymentStatus") == "FAIL");
  CHECK(closed.text("paymentResultCode") == "ORDER_IS_CLOSED");
  CHECK(std::stoll(balance(fx, t.buyer_id, "PHP")) == std::stoll(before) + 3000);  // the hold went back
  const auto sent = notices(fx, "PAYMENT_RESULT");
  REQUIRE_FALSE(sent.empty());
  const auto* result = antom::state::find(sent.back().payload, "result");
  REQUIRE(result);
  CHECK(payload_text(std::get<antom::state::Fields>(result->value), "resultCode") == "ORDER_IS_CLOSED");
  CHECK(fx.call(kPay, pay_body("P-3", t.access_token, "3000")).code() == "ORDER_IS_CLOSED");
}

TEST_CASE("inquiryPayment: by either id, paymentId wins, unknown ids, other merchants") {
  SimFixture fx;
  fx.add_merchant("SANDBOX_OTHER");
  const Token t = mint(fx, "GCASH", fx.demo_client_id());
  auto paid = fx.call(kPay, pay_body("Q-1", t.access_token, "4000"));
  REQUIRE(paid.code() == "SUCCESS");
  const std::string id = paid.text("paymentId");
  auto a = fx.call(kInquiry, by_request_id("Q-1"));
  CHECK(a.code() == "SUCCESS");
  CHECK(a.text("paymentStatus") == "SUCCESS");
  CHECK(a.text("paymentResultCode") == "SUCCESS");
  CHECK(a.text("paymentId") == id);
  CHECK(a.text("paymentAmount.value") == "4000");
  CHECK(a.text("paymentTime") == "2026-03-01T10:00:00+08:00");
  CHECK_FALSE(a.json.HasMember("transactions"));
  CHECK(fx.call(kInquiry, by_payment_id(id)).text("paymentRequestId") == "Q-1");
  CHECK(fx.call(kInquiry, R"({"paymentId":"nope","paymentRequestId":"Q-1"})").code() == "ORDER_NOT_EXIST");
  CHECK(fx.call(kInquiry, by_request_id("Q-404")).code() == "ORDER_NOT_EXIST");
  CHECK(fx.call(kInquiry, "{}").code() == "PARAM_ILLEGAL");
  // another merchant sees nothing of it, not even through the control API filter
  CHECK(fx.call(kInquiry, by_payment_id(id), as_client("SANDBOX_OTHER")).code() == "ORDER_NOT_EXIST");
  CHECK(fx.call(kCancel, by_payment_id(id), as_client("SANDBOX_OTHER")).code() == "ORDER_NOT_EXIST");
  CHECK(fx.call(kRefund, refund_body("R-X", id, "100"), as_client("SANDBOX_OTHER")).code() == "ORDER_NOT_EXIST");
  CHECK(fx.call(kPay, pay_body("Q-2", t.access_token, "4000"), as_client("SANDBOX_OTHER")).code() ==
        "INVALID_ACCESS_TOKEN");
  CHECK(fx.control("GET", "/_sim/payments?clientId=SANDBOX_OTHER&paymentId=" + id).json["total"].GetInt() == 0);
}

TEST_CASE("cancel: window until 00:15 GMT+8 on T+1, money back, idempotent, not after a refund") {
  SimFixture fx;
  fx.set_time("2026-03-01T23:50:00+08:00");
  const Token t = mint(fx);
  const std::string start = balance(fx, t.buyer_id, "PHP");
  REQUIRE(fx.call(kPay, pay_body("X-1", t.access_token, "10000")).code() == "SUCCESS");
  REQUIRE(fx.call(kPay, pay_body("X-2", t.access_token, "10000")).code() == "SUCCESS");
  REQUIRE(fx.call(kPay, pay_body("X-3", t.access_token, "10000")).code() == "SUCCESS");
  const std::string x3 = fx.call(kInquiry, by_request_id("X-3")).text("paymentId");
  REQUIRE(fx.call(kRefund, refund_body("XR-1", x3, "100")).code() == "SUCCESS");
  CHECK(fx.call(kCancel, by_payment_id(x3)).code() == "PROCESS_FAIL");

  fx.set_time("2026-03-02T00:14:59+08:00");
  auto ok = fx.call(kCancel, by_request_id("X-1"));
  CHECK(ok.code() == "SUCCESS");
  CHECK(ok.text("cancelTime") == "2026-03-02T00:14:59+08:00");
  CHECK(ok.text("paymentRequestId") == "X-1");
  CHECK_FALSE(ok.text("paymentId").empty());
  fx.set_time("2026-03-02T00:15:00+08:00");
  auto late = fx.call(kCancel, by_request_id("X-2"));
  CHECK(late.code() == "CANCEL_WINDOW_EXCEED");
  CHECK(late.status() == "F");
  auto again = fx.call(kCancel, by_request_id("X-1"));  // idempotent, even after the window
  CHECK(again.code() == "SUCCESS");
  CHECK(again.text("cancelTime") == "2026-03-02T00:14:59+08:00");
  // X-1 came back, X-2 and X-3 (less its refund) did not
  CHECK(std::stoll(balance(fx, t.buyer_id, "PHP")) == std::stoll(start) - 20000 + 100);
  auto inq = fx.call(kInquiry, by_request_id("X-1"));
  CHECK(inq.text("paymentStatus") == "CANCELLED");
  REQUIRE(inq.json.HasMember("transactions"));
  CHECK(std::string(inq.json["transactions"][0]["transactionType"].GetString()) == "CANCEL");
  CHECK(fx.call(kCancel, by_request_id("X-404")).code() == "ORDER_NOT_EXIST");
  CHECK(fx.call(kCancel, "{}").code() == "PARAM_ILLEGAL");
}

TEST_CASE("cancel of a PROCESSING payment stops it and releases the hold") {
  SimFixture fx;
  const Token t = mint(fx);
  const std::string start = balance(fx, t.buyer_id, "PHP");
  const CallOptions scenario = with_scenario("pay-processing-then-success");
  REQUIRE(fx.call(kPay, pay_body("PC-1", t.access_token, "7000"), scenario).code() == "PAYMENT_IN_PROCESS");
  CHECK(fx.call(kCancel, by_request_id("PC-1")).code() == "SUCCESS");
  fx.advance(10s);
  CHECK(fx.call(kInquiry, by_request_id("PC-1")).text("paymentStatus") == "CANCELLED");
  CHECK(balance(fx, t.buyer_id, "PHP") == start);
  CHECK(notices(fx, "PAYMENT_RESULT").empty());
}

TEST_CASE("scenario-forced outcomes: business declines are recorded, refusals are not") {
  SimFixture fx;
  const Token t = mint(fx);
  auto kyc = fx.call(kPay, pay_body("F-1", t.access_token, "1000"), with_scenario("pay-errors/USER_KYC_NOT_QUALIFIED"));
  CHECK(kyc.code() == "USER_KYC_NOT_QUALIFIED");
  auto inq = fx.call(kInquiry, by_request_id("F-1"));
  CHECK(inq.text("paymentStatus") == "FAIL");
  CHECK(inq.text("paymentResultCode") == "USER_KYC_NOT_QUALIFIED");
  CHECK(fx.call(kPay, pay_body("F-1", t.access_token, "1000")).code() == "USER_KYC_NOT_QUALIFIED");
  CHECK(fx.call(kPay, pay_body("F-2", t.access_token, "1000"), with_scenario("pay-errors/SYSTEM_ERROR")).code() ==
        "SYSTEM_ERROR");
  CHECK(fx.call(kInquiry, by_request_id("F-2")).code() == "ORDER_NOT_EXIST");
  CHECK(fx.call(kInquiry, by_request_id("F-1"), with_scenario("inquiry-payment-errors/ORDER_NOT_EXIST")).code() ==
        "ORDER_NOT_EXIST");
  const std::string id = fx.call(kPay, pay_body("F-3", t.access_token, "1000")).text("paymentId");
  CHECK(fx.call(kCancel, by_payment_id(id), with_scenario("cancel-errors/CANCEL_WINDOW_EXCEED")).code() ==
        "CANCEL_WINDOW_EXCEED");
  CHECK(fx.call(kInquiry, by_payment_id(id)).text("paymentStatus") == "SUCCESS");  // not cancelled
  auto refused = fx.call(kRefund, refund_body("F-R1", id, "100"), with_scenario("refund-errors/MERCHANT_BALANCE_NOT_ENOUGH"));
  CHECK(refused.code() == "MERCHANT_BALANCE_NOT_ENOUGH");
  CHECK(fx.call(kInquiryRefund, R"({"refundRequestId":"F-R1"})").text("refundStatus") == "FAIL");
}
