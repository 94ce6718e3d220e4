// Scenario notification faults, isolation between merchants, the control API's bad input, and
// shutdown with notifications still pending.
#include <doctest/doctest.h>

#include <atomic>
#include <future>
#include <thread>

#include "server/notify/notifier.hpp"
#include "tests/e2e/notification_support.hpp"
#include "tests/e2e/payment_support.hpp"

using namespace antom;
using namespace antom::test;
using namespace std::chrono_literals;

namespace {

std::string demo(SimFixture& fx) { return fx.app().merchants.find(fx.demo_client_id())->client_id; }

std::string result_status(const std::string& body) {
  auto doc = parse_json(body);
  return doc.HasMember("result") ? text(doc["result"], "resultStatus") : std::string{};
}

}  // namespace

TEST_CASE("DROP never sends and journals the drop; DELAY waits on the virtual clock") {
  SimFixture fx;
  NotifyReceiver receiver(antom_public_key(fx.app().keys.antom_private));
  const auto dropped = inject(fx, demo(fx), state::NotifyKind::Payment, "PAYMENT_RESULT", receiver.url("/a"), {.drop = true});
  const auto delayed = inject(fx, demo(fx), state::NotifyKind::Payment, "PAYMENT_RESULT", receiver.url("/b"), {.delay = 90000ms});
  REQUIRE(flush(fx));
  CHECK(receiver.count() == 0);
  auto j = journal(fx, dropped);
  CHECK(text(j, "state") == "DROPPED");
  CHECK(text(j, "note").find("DROP") != std::string::npos);
  CHECK(j["attempts"].Size() == 0);
  fx.advance(89s);
  REQUIRE(flush(fx));
  CHECK(receiver.count() == 0);
  fx.advance(1s);
  REQUIRE(flush(fx));
  REQUIRE(receiver.count() == 1);
  CHECK(receiver.received()[0].path == "/b");
  CHECK(text(journal(fx, delayed), "state") == "DELIVERED");
  fx.advance(48h);
  REQUIRE(flush(fx));
  CHECK(receiver.count() == 1);  // the dropped one stays dropped
}

TEST_CASE("DUPLICATE delivers identical copies after the original; CHANGE_STATUS_ON_DUPLICATE flips the copy") {
  SimFixture fx;
  NotifyReceiver receiver(antom_public_key(fx.app().keys.antom_private));
  const auto id = inject(fx, demo(fx), state::NotifyKind::Payment, "PAYMENT_RESULT", receiver.url(), {.duplicates = 2});
  REQUIRE(flush(fx));
  REQUIRE(receiver.wait_for(3));
  auto got = receiver.received();
  CHECK(got.size() == 3);
  for (const auto& n : got) {
    CHECK(n.signature_ok);
    CHECK(n.body == got[0].body);
  }
  auto list = fx.control("GET", "/_sim/notifications?type=PAYMENT_RESULT");
  CHECK(list.json["total"].GetUint64() == 3);
  CHECK(text(list.json["notifications"][1], "duplicateOf") == id);

  receiver.clear();
  (void)inject(fx, demo(fx), state::NotifyKind::Payment, "PAYMENT_RESULT", receiver.url(), {.change_status_on_duplicate = true});
  REQUIRE(flush(fx));
  REQUIRE(receiver.wait_for(2));
  got = receiver.received();
  REQUIRE(got.size() == 2);
  CHECK(result_status(got[0].body) == "S");
  CHECK(result_status(got[1].body) == "F");
  CHECK(got[1].signature_ok);
}

TEST_CASE("REORDER delivers a notification after the merchant's next one") {
  SimFixture fx;
  NotifyReceiver receiver(antom_public_key(fx.app().keys.antom_private));
  (void)inject(fx, demo(fx), state::NotifyKind::Authorization, "AUTHCODE_CREATED", receiver.url("/first"), {.reorder = true});
  REQUIRE(flush(fx));
  CHECK(receiver.count() == 0);
  (void)inject(fx, demo(fx), state::NotifyKind::Payment, "PAYMENT_RESULT", receiver.url("/second"));
  REQUIRE(flush(fx));
  REQUIRE(receiver.wait_for(2));
  const auto got = receiver.received();
  CHECK(got[0].path == "/second");
  CHECK(got[1].path == "/first");
}

TEST_CASE("BAD_SIGNATURE and UNKNOWN_KEY_VERSION reach the merchant, and its SDK helper rejects or flags them") {
  SimFixture fx;
  NotifyReceiver receiver(antom_public_key(fx.app().keys.antom_private));
  (void)inject(fx, demo(fx), state::NotifyKind::Payment, "PAYMENT_RESULT", receiver.url("/bad"), {.bad_signature = true});
  (void)inject(fx, demo(fx), state::NotifyKind::Payment, "PAYMENT_RESULT", receiver.url("/v99"), {.unknown_key_version = true});
  (void)inject(fx, demo(fx), state::NotifyKind::Payment, "PAYMENT_RESULT", receiver.url("/now"), {.before_response = true});
  REQUIRE(flush(fx));
  REQUIRE(receiver.wait_for(3));
  for (const auto& n : receiver.received()) {
    CAPTURE(n.path);
    if (n.path == "/bad") {
      CHECK_FALSE(n.signature_ok);
      CHECK(n.key_version == 1);
    } else if (n.path == "/v99") {
      CHECK(n.key_version == 99);
      CHECK(n.signature_ok);  // signed with the real key; only the announced version is wrong
    } else {
      CHECK(n.signature_ok);
    }
  }
}

TEST_CASE("BEFORE_RESPONSE: the sender reports when the merchant's first attempts have been made") {
  SimFixture fx;
  NotifyReceiver receiver(antom_public_key(fx.app().keys.antom_private));
  auto* notifier = fx.app().notifier.get();
  REQUIRE(notifier);
  const auto after_before_response = [&](std::chrono::milliseconds timeout) {
    std::promise<bool> delivered;
    notifier->after_before_response(demo(fx), timeout, [&](bool ok) { delivered.set_value(ok); });
    return delivered.get_future().get();
  };
  (void)inject(fx, demo(fx), state::NotifyKind::Payment, "PAYMENT_RESULT", receiver.url("/ordinary"));
  (void)inject(fx, demo(fx), state::NotifyKind::Payment, "PAYMENT_RESULT", receiver.url("/first"), {.before_response = true});
  CHECK(after_before_response(5s));
  bool seen = false;
  for (const auto& n : receiver.received()) seen = seen || n.path == "/first";
  CHECK(seen);  // already received when `done` runs, without waiting on the receiver
  CHECK(after_before_response(0ms));  // nothing left waiting

  // An endpoint that never answers within the wait: `done` says so when the wait is over.
  receiver.set_mode(ReceiverMode::Slow);
  receiver.set_slow_delay(3s);
  (void)inject(fx, demo(fx), state::NotifyKind::Payment, "PAYMENT_RESULT", receiver.url("/slow"), {.before_response = true});
  CHECK_FALSE(after_before_response(200ms));
}

TEST_CASE("BEFORE_RESPONSE holds the answer, not the thread: with one I/O thread other connections are served") {
  FixtureOptions options;
  options.threads = 1;
  SimFixture fx(options);
  NotifyReceiver receiver(antom_public_key(fx.app().keys.antom_private));
  receiver.set_mode(ReceiverMode::Slow);
  receiver.set_slow_delay(4s);  // under the 5 s attempt timeout: the pay answer waits for it
  const auto token = pay::mint(fx);
  REQUIRE_FALSE(token.access_token.empty());
  std::atomic<bool> answered{false};
  ApiResult paid;
  std::thread payer([&] {
    paid = fx.call(pay::kPay,
                   pay::pay_body("before-1", token.access_token, "1000", "PHP", "GCASH",
                                 R"(,"paymentNotifyUrl":")" + receiver.url() + "\""),
                   pay::with_scenario("notify-before-response"));
    answered = true;
  });
  REQUIRE(receiver.wait_for(1));  // the notification is being attempted; the pay answer is held
  const auto other = fx.control("GET", "/_sim/clock");
  CHECK(other.http_status == 200);
  CHECK_FALSE(answered.load());  // the second connection was answered while the first still waited
  payer.join();
  CHECK(paid.code() == "SUCCESS");
  CHECK(paid.signature_ok);
  CHECK(receiver.count() == 1);  // it was there before the answer
}

TEST_CASE("two merchants, one endpoint hangs: the other's notifications are not delayed, the hung one times out") {
  SimFixture fx;
  fx.add_merchant("SANDBOX_OTHER");
  NotifyReceiver good(antom_public_key(fx.app().keys.antom_private));
  NotifyReceiver hung(antom_public_key(fx.app().keys.antom_private));
  hung.set_mode(ReceiverMode::Slow);
  hung.set_slow_delay(8s);  // longer than the 5 s attempt timeout
  const std::string other = fx.app().merchants.find("SANDBOX_OTHER")->client_id;
  const auto stuck = inject(fx, other, state::NotifyKind::Payment, "PAYMENT_RESULT", hung.url());
  REQUIRE(hung.wait_for(1));
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 5; ++i) (void)inject(fx, demo(fx), state::NotifyKind::Payment, "PAYMENT_RESULT", good.url());
  REQUIRE(good.wait_for(5, 3s));
  CHECK(std::chrono::steady_clock::now() - started < 2s);
  // The API answers meanwhile too.
  CHECK(fx.control("GET", "/_sim/notifications?merchant=SANDBOX_OTHER&state=IN_FLIGHT").json["total"].GetUint64() == 1);
  REQUIRE(flush(fx, "15s"));
  auto j = journal(fx, stuck, "SANDBOX_OTHER");
  REQUIRE(j["attempts"].Size() >= 1);
  CHECK(text(j["attempts"][0], "error").find("timed out") != std::string::npos);
  CHECK(j["attempts"][0]["latencyMs"].GetDouble() >= 4900.0);
}

TEST_CASE("the control API rejects bad input with a clear answer") {
  SimFixture fx;
  CHECK(fx.control("GET", "/_sim/notifications?state=LOST").http_status == 400);
  CHECK(fx.control("GET", "/_sim/notifications?kind=EMAIL").http_status == 400);
  CHECK(fx.control("GET", "/_sim/notifications?limit=0").http_status == 400);
  CHECK(fx.control("GET", "/_sim/notifications?limit=abc").http_status == 400);
  CHECK(fx.control("GET", "/_sim/notifications?merchant=NOBODY").http_status == 404);
  CHECK(fx.control("GET", "/_sim/notifications/ntf_424242").http_status == 404);
  CHECK(fx.control("GET", "/_sim/notifications/..%2F..%2Fetc").http_status == 404);
  CHECK(fx.control("POST", "/_sim/notifications/ntf_424242/redeliver").http_status == 404);
  CHECK(fx.control("POST", "/_sim/notifications/ntf_1/redeliver", "not json").http_status == 400);
  CHECK(fx.control("POST", "/_sim/notifications/ntf_1/redeliver", R"({"url":"ftp://x"})").http_status == 400);
  for (const char* body : {R"({})", R"({"schedule":"weekly"})", R"({"schedule":[-1]})", R"({"schedule":[1.5]})",
                           R"({"schedule":["60"]})", R"({"schedule":[999999999]})", R"({"schedule":7})", "[]", "{"})
    CHECK_MESSAGE(fx.control("PUT", "/_sim/notifications/schedule", body).http_status == 400, body);
  std::string long_list = "[";
  for (int i = 0; i < 51; ++i) long_list += std::string(i ? "," : "") + "1";
  CHECK(fx.control("PUT", "/_sim/notifications/schedule", R"({"schedule":)" + long_list + "]}").http_status == 400);
  CHECK(fx.control("PUT", "/_sim/notifications/schedule", R"({"schedule":"sandbox","merchant":"NOBODY"})").http_status == 404);
  CHECK(fx.control("POST", "/_sim/notifications/flush?timeout=forever").http_status == 400);
  auto all = fx.control("GET", "/_sim/notifications");
  CHECK(all.http_status == 200);
  CHECK(all.json["total"].GetUint64() == 0);
  auto schedule = fx.control("GET", "/_sim/notifications/schedule");
  CHECK(schedule.json["global"]["maxAttempts"].GetUint64() == 9);
}

TEST_CASE("a notification without any URL is journaled as failed, never silently lost") {
  SimFixture fx;
  const auto id = inject(fx, demo(fx), state::NotifyKind::Payment, "PAYMENT_RESULT", "");
  REQUIRE(flush(fx));
  auto j = journal(fx, id);
  // Production schedule: the first attempt and its 0 s resend, then the next one 2 minutes on.
  REQUIRE(j["attempts"].Size() == 2);
  for (const auto& a : j["attempts"].GetArray()) {
    CHECK(text(a, "error").find("no notification URL") != std::string::npos);
    CHECK_FALSE(a["acknowledged"].GetBool());
  }
  CHECK(text(j, "state") == "PENDING");
  CHECK(text(j["attempts"][1], "nextAttemptAt") != "");
  CHECK(fx.control("GET", "/_sim/notifications/" + id).http_status == 200);
  fx.advance(2min);
  REQUIRE(flush(fx));
  CHECK(journal(fx, id)["attempts"].Size() == 3);
  fx.advance(48h);
  for (int i = 0; i < 10 && journal(fx, id)["attempts"].Size() < 9; ++i) REQUIRE(flush(fx));
  j = journal(fx, id);
  CHECK(j["attempts"].Size() == 9);
  CHECK(text(j, "state") == "GIVEN_UP");
  const auto* notifier = fx.app().notifier.get();
  REQUIRE(notifier);
  CHECK(notifier->stats().failed_attempts >= 9);
  CHECK(notifier->stats().in_flight == 0);
}

TEST_CASE("a notification without its own URL goes to the merchant's default URL once one is registered") {
  SimFixture fx;
  const auto id = inject(fx, demo(fx), state::NotifyKind::Payment, "PAYMENT_RESULT", "");
  REQUIRE(flush(fx));
  REQUIRE(journal(fx, id)["attempts"].Size() == 2);  // nowhere to send yet
  NotifyReceiver receiver(antom_public_key(fx.app().keys.antom_private));
  auto merchant = *fx.app().merchants.find(demo(fx));
  merchant.notify_url = receiver.url("/default");
  fx.app().merchants.upsert(merchant);
  fx.advance(2min);
  REQUIRE(flush(fx));
  REQUIRE(receiver.wait_for(1));
  CHECK(receiver.received()[0].path == "/default");
  auto j = journal(fx, id);
  CHECK(j["attempts"].Size() == 3);
  CHECK(text(j, "state") == "DELIVERED");
}

TEST_CASE("shutdown lets in-flight attempts finish or journals them, and reports what is still pending") {
  SimFixture fx;
  NotifyReceiver slow(antom_public_key(fx.app().keys.antom_private));
  slow.set_mode(ReceiverMode::Slow);
  slow.set_slow_delay(3s);
  NotifyReceiver dead(antom_public_key(fx.app().keys.antom_private));
  dead.set_mode(ReceiverMode::WrongBody);
  const auto hanging = inject(fx, demo(fx), state::NotifyKind::Payment, "PAYMENT_RESULT", slow.url());
  const auto failing = inject(fx, demo(fx), state::NotifyKind::Refund, "REFUND_RESULT", dead.url());
  REQUIRE(slow.wait_for(1));
  REQUIRE(dead.wait_for(2));
  const auto pending = fx.simulator().stop(200ms);
  CHECK(pending == 2);  // the aborted one and the one waiting for its 2-minute resend
  const auto merchant = demo(fx);
  fx.app().world.with_merchant(merchant, [&](state::MerchantState& m) {
    const auto* h = m.outbox.find(hanging);
    REQUIRE(h);
    CHECK(h->state == state::DeliveryState::Pending);
    REQUIRE(h->attempts.size() == 1);
    CHECK(h->attempts[0].error.starts_with("shutdown"));
    CHECK(m.outbox.find(failing)->attempts.size() == 2);
  });
}
