// #21 item 12: with --retention-days N, finished payments leave memory N virtual days after nothing
// can change them any more (state/retention.hpp), counted; newer ones and open windows stay, and a
// dropped payment answers as an unknown one. Ended authorizations go the same way.
#include <doctest/doctest.h>

#include "tests/e2e/authorization_support.hpp"
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

TEST_CASE("retention drops a revoked authorization N days on, with its tokens; a live one stays and pays") {
  SimFixture fx({.retention_days = 1});
  NotifyReceiver ok(antom_public_key(fx.app().keys.antom_private));
  struct Authorization {
    std::string attempt, access_token, refresh_token;
  };
  auto authorize = [&](const std::string& state) {
    auto c = auth::consult(fx, {.state = state, .notify_url = ok.url()});
    REQUIRE(c.code() == "SUCCESS");
    auto t = auth::exchange_code(fx, auth::approve(fx, c));
    REQUIRE(t.code() == "SUCCESS");
    return Authorization{auth::attempt_id(c), t.text("accessToken"), t.text("refreshToken")};
  };
  const Authorization ended = authorize("st-ended");
  const Authorization live = authorize("st-live");
  REQUIRE(auth::revoke(fx, ended.access_token).code() == "SUCCESS");
  REQUIRE(flush(fx));
  REQUIRE(ok.wait_for(5));  // two AUTHCODE_CREATED, two TOKEN_CREATED, one TOKEN_CANCELED

  fx.advance(kDay * 2);
  CHECK(stat(fx, "expiredAuthorizations") == 1);
  CHECK(fx.control("GET", "/_sim/authorizations/" + ended.attempt).http_status == 404);
  CHECK(fx.control("GET", "/_sim/authorizations/" + ended.access_token).http_status == 404);
  CHECK(auth::revoke(fx, ended.access_token).code() == "INVALID_ACCESS_TOKEN");
  CHECK(auth::refresh(fx, ended.refresh_token).code() == "INVALID_REFRESH_TOKEN");
  // The live one is whole: found, refreshable, and its token pays.
  CHECK(fx.control("GET", "/_sim/authorizations/" + live.attempt).http_status == 200);
  auto refreshed = auth::refresh(fx, live.refresh_token);
  REQUIRE(refreshed.code() == "SUCCESS");
  CHECK(fx.call(kPay, pay_body("PRQ-LIVE", refreshed.text("accessToken"), "1000")).code() == "SUCCESS");
  const auto metrics = fx.control("GET", "/metrics");
  CHECK(metrics.body.find("antom_sim_retention_expired_total{record=\"authorizations\"} 1") != std::string::npos);
  // What is left exports and restores whole (no reference to the dropped authorization).
  REQUIRE(fx.control("POST", "/_sim/snapshots", R"({"name":"after-retention"})").http_status == 201);
  CHECK(fx.control("POST", "/_sim/snapshots/after-retention/restore").http_status == 200);
  const auto document = fx.control("GET", "/_sim/snapshots/after-retention");
  REQUIRE(document.http_status == 200);
  CHECK(document.body.find(ended.access_token) == std::string::npos);
  CHECK(document.body.find(live.refresh_token) != std::string::npos);
  CHECK(document.body.find(R"("authorizations":1)") != std::string::npos);  // the merchant's tally
}
