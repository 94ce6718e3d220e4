// Issue #15, per-method rules from the wallet table, through signed requests: cancel after
// success (Thai bank direct debit), refund support, partial and multiple refunds, the refund codes
// for a payment that is not SUCCESS and for amounts outside the refundable range, each method's
// amounts and windows, and which methods let the buyer cancel the authorization in the wallet.
#include <doctest/doctest.h>

#include "tests/e2e/payment_support.hpp"

using namespace antom::test;
using namespace antom::test::pay;
using namespace std::chrono_literals;

namespace {
std::string paid(SimFixture& fx, const Token& t, const std::string& request_id, const std::string& value,
                 const std::string& currency, const std::string& wallet) {
  auto r = fx.call(kPay, pay_body(request_id, t.access_token, value, currency, wallet));
  REQUIRE(r.code() == "SUCCESS");
  return r.text("paymentId");
}
}  // namespace

TEST_CASE("a completed Thai bank direct debit cannot be cancelled or refunded; before it completes it can be cancelled") {
  SimFixture fx;
  for (const std::string wallet : {"DIRECT_DEBIT_KRUNGTHAIBANK", "DIRECT_DEBIT_SIAMCOMMERCIALBANK"}) {
    CAPTURE(wallet);
    const Token t = mint(fx, wallet);
    const std::string id = paid(fx, t, "TB-" + wallet, "10000", "THB", wallet);
    const std::string before = balance(fx, t.buyer_id, "THB");
    auto cancel = fx.call(kCancel, by_payment_id(id));
    CHECK(cancel.signature_ok);
    CHECK(cancel.code() == "ORDER_STATUS_INVALID");
    CHECK(cancel.status() == "F");
    CHECK(fx.call(kInquiry, by_payment_id(id)).text("paymentStatus") == "SUCCESS");
    auto refund = fx.call(kRefund, refund_body("TB-R-" + wallet, id, "10000", "THB"));
    CHECK(refund.code() == "PAYMENT_METHOD_NOT_SUPPORTED");
    CHECK(refund.status() == "F");
    CHECK(balance(fx, t.buyer_id, "THB") == before);
    // Still processing: the cancel goes through.
    auto processing = fx.call(kPay, pay_body("TB-P-" + wallet, t.access_token, "10000", "THB", wallet),
                              with_scenario("pay-processing-then-success"));
    REQUIRE(processing.code() == "PAYMENT_IN_PROCESS");
    CHECK(fx.call(kCancel, by_request_id("TB-P-" + wallet)).code() == "SUCCESS");
  }
  // A wallet payment is still reversed by cancel after success.
  const Token g = mint(fx);
  CHECK(fx.call(kCancel, by_payment_id(paid(fx, g, "TB-G", "10000", "PHP", "GCASH"))).code() == "SUCCESS");
}

TEST_CASE("refunding a payment that is not SUCCESS is ORDER_STATUS_INVALID; below the minimum is REFUND_AMOUNT_EXCEED") {
  SimFixture fx;
  const Token t = mint(fx);
  const std::string cancelled = paid(fx, t, "RS-1", "10000", "PHP", "GCASH");
  REQUIRE(fx.call(kCancel, by_payment_id(cancelled)).code() == "SUCCESS");
  auto r = fx.call(kRefund, refund_body("RS-R1", cancelled, "10000"));
  CHECK(r.code() == "ORDER_STATUS_INVALID");
  CHECK(r.message().find("CANCELLED") != std::string::npos);
  REQUIRE(fx.call(kPay, pay_body("RS-2", t.access_token, "10000"), with_scenario("pay-risk-reject")).code() == "RISK_REJECT");
  const std::string failed = fx.call(kInquiry, by_request_id("RS-2")).text("paymentId");
  CHECK(fx.call(kRefund, refund_body("RS-R2", failed, "100")).code() == "ORDER_STATUS_INVALID");
  // GCash's minimum refund is 1 PHP: 0.99 PHP is outside the refundable range.
  const std::string ok = paid(fx, t, "RS-3", "10000", "PHP", "GCASH");
  auto low = fx.call(kRefund, refund_body("RS-R3", ok, "99"));
  CHECK(low.code() == "REFUND_AMOUNT_EXCEED");
  CHECK(low.message().find("minimum refund of 100") != std::string::npos);
  CHECK(fx.call(kRefund, refund_body("RS-R4", ok, "100")).code() == "SUCCESS");
  // The code is in the table, so a scenario can force it too.
  CHECK(fx.call(kRefund, refund_body("RS-R5", ok, "100"), with_scenario("refund-errors/PAYMENT_METHOD_NOT_SUPPORTED"))
            .code() == "PAYMENT_METHOD_NOT_SUPPORTED");
}

TEST_CASE("partial and multiple refunds follow the wallet table, which /_sim/wallets can change") {
  SimFixture fx;
  auto row = fx.control("GET", "/_sim/wallets/GCASH");
  REQUIRE(row.http_status == 200);
  CHECK(row.json["partialRefund"].GetBool());
  CHECK(row.json["multipleRefunds"].GetBool());
  CHECK(row.json["cancelAfterSuccess"].GetBool());
  CHECK(std::string(row.json["source"].GetString()).find("docs.antom.com") != std::string::npos);
  REQUIRE(fx.control("PATCH", "/_sim/wallets/GCASH", R"({"partialRefund":false,"multipleRefunds":false})").http_status == 200);
  CHECK(fx.control("PATCH", "/_sim/wallets/GCASH", R"({"partialRefund":"no"})").http_status == 400);
  const Token t = mint(fx);
  const std::string id = paid(fx, t, "PM-1", "10000", "PHP", "GCASH");
  auto partial = fx.call(kRefund, refund_body("PM-R1", id, "5000"));
  CHECK(partial.code() == "PARTIAL_REFUND_NOT_SUPPORTED");
  CHECK(fx.call(kRefund, refund_body("PM-R2", id, "10000")).code() == "SUCCESS");
  const std::string id2 = paid(fx, t, "PM-2", "10000", "PHP", "GCASH");
  REQUIRE(fx.control("PATCH", "/_sim/wallets/GCASH", R"({"partialRefund":true})").http_status == 200);
  CHECK(fx.call(kRefund, refund_body("PM-R3", id2, "4000")).code() == "SUCCESS");
  CHECK(fx.call(kRefund, refund_body("PM-R4", id2, "4000")).code() == "MULTIPLE_REFUNDS_NOT_SUPPORTED");
  REQUIRE(fx.control("DELETE", "/_sim/wallets/GCASH").http_status == 200);  // back to Antom's rules
  CHECK(fx.call(kRefund, refund_body("PM-R5", id2, "4000")).code() == "SUCCESS");
}

TEST_CASE("each method's minimum, caps and refund window, as its Antom page gives them") {
  SimFixture fx;
  const Token boost = mint(fx, "BOOST");  // minimum 0.05 MYR
  CHECK(fx.call(kPay, pay_body("AM-B1", boost.access_token, "5", "MYR", "BOOST")).code() == "SUCCESS");
  CHECK(fx.call(kPay, pay_body("AM-B2", boost.access_token, "4", "MYR", "BOOST")).code() == "PARAM_ILLEGAL");
  const Token line = mint(fx, "RABBIT_LINE_PAY");  // minimum 0.01 THB, at most 50,000 THB
  CHECK(fx.call(kPay, pay_body("AM-L1", line.access_token, "1", "THB", "RABBIT_LINE_PAY")).code() == "SUCCESS");
  CHECK(fx.call(kPay, pay_body("AM-L2", line.access_token, "5000001", "THB", "RABBIT_LINE_PAY")).code() ==
        "PAYMENT_AMOUNT_EXCEED_LIMIT");

  // TrueMoney: 30,000 THB per payment, 50,000 THB per day.
  const Token tm = mint(fx, "TRUEMONEY");
  REQUIRE(fx.control("POST", "/_sim/buyers/" + tm.buyer_id, R"({"balance":"100000000"})").http_status == 200);
  CHECK(fx.call(kPay, pay_body("AM-T1", tm.access_token, "3000001", "THB", "TRUEMONEY")).code() ==
        "PAYMENT_AMOUNT_EXCEED_LIMIT");
  CHECK(fx.call(kPay, pay_body("AM-T2", tm.access_token, "3000000", "THB", "TRUEMONEY")).code() == "SUCCESS");
  CHECK(fx.call(kPay, pay_body("AM-T3", tm.access_token, "2000001", "THB", "TRUEMONEY")).code() ==
        "USER_AMOUNT_EXCEED_LIMIT");
  CHECK(fx.call(kPay, pay_body("AM-T4", tm.access_token, "2000000", "THB", "TRUEMONEY")).code() == "SUCCESS");

  // GCash: 100,000 PHP per day.
  const Token gc = mint(fx);
  REQUIRE(fx.control("POST", "/_sim/buyers/" + gc.buyer_id, R"({"balance":"100000000"})").http_status == 200);
  CHECK(fx.call(kPay, pay_body("AM-G1", gc.access_token, "10000000", "PHP", "GCASH")).code() == "SUCCESS");
  CHECK(fx.call(kPay, pay_body("AM-G2", gc.access_token, "100", "PHP", "GCASH")).code() == "USER_AMOUNT_EXCEED_LIMIT");

  // Alipay (China): CNY only, 300,000 CNY per payment.
  const Token cn = mint(fx, "ALIPAY_CN");
  CHECK(fx.call(kPay, pay_body("AM-C1", cn.access_token, "1000", "USD", "ALIPAY_CN")).code() == "CURRENCY_NOT_SUPPORT");
  REQUIRE(fx.control("POST", "/_sim/buyers/" + cn.buyer_id, R"({"balance":"100000000"})").http_status == 200);
  CHECK(fx.call(kPay, pay_body("AM-C2", cn.access_token, "30000001", "CNY", "ALIPAY_CN")).code() ==
        "PAYMENT_AMOUNT_EXCEED_LIMIT");

  // ZaloPay: refunds for 180 days.
  const Token zp = mint(fx, "ZALOPAY");
  const std::string z = paid(fx, zp, "AM-Z1", "100000", "VND", "ZALOPAY");
  fx.advance(24h * 180);
  CHECK(fx.call(kRefund, refund_body("AM-ZR1", z, "1000", "VND")).code() == "SUCCESS");
  fx.advance(1s);
  CHECK(fx.call(kRefund, refund_body("AM-ZR2", z, "1000", "VND")).code() == "REFUND_WINDOW_EXCEED");
}

TEST_CASE("wallet-side authorization cancel only where Antom documents it; TrueMoney does not notify") {
  SimFixture fx;
  const Token tm = mint(fx, "TRUEMONEY");
  auto silent = fx.control("POST", "/_sim/authorizations/" + tm.access_token + "/cancel");
  REQUIRE(silent.http_status == 200);
  CHECK(silent.json["notification"].IsNull());
  CHECK(notices(fx, "TOKEN_CANCELED").empty());
  CHECK(fx.call(kPay, pay_body("WC-1", tm.access_token, "10000", "THB", "TRUEMONEY")).code() == "INVALID_ACCESS_TOKEN");

  const Token boost = mint(fx, "BOOST");
  auto told = fx.control("POST", "/_sim/authorizations/" + boost.access_token + "/cancel");
  REQUIRE(told.http_status == 200);
  CHECK(std::string(told.json["notification"].GetString()) == "TOKEN_CANCELED");
  CHECK(notices(fx, "TOKEN_CANCELED").size() == 1);

  const Token gc = mint(fx);
  auto refused = fx.control("POST", "/_sim/authorizations/" + gc.access_token + "/cancel");
  CHECK(refused.http_status == 409);
  CHECK(std::string(refused.json["error"].GetString()) == "NOT_SUPPORTED");
  CHECK(fx.call(kPay, pay_body("WC-2", gc.access_token, "10000")).code() == "SUCCESS");
}
