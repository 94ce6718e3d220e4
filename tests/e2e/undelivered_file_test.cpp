// #21 item 11: a stop with notifications still undelivered writes them to a file in the data
// directory, each with its id, merchant, URL, body and attempts.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "server/notify/undelivered_file.hpp"
#include "tests/e2e/notification_support.hpp"

using namespace antom;
using namespace antom::test;

TEST_CASE("stop with undelivered notifications: they are written to a file in the data directory") {
  SimFixture fx;
  NotifyReceiver receiver(antom_public_key(fx.app().keys.antom_private));
  receiver.set_mode(ReceiverMode::Http500);
  const auto failing = inject(fx, fx.demo_client_id(), state::NotifyKind::Payment, "PAYMENT_RESULT", receiver.url("/fails"));
  NotifyReceiver ok(antom_public_key(fx.app().keys.antom_private));
  const auto delivered = inject(fx, fx.demo_client_id(), state::NotifyKind::Refund, "REFUND_RESULT", ok.url("/ok"));
  REQUIRE(flush(fx));
  REQUIRE(receiver.wait_for(1));
  CHECK(fx.simulator().stop(std::chrono::milliseconds(100)) == 1);

  const auto left = server::write_undelivered_notifications(fx.app());
  CHECK(left.error.empty());
  REQUIRE(left.count == 1);
  CHECK(left.path.parent_path() == std::filesystem::path(fx.data_dir()));
  std::ifstream in(left.path);
  std::stringstream ss;
  ss << in.rdbuf();
  const auto doc = parse_json(ss.str());
  REQUIRE(doc.HasMember("notifications"));
  REQUIRE(doc["notifications"].Size() == 1);
  const auto& entry = doc["notifications"][0];
  CHECK(text(entry, "sendTo") == receiver.url("/fails"));
  const auto& n = entry["notification"];
  CHECK(text(n, "id") == failing);
  CHECK(text(n, "merchant") == fx.demo_client_id());
  CHECK(text(n["body"], "notifyType") == "PAYMENT_RESULT");
  REQUIRE(n["attempts"].Size() >= 1);  // production retries once at once (a 0 s gap)
  CHECK(n["attempts"][0]["httpStatus"].GetInt() == 500);
  CHECK(ss.str().find(delivered) == std::string::npos);  // delivered ones are not listed
}

TEST_CASE("stop with nothing undelivered writes no file") {
  SimFixture fx;
  fx.simulator().stop(std::chrono::milliseconds(50));
  const auto left = server::write_undelivered_notifications(fx.app());
  CHECK(left.count == 0);
  CHECK(left.path.empty());
}

TEST_CASE("retention: finished notifications older than N virtual days leave the journal, counted; pending ones stay") {
  SimFixture fx({.retention_days = 1});
  // a failed attempt is retried after 7 days: the failing one stays pending past the retention
  REQUIRE(fx.control("PUT", "/_sim/notifications/schedule", R"({"schedule":[604800]})").http_status == 200);
  NotifyReceiver ok(antom_public_key(fx.app().keys.antom_private));
  NotifyReceiver dead(antom_public_key(fx.app().keys.antom_private));
  dead.set_mode(ReceiverMode::Http500);
  const auto old_one = inject(fx, fx.demo_client_id(), state::NotifyKind::Payment, "PAYMENT_RESULT", ok.url("/old"));
  const auto failing = inject(fx, fx.demo_client_id(), state::NotifyKind::Payment, "PAYMENT_RESULT", dead.url("/dead"));
  REQUIRE(flush(fx));
  REQUIRE(ok.wait_for(1));
  fx.advance(std::chrono::hours(12));
  const auto newer = inject(fx, fx.demo_client_id(), state::NotifyKind::Refund, "REFUND_RESULT", ok.url("/new"));
  REQUIRE(flush(fx));
  fx.advance(std::chrono::hours(13));  // old_one is 25 h old, newer 13 h; the failing one is still pending
  REQUIRE(flush(fx));
  auto list = fx.control("GET", "/_sim/notifications");
  CHECK(list.json["expired"].GetUint64() == 1);
  CHECK(fx.control("GET", "/_sim/notifications/" + old_one).http_status == 404);
  CHECK(fx.control("GET", "/_sim/notifications/" + newer).http_status == 200);
  CHECK(fx.control("GET", "/_sim/notifications/" + failing).http_status == 200);
  const auto stats = fx.control("POST", "/_sim/notifications/flush");
  CHECK(stats.json["expired"].GetUint64() == 1);
  fx.advance(std::chrono::hours(24 * 7));
  REQUIRE(flush(fx));  // the failing one's second attempt fails: given up
  REQUIRE(dead.wait_for(2));
  fx.advance(std::chrono::milliseconds(1));
  REQUIRE(flush(fx));  // and, finished and old, it leaves with the newer one
  CHECK(fx.control("GET", "/_sim/notifications").json["expired"].GetUint64() == 3);
  CHECK(fx.control("GET", "/_sim/notifications").json["total"].GetUint64() == 0);
}

TEST_CASE("retention is off by default: old finished notifications stay") {
  SimFixture fx;
  NotifyReceiver ok(antom_public_key(fx.app().keys.antom_private));
  const auto id = inject(fx, fx.demo_client_id(), state::NotifyKind::Payment, "PAYMENT_RESULT", ok.url());
  REQUIRE(flush(fx));
  fx.advance(std::chrono::hours(24 * 400));
  REQUIRE(flush(fx));
  CHECK(fx.control("GET", "/_sim/notifications/" + id).http_status == 200);
  CHECK(fx.control("GET", "/_sim/notifications").json["expired"].GetUint64() == 0);
}
