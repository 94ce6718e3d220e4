// The portal's actions through the control API (POST /_sim/payments/{paymentId}/refund and
// /cancel): the same state code as the signed refund and cancel, so the same rules, codes,
// messages and notifications; and GET /_sim/payments/stats, the overview's counts.
#include <doctest/doctest.h>

#include "tests/e2e/payment_support.hpp"
#include "server/crypto/codec.hpp"
#include "tests/support/notify_receiver.hpp"

using namespace antom::test;
using namespace antom::test::pay;

namespace {
std::string paid(SimFixture& fx, const Token& t, const std::string& request_id, const std::string& value,
                 const std::string& client_id = {}) {
  CallOptions o;
  o.client_id = client_id;
  auto r = fx.call(kPay, pay_body(request_id, t.access_token, value), o);
  REQUIRE(r.code() == "SUCCESS");
  return r.text("paymentId");
}

std::string amount(const std::string& value, const std::string& currency = "PHP") {
  return R"({"refundAmount":{"currency":")" + currency + R"(","value":")" + value + R"("}})";
}

std::string result_text(const HttpResult& r, const char* name) {
  if (!r.json.IsObject() || !r.json.HasMember("result") || !r.json["result"].HasMember(name)) return {};
  return r.json["result"][name].GetString();
}
}  // namespace

TEST_CASE("a refund started through the control API reaches the merchant's receiver and inquiryRefund") {
  SimFixture fx;
  NotifyReceiver receiver(antom_public_key(fx.app().keys.antom_private));
  const std::string merchant = "SANDBOX_PORTAL01";
  fx.add_merchant(merchant, receiver.url("/antom/notify"));
  const Token t = mint(fx, "GCASH", merchant);
  const std::string id = paid(fx, t, "PA-1", "10000", merchant);
  REQUIRE(receiver.wait_for(1));  // the PAYMENT_RESULT
  receiver.clear();

  // No clientId: the only merchant holding this paymentId. No refundRequestId: one is made.
  auto r = fx.control("POST", "/_sim/payments/" + id + "/refund", amount("2500"));
  REQUIRE(r.http_status == 200);
  CHECK(result_text(r, "resultCode") == "SUCCESS");
  CHECK(result_text(r, "resultStatus") == "S");
  const std::string refund_id = r.json["refundId"].GetString();
  const std::string request_id = r.json["refundRequestId"].GetString();
  CHECK(request_id.rfind("portal-", 0) == 0);
  CHECK(std::string(r.json["refundAmount"]["value"].GetString()) == "2500");

  REQUIRE(receiver.wait_for(1));
  const auto got = receiver.received();
  CHECK(got[0].signature_ok);
  CHECK(got[0].client_id == merchant);
  CHECK(got[0].body.find(R"("notifyType":"REFUND_RESULT")") != std::string::npos);
  CHECK(got[0].body.find(refund_id) != std::string::npos);

  auto inq = fx.call(kInquiryRefund, R"({"refundRequestId":")" + request_id + R"("})", as_client(merchant));
  CHECK(inq.signature_ok);
  CHECK(inq.code() == "SUCCESS");
  CHECK(inq.text("refundId") == refund_id);
  CHECK(inq.text("refundStatus") == "SUCCESS");
  CHECK(inq.text("refundAmount.value") == "2500");

  // The same refundRequestId again is the API's idempotent replay; another amount is refused.
  const std::string again = R"({"refundRequestId":")" + request_id + R"(","refundAmount":{"currency":"PHP","value":"2500"}})";
  auto replay = fx.control("POST", "/_sim/payments/" + id + "/refund?clientId=" + merchant, again);
  CHECK(result_text(replay, "resultCode") == "SUCCESS");
  CHECK(std::string(replay.json["refundId"].GetString()) == refund_id);
  auto other = fx.control("POST", "/_sim/payments/" + id + "/refund",
                          R"({"refundRequestId":")" + request_id + R"(","refundAmount":{"currency":"PHP","value":"2600"}})");
  CHECK(result_text(other, "resultCode") == "REPEAT_REQ_INCONSISTENT");
}

TEST_CASE("control refunds obey the API's rules: over-refund, currency, an unknown payment or merchant") {
  SimFixture fx;
  const Token t = mint(fx);
  const std::string id = paid(fx, t, "PR-1", "10000");
  const std::string other = paid(fx, t, "PR-2", "10000");
  auto api_over = fx.call(kRefund, refund_body("PR-R1", other, "10001"));
  auto over = fx.control("POST", "/_sim/payments/" + id + "/refund", amount("10001"));
  CHECK(over.http_status == 200);
  CHECK(result_text(over, "resultCode") == "REFUND_AMOUNT_EXCEED");
  CHECK(result_text(over, "resultCode") == api_over.code());
  CHECK(result_text(over, "resultStatus") == "F");
  CHECK(result_text(over, "resultMessage") == api_over.message());
  CHECK_FALSE(over.json.HasMember("refundId"));
  CHECK(result_text(fx.control("POST", "/_sim/payments/" + id + "/refund", amount("100", "USD")), "resultCode") ==
        "CURRENCY_NOT_SUPPORT");
  CHECK(result_text(fx.control("POST", "/_sim/payments/" + id + "/refund", amount("10000")), "resultCode") == "SUCCESS");
  CHECK(result_text(fx.control("POST", "/_sim/payments/" + id + "/refund", amount("1")), "resultCode") ==
        "REFUND_AMOUNT_EXCEED");

  auto unknown = fx.control("POST", "/_sim/payments/20260301194000000000000000000/refund", amount("100"));
  CHECK(unknown.http_status == 404);
  CHECK(std::string(unknown.json["error"].GetString()) == "NOT_FOUND");
  auto no_merchant = fx.control("POST", "/_sim/payments/" + id + "/refund?clientId=SANDBOX_NOBODY", amount("100"));
  CHECK(no_merchant.http_status == 404);
  CHECK(std::string(no_merchant.body).find("SANDBOX_NOBODY") != std::string::npos);
}

TEST_CASE("control refund: malformed bodies are refused with the problem named, and change nothing") {
  SimFixture fx;
  const Token t = mint(fx);
  const std::string id = paid(fx, t, "PB-1", "10000");
  const std::string path = "/_sim/payments/" + id + "/refund";
  struct Case {
    std::string body;
    std::string names;
  };
  const std::vector<Case> cases = {
      {"{}", "refundAmount"},
      {R"({"refundAmount":"100"})", "refundAmount"},
      {R"({"refundAmount":{"value":"100"}})", "currency"},
      {R"({"refundAmount":{"currency":"PHP"}})", "value"},
      {R"({"refundAmount":{"currency":"PHP","value":"-5"}})", "value"},
      {R"({"refundAmount":{"currency":"PHP","value":"12x"}})", "value"},
      {R"({"refundAmount":{"currency":"PHP","value":"12345678901234567"}})", "value"},
      {R"({"refundAmount":{"currency":"PHP","value":1.5}})", "value"},
      {R"({"refundAmount":{"currency":"PHP","value":"100"},"refundNotifyUrl":"ftp://x"})", "refundNotifyUrl"},
      {R"({"refundAmount":{"currency":"PHP","value":"100"},"refundRequestId":")" + std::string(65, 'a') + "\"}", "refundRequestId"},
      {R"({"refundAmount":{"currency":"PHP","value":"100"},"refundReason":")" + std::string(257, 'r') + "\"}", "refundReason"},
      {R"({"refundAmount":{"currency":"PHP","value":"100"},"reason":"x"})", "reason"},
      {"[1]", "object"},
  };
  for (const auto& c : cases) {
    auto r = fx.control("POST", path, c.body);
    CHECK_MESSAGE(r.http_status == 400, c.body);
    CHECK_MESSAGE(r.body.find(c.names) != std::string::npos, c.body, " -> ", r.body);
  }
  CHECK(fx.control("GET", "/_sim/refunds").json["total"].GetInt() == 0);
  auto with_reason = fx.control("POST", path, R"({"refundAmount":{"currency":"PHP","value":"100"},"refundReason":"damaged"})");
  CHECK(result_text(with_reason, "resultCode") == "SUCCESS");
}

TEST_CASE("control cancel: within the window, then CANCEL_WINDOW_EXCEED with the API's message") {
  SimFixture fx;
  fx.set_time("2026-03-01T23:50:00+08:00");
  const Token t = mint(fx);
  const std::string a = paid(fx, t, "PC-1", "10000");
  const std::string b = paid(fx, t, "PC-2", "10000");
  const std::string c = paid(fx, t, "PC-3", "10000");
  fx.set_time("2026-03-02T00:14:59+08:00");
  auto ok = fx.control("POST", "/_sim/payments/" + a + "/cancel");
  REQUIRE(ok.http_status == 200);
  CHECK(result_text(ok, "resultCode") == "SUCCESS");
  CHECK(std::string(ok.json["cancelTime"].GetString()) == "2026-03-02T00:14:59+08:00");
  CHECK(std::string(ok.json["paymentRequestId"].GetString()) == "PC-1");
  CHECK(fx.call(kInquiry, by_payment_id(a)).text("paymentStatus") == "CANCELLED");

  fx.set_time("2026-03-02T00:15:00+08:00");
  auto api_late = fx.call(kCancel, by_payment_id(b));
  REQUIRE(api_late.code() == "CANCEL_WINDOW_EXCEED");
  auto late = fx.control("POST", "/_sim/payments/" + c + "/cancel", "{}");
  CHECK(late.http_status == 200);
  CHECK(result_text(late, "resultCode") == "CANCEL_WINDOW_EXCEED");
  CHECK(result_text(late, "resultStatus") == "F");
  CHECK_FALSE(result_text(late, "resultMessage").empty());
  CHECK(result_text(late, "resultMessage") == api_late.message());
  CHECK(fx.call(kInquiry, by_payment_id(c)).text("paymentStatus") == "SUCCESS");
  CHECK(fx.control("POST", "/_sim/payments/nope/cancel").http_status == 404);
  CHECK(fx.control("POST", "/_sim/payments/" + c + "/cancel", R"({"reason":"x"})").http_status == 400);
}

TEST_CASE("with several merchants, the payment's merchant is found, or named by clientId") {
  SimFixture fx;
  fx.add_merchant("SANDBOX_PORTAL02");
  const Token t = mint(fx, "GCASH", fx.demo_client_id());
  const std::string id = paid(fx, t, "PD-1", "10000");
  // Only the demo merchant holds it, so no clientId is needed.
  CHECK(result_text(fx.control("POST", "/_sim/payments/" + id + "/refund", amount("100")), "resultCode") == "SUCCESS");
  auto wrong = fx.control("POST", "/_sim/payments/" + id + "/refund?clientId=SANDBOX_PORTAL02", amount("100"));
  CHECK(wrong.http_status == 404);
}

TEST_CASE("payment counts by status in one call") {
  SimFixture fx;
  fx.add_merchant("SANDBOX_PORTAL03");
  const Token t = mint(fx, "GCASH", fx.demo_client_id());
  const std::string a = paid(fx, t, "PS-1", "10000");
  paid(fx, t, "PS-2", "10000");
  REQUIRE(result_text(fx.control("POST", "/_sim/payments/" + a + "/cancel"), "resultCode") == "SUCCESS");
  const Token t3 = mint(fx, "GCASH", "SANDBOX_PORTAL03");
  paid(fx, t3, "PS-3", "10000", "SANDBOX_PORTAL03");
  auto all = fx.control("GET", "/_sim/payments/stats");
  REQUIRE(all.http_status == 200);
  CHECK(all.json["total"].GetInt() == 3);
  CHECK(all.json["byStatus"]["SUCCESS"].GetInt() == 2);
  CHECK(all.json["byStatus"]["CANCELLED"].GetInt() == 1);
  CHECK(all.json["byStatus"]["FAIL"].GetInt() == 0);
  CHECK(all.json["byStatus"]["PROCESSING"].GetInt() == 0);
  // The same as the listing's filtered totals.
  CHECK(fx.control("GET", "/_sim/payments?status=SUCCESS&limit=1").json["total"].GetInt() == 2);
  auto one = fx.control("GET", "/_sim/payments/stats?clientId=SANDBOX_PORTAL03");
  CHECK(one.json["total"].GetInt() == 1);
  CHECK(fx.control("GET", "/_sim/payments/stats?clientId=SANDBOX_NOBODY").http_status == 404);
  CHECK(fx.control("GET", "/_sim/payments/stats?status=SUCCESS").http_status == 400);
}

namespace {
// Sums a bucket field over GET /_sim/activity's buckets; `at` gets the index of the last bucket
// where it was non-zero.
int activity_sum(const HttpResult& r, const char* group, const char* name, int* at = nullptr) {
  int sum = 0;
  const auto& buckets = r.json["buckets"];
  for (rapidjson::SizeType i = 0; i < buckets.Size(); ++i) {
    const int n = buckets[i][group][name].GetInt();
    if (n > 0 && at) *at = static_cast<int>(i);
    sum += n;
  }
  return sum;
}
}  // namespace

TEST_CASE("activity over virtual time: payments by creation hour, notification attempts by outcome") {
  SimFixture fx;
  NotifyReceiver receiver(antom_public_key(fx.app().keys.antom_private));
  const std::string merchant = "SANDBOX_PORTAL04";
  fx.add_merchant(merchant, receiver.url("/antom/notify"));
  receiver.script({ReceiverMode::Http500});  // the first PAYMENT_RESULT is refused, the retry acknowledged
  const Token t = mint(fx, "GCASH", merchant);
  paid(fx, t, "PT-1", "10000", merchant);
  paid(fx, t, "PT-2", "10000", merchant);
  REQUIRE(receiver.wait_for(2));
  REQUIRE(fx.control("POST", "/_sim/clock/advance", R"({"by":"2m"})").http_status == 200);  // the retry is due
  REQUIRE(receiver.wait_for(3));
  REQUIRE(fx.control("POST", "/_sim/notifications/flush").http_status == 200);

  auto before = fx.control("GET", "/_sim/activity?clientId=" + merchant);
  REQUIRE(before.http_status == 200);
  CHECK(std::string(before.json["bucket"].GetString()) == "1h");
  REQUIRE(before.json["buckets"].Size() == 24);
  int paid_at = -1;
  CHECK(activity_sum(before, "payments", "SUCCESS", &paid_at) == 2);
  CHECK(paid_at >= 22);  // this hour, or the one before when the 2 minutes crossed the hour
  CHECK(activity_sum(before, "notifications", "failed") == 1);
  CHECK(activity_sum(before, "notifications", "delivered") == 2);

  // Three hours later the payments are three buckets further back; by day they are in one bucket.
  REQUIRE(fx.control("POST", "/_sim/clock/advance", R"({"by":"3h"})").http_status == 200);
  auto later = fx.control("GET", "/_sim/activity?clientId=" + merchant);
  int later_at = -1;
  CHECK(activity_sum(later, "payments", "SUCCESS", &later_at) == 2);
  CHECK(later_at == paid_at - 3);
  auto days = fx.control("GET", "/_sim/activity?bucket=1d&buckets=7&clientId=" + merchant);
  REQUIRE(days.json["buckets"].Size() == 7);
  CHECK(activity_sum(days, "payments", "SUCCESS") == 2);
  // Another merchant's activity is not counted; all merchants' is.
  CHECK(activity_sum(fx.control("GET", "/_sim/activity?clientId=" + fx.demo_client_id()), "payments", "SUCCESS") == 0);
  CHECK(activity_sum(fx.control("GET", "/_sim/activity"), "payments", "SUCCESS") == 2);

  auto bad = fx.control("GET", "/_sim/activity?buckets=500");
  CHECK(bad.http_status == 400);
  CHECK(std::string(bad.json["message"].GetString()).find("buckets must be a whole number from 1 to 168") != std::string::npos);
  CHECK(fx.control("GET", "/_sim/activity?bucket=1w").http_status == 400);
  CHECK(fx.control("GET", "/_sim/activity?clientId=SANDBOX_NOBODY").http_status == 404);
}

TEST_CASE("payments filtered by creation time: createdFrom inclusive, createdTo exclusive, bad times named") {
  SimFixture fx;
  const Token t = mint(fx);
  const std::string early = paid(fx, t, "PC-1", "10000");
  REQUIRE(fx.control("POST", "/_sim/clock/advance", R"({"by":"2h"})").http_status == 200);
  const std::string middle = fx.control("GET", "/_sim/clock").json["now"].GetString();
  REQUIRE(fx.control("POST", "/_sim/clock/advance", R"({"by":"2h"})").http_status == 200);
  const std::string late = paid(fx, t, "PC-2", "10000");
  auto ids = [&](const std::string& query) {
    std::vector<std::string> out;
    auto r = fx.control("GET", "/_sim/payments?" + query);
    REQUIRE(r.http_status == 200);
    for (const auto& p : r.json["payments"].GetArray()) out.push_back(p["paymentId"].GetString());
    return out;
  };
  const std::string at = antom::server::url_encode(middle);
  CHECK(ids("createdFrom=" + at) == std::vector<std::string>{late});
  CHECK(ids("createdTo=" + at) == std::vector<std::string>{early});
  CHECK(ids("createdFrom=" + at + "&createdTo=" + at).empty());
  CHECK(ids("createdFrom=" + at + "&paymentId=" + early).empty());  // the index answer is filtered too
  auto bad = fx.control("GET", "/_sim/payments?createdFrom=yesterday");
  CHECK(bad.http_status == 400);
  CHECK(std::string(bad.json["message"].GetString()) == "createdFrom must be a time like 2026-03-01T10:00:00+08:00; got 'yesterday'.");
}
