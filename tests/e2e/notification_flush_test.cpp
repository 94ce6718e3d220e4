// POST /_sim/notifications/flush waits for the sender without holding an I/O thread: with one I/O
// thread, other requests are answered while a flush waits on a slow merchant endpoint.
#include <doctest/doctest.h>

#include <future>

#include "tests/e2e/notification_support.hpp"

using namespace antom::test;
using namespace std::chrono_literals;

namespace {

using SteadyClock = std::chrono::steady_clock;

struct Answered {
  HttpResult result;
  SteadyClock::time_point at;
};

}  // namespace

TEST_CASE("a flush waiting on a slow endpoint does not stop the only I/O thread answering others") {
  SimFixture fx({.threads = 1});
  const std::string merchant = fx.app().merchants.find(fx.demo_client_id())->client_id;
  NotifyReceiver slow(antom_public_key(fx.app().keys.antom_private));
  slow.set_slow_delay(1500ms);
  slow.set_mode(ReceiverMode::Slow);
  (void)inject(fx, merchant, antom::state::NotifyKind::Payment, "PAYMENT_RESULT", slow.url());
  REQUIRE(slow.wait_for(1));  // the attempt is in flight: the flush has to wait for it

  auto flushing = std::async(std::launch::async, [&] {
    auto r = fx.control("POST", "/_sim/notifications/flush?timeout=10s");
    return Answered{std::move(r), SteadyClock::now()};
  });
  std::this_thread::sleep_for(100ms);  // the flush is waiting now
  const auto health = fx.control("GET", "/_sim/health");
  const auto health_at = SteadyClock::now();
  CHECK(health.http_status == 200);
  CHECK(flushing.wait_for(0s) == std::future_status::timeout);  // still waiting when health answered

  const Answered flushed = flushing.get();
  CHECK(health_at < flushed.at);
  REQUIRE(flushed.result.http_status == 200);
  CHECK(flushed.result.json["idle"].GetBool());
  CHECK(flushed.result.json["inFlight"].GetUint64() == 0);
  CHECK(flushed.result.json["delivered"].GetUint64() == 1);
}

TEST_CASE("a flush that times out answers 504 with the sender's counters, and the connection keeps serving") {
  SimFixture fx({.threads = 1});
  const std::string merchant = fx.app().merchants.find(fx.demo_client_id())->client_id;
  NotifyReceiver hanging(antom_public_key(fx.app().keys.antom_private));
  hanging.set_slow_delay(3s);
  hanging.set_mode(ReceiverMode::Slow);
  (void)inject(fx, merchant, antom::state::NotifyKind::Payment, "PAYMENT_RESULT", hanging.url());
  REQUIRE(hanging.wait_for(1));
  const auto started = SteadyClock::now();
  const auto r = fx.control("POST", "/_sim/notifications/flush?timeout=200ms");
  CHECK(SteadyClock::now() - started < 2s);
  REQUIRE(r.http_status == 504);
  CHECK_FALSE(r.json["idle"].GetBool());
  CHECK(r.json["inFlight"].GetUint64() == 1);
  CHECK(r.json["attempts"].GetUint64() == 1);
  CHECK(fx.control("POST", "/_sim/notifications/flush?timeout=3m").http_status == 400);
  CHECK(fx.control("GET", "/_sim/health").http_status == 200);
}
