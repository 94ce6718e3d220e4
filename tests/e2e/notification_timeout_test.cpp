// The notification attempt timeout, globally (--notify-timeout-ms) and per merchant
// (notifyTimeoutMs): a receiver that hangs costs the configured time, and the attempt is
// journaled as a timeout. Bounds are loose on purpose: the point is 5 s (the default) not spent.
#include <doctest/doctest.h>

#include "tests/e2e/notification_support.hpp"
#include "tests/e2e/payment_support.hpp"

using namespace antom::test;
using namespace std::chrono_literals;

namespace {

// The first attempt's journal entry of notification `id`.
rapidjson::Document first_attempt(SimFixture& fx, const std::string& id) {
  auto j = journal(fx, id);
  REQUIRE(j["attempts"].IsArray());
  REQUIRE(j["attempts"].Size() >= 1);
  rapidjson::Document out;
  out.CopyFrom(j["attempts"][0], out.GetAllocator());
  return out;
}

}  // namespace

TEST_CASE("--notify-timeout-ms ends an attempt on a hanging endpoint, journaled as a timeout") {
  SimFixture fx({.notify_timeout = 300ms});
  const std::string merchant = fx.app().merchants.find(fx.demo_client_id())->client_id;
  NotifyReceiver hanging(antom_public_key(fx.app().keys.antom_private));
  hanging.set_slow_delay(60s);
  hanging.set_mode(ReceiverMode::Slow);
  const auto started = std::chrono::steady_clock::now();
  const auto id = inject(fx, merchant, antom::state::NotifyKind::Payment, "PAYMENT_RESULT", hanging.url());
  REQUIRE(hanging.wait_for(1));
  REQUIRE(flush(fx, "20s"));
  const auto a = first_attempt(fx, id);
  CHECK(text(a, "error").find("timed out") != std::string::npos);
  CHECK(a["httpStatus"].IsNull());
  CHECK_FALSE(a["acknowledged"].GetBool());
  CHECK(a["latencyMs"].GetDouble() >= 250);
  CHECK(a["latencyMs"].GetDouble() < 4500);  // not the 5 s default
  CHECK(std::chrono::steady_clock::now() - started < 20s);
}

TEST_CASE("a merchant's notifyTimeoutMs overrides the global timeout, and is validated naming the field") {
  SimFixture fx;  // global default: 5000 ms
  NotifyReceiver hanging(antom_public_key(fx.app().keys.antom_private));
  hanging.set_slow_delay(60s);
  hanging.set_mode(ReceiverMode::Slow);
  const std::string merchant = fx.add_merchant("SANDBOX_TIMEOUT_1", hanging.url());
  for (const char* bad : {"99", "60001", "\"300\"", "-1", "{}"}) {
    CAPTURE(bad);
    const auto r = fx.control("POST", "/_sim/merchants",
                              R"({"clientId":")" + merchant + R"(","notifyTimeoutMs":)" + bad + "}");
    CHECK(r.http_status == 400);
    CHECK(r.body.find("notifyTimeoutMs") != std::string::npos);
  }
  CHECK(fx.control("GET", "/_sim/merchants/" + merchant).json["notifyTimeoutMs"].IsNull());  // nothing changed
  const auto ok = fx.control("POST", "/_sim/merchants", R"({"clientId":")" + merchant + R"(","notifyTimeoutMs":200})");
  REQUIRE(ok.http_status == 200);
  CHECK(ok.json["notifyTimeoutMs"].GetInt() == 200);

  const auto id = inject(fx, merchant, antom::state::NotifyKind::Payment, "PAYMENT_RESULT", "");
  REQUIRE(hanging.wait_for(1));
  REQUIRE(flush(fx, "20s"));
  const auto a = first_attempt(fx, id);
  CHECK(text(a, "error").find("timed out") != std::string::npos);
  CHECK(a["latencyMs"].GetDouble() >= 150);
  CHECK(a["latencyMs"].GetDouble() < 4500);

  // null goes back to the global timeout
  const auto reset = fx.control("POST", "/_sim/merchants", R"({"clientId":")" + merchant + R"(","notifyTimeoutMs":null})");
  CHECK(reset.json["notifyTimeoutMs"].IsNull());
}

TEST_CASE("BEFORE_RESPONSE waits the merchant's notifyTimeoutMs, not the global timeout") {
  SimFixture fx;  // global default: 5000 ms
  NotifyReceiver hanging(antom_public_key(fx.app().keys.antom_private));
  hanging.set_slow_delay(4s);
  hanging.set_mode(ReceiverMode::Slow);
  REQUIRE(fx.control("POST", "/_sim/merchants",
                     R"({"clientId":")" + fx.demo_client_id() + R"(","notifyTimeoutMs":300})")
              .http_status == 200);
  const auto token = pay::mint(fx);
  REQUIRE_FALSE(token.access_token.empty());
  const auto started = std::chrono::steady_clock::now();
  const auto paid = fx.call(pay::kPay,
                            pay::pay_body("before-timeout-1", token.access_token, "1000", "PHP", "GCASH",
                                          R"(,"paymentNotifyUrl":")" + hanging.url() + "\""),
                            pay::with_scenario("notify-before-response"));
  const auto waited = std::chrono::steady_clock::now() - started;
  CHECK(paid.code() == "SUCCESS");
  CHECK(hanging.count() >= 1);  // attempted before the answer
  CHECK(waited < 3s);           // the 4-s receiver was not waited for
}
