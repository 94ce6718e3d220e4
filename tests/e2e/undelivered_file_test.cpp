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
