// #21 item 12: with --retention-days N, finished payments leave memory N virtual days after nothing
// can change them any more (state/retention.hpp), counted; newer ones and open windows stay, and a
// dropped payment answers as an unknown one.
#include <doctest/doctest.h>

#include "tests/e2e/notification_support.hpp"
#include "tests/e2e/payment_support.hpp"

using namespace antom::test;
using namespace antom::test::pay;
using namespace std::chrono_literals;

namespace {

constexpr auto kDay = std::chrono::hours(24);

std::string pay_with(SimFixture& fx, const std::string& request_id, const std::string& notify_url) {
  const Token t = mint(fx);
  REQUIRE_FALSE(t.access_token.empty());
  auto r = fx.call(kPay, pay_body(request_id, t.access_token, "1000", "PHP", "GCASH",
                                  R"(,"paymentNotifyUrl":")" + notify_url + "\""));
  REQUIRE(r.code() == "SUCCESS");
  return r.text("paymentId");
}

std::uint64_t stat(SimFixture& fx, const char* key) {
  const auto r = fx.control("POST", "/_sim/notifications/flush?timeout=10s");
  REQUIRE(r.http_status == 200);
  return r.json[key].GetUint64();
}

}  // namespace

TEST_CASE("retention drops a cancelled payment N+1 days on, and a successful one after its refund window") {
  SimFixture fx({.retention_days = 1});
  NotifyReceiver ok(antom_public_key(fx.app().keys.antom_private));
  const auto cancelled = pay_with(fx, "PRQ-CANCELLED", ok.url());
  REQUIRE(fx.call(kCancel, by_payment_id(cancelled)).code() == "SUCCESS");
  const auto succeeded = pay_with(fx, "PRQ-SUCCEEDED", ok.url());
  REQUIRE(flush(fx));
  REQUIRE(ok.wait_for(2));

  fx.advance(kDay * 2 + 1h);  // past the cancel window (00:15 the next day, GMT+8) and one day more
  CHECK(stat(fx, "expiredPayments") == 1);
  CHECK(fx.call(kInquiry, by_payment_id(cancelled)).code() == "ORDER_NOT_EXIST");
  CHECK(fx.call(kInquiry, by_request_id("PRQ-CANCELLED")).code() == "ORDER_NOT_EXIST");
  CHECK(fx.call(kInquiry, by_payment_id(succeeded)).text("paymentStatus") == "SUCCESS");  // refundable for 365 days

  const auto fresh = pay_with(fx, "PRQ-FRESH", ok.url());
  REQUIRE(flush(fx));
  fx.advance(kDay * 364);  // the successful one's refund window closed more than a day ago
  CHECK(stat(fx, "expiredPayments") == 2);
  CHECK(fx.call(kInquiry, by_payment_id(succeeded)).code() == "ORDER_NOT_EXIST");
  CHECK(fx.call(kRefund, refund_body("RRQ-LATE", succeeded, "100")).code() == "ORDER_NOT_EXIST");
  CHECK(fx.call(kInquiry, by_payment_id(fresh)).text("paymentStatus") == "SUCCESS");
  // A repeat of a dropped paymentRequestId is a new payment.
  const auto again = pay_with(fx, "PRQ-SUCCEEDED", ok.url());
  CHECK(again != succeeded);
  const auto metrics = fx.control("GET", "/metrics");
  CHECK(metrics.body.find("antom_sim_retention_expired_total{record=\"payments\"} 2") != std::string::npos);
  const auto listed = fx.control("GET", "/_sim/payments");
  CHECK(listed.body.find(cancelled) == std::string::npos);
  CHECK(listed.body.find(fresh) != std::string::npos);
}

TEST_CASE("without --retention-days payments stay") {
  SimFixture fx;
  NotifyReceiver ok(antom_public_key(fx.app().keys.antom_private));
  const auto id = pay_with(fx, "PRQ-KEPT", ok.url());
  REQUIRE(fx.call(kCancel, by_payment_id(id)).code() == "SUCCESS");
  REQUIRE(flush(fx));
  fx.advance(kDay * 800);
  CHECK(stat(fx, "expiredPayments") == 0);
  CHECK(fx.call(kInquiry, by_payment_id(id)).text("paymentStatus") == "CANCELLED");
}
