// Scoped worlds (issue #19 item 4): a merchant's own virtual clock. Two test jobs, each with its
// own merchant on one antom-sim, run side by side: one moves its clock 31 days ahead (its token
// expires, its retries fire, its cancel window closes) while the other keeps paying with its token
// on the shared clock and sees none of it.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "tests/e2e/payment_support.hpp"
#include "tests/support/notify_receiver.hpp"

using namespace antom::test;
using namespace antom::test::pay;

namespace {

const std::string kJobA = "SANDBOX_JOB_A";
const std::string kJobB = "SANDBOX_JOB_B";

std::string pay_code(SimFixture& fx, const std::string& merchant, const std::string& token, const std::string& request_id,
                     std::string* payment_id = nullptr) {
  auto r = fx.call(kPay, pay_body(request_id, token, "1000"), as_client(merchant));
  if (payment_id) *payment_id = r.text("paymentId");
  return r.code();
}

// A token that lives 30 days (so 31 days expire it) and a buyer without daily limits.
Token token_for(SimFixture& fx, const std::string& merchant) {
  auto r = fx.control("POST", "/_sim/authorizations/tokens",
                      R"({"customerBelongsTo":"GCASH","accessTokenTtl":"720h","clientId":")" + merchant + "\"}");
  REQUIRE(r.http_status == 201);
  Token t{r.json["accessToken"].GetString(), r.json["buyerId"].GetString()};
  REQUIRE(fx.control("POST", "/_sim/buyers/" + t.access_token + "?clientId=" + merchant,
                     R"({"balance":900000000000,"dailyCountLimit":100000})").http_status == 200);
  return t;
}

// Two test jobs on one instance, each with its own merchant and a token of its own.
struct TwoJobs {
  TwoJobs() {
    fx.add_merchant(kJobA);
    fx.add_merchant(kJobB);
    a = token_for(fx, kJobA);
    b = token_for(fx, kJobB);
  }
  SimFixture fx;
  Token a, b;
};

std::string clock_now(SimFixture& fx, const std::string& merchant = {}) {
  return fx.control("GET", "/_sim/clock" + (merchant.empty() ? "" : "?clientId=" + merchant)).json["now"].GetString();
}

}  // namespace

TEST_CASE_FIXTURE(TwoJobs, "two jobs on one instance: one moves its own clock 31 days, the other keeps paying") {
  REQUIRE(pay_code(fx, kJobA, a.access_token, "A-0") == "SUCCESS");

  std::atomic<int> b_ok{0}, b_other{0};
  std::atomic<bool> a_done{false};
  std::string a_after;
  std::thread job_b([&] {  // job B pays throughout, also after job A's jump
    for (int i = 0; i < 40 || !a_done.load(); ++i) {
      (pay_code(fx, kJobB, b.access_token, "B-" + std::to_string(i)) == "SUCCESS" ? b_ok : b_other)++;
      if (i > 400) break;
    }
  });
  std::thread job_a([&] {
    auto moved = fx.control("POST", "/_sim/clock/advance", R"({"by":"744h","clientId":")" + kJobA + "\"}");
    CHECK(moved.http_status == 200);
    CHECK(moved.json["ownClock"].GetBool());
    a_after = pay_code(fx, kJobA, a.access_token, "A-1");
    a_done = true;
  });
  job_a.join();
  job_b.join();
  CHECK(a_after == "INVALID_ACCESS_TOKEN");  // A's token expired on A's clock
  CHECK(b_other.load() == 0);                // B's never did
  CHECK(b_ok.load() >= 40);
  CHECK(pay_code(fx, kJobB, b.access_token, "B-last") == "SUCCESS");

  // The clocks: A's own, 31 days ahead; B and the shared clock where they were.
  auto clock_b = fx.control("GET", "/_sim/clock?clientId=" + kJobB);
  CHECK_FALSE(clock_b.json["ownClock"].GetBool());
  const auto shared = antom::state::parse_iso8601(clock_now(fx));
  const auto at_a = antom::state::parse_iso8601(clock_now(fx, kJobA));
  const auto at_b = antom::state::parse_iso8601(clock_now(fx, kJobB));
  REQUIRE((shared && at_a && at_b));
  CHECK(*at_a - *shared >= std::chrono::hours(743));
  CHECK(*at_b - *shared < std::chrono::minutes(1));

  // A's payments and authorizations are judged on A's clock, in the control API too.
  auto tokens_a = fx.control("GET", "/_sim/authorizations?clientId=" + kJobA);
  CHECK_FALSE(tokens_a.json["authorizations"][0]["tokens"][0]["usable"].GetBool());
  auto tokens_b = fx.control("GET", "/_sim/authorizations?clientId=" + kJobB);
  CHECK(tokens_b.json["authorizations"][0]["tokens"][0]["usable"].GetBool());

  // Resetting A with clock=reset puts it back on the shared clock; its token is usable again.
  REQUIRE(fx.control("POST", "/_sim/clock/reset", R"({"clientId":")" + kJobA + "\"}").http_status == 200);
  CHECK_FALSE(fx.control("GET", "/_sim/clock?clientId=" + kJobA).json["ownClock"].GetBool());
  CHECK(pay_code(fx, kJobA, a.access_token, "A-2") == "SUCCESS");
}

TEST_CASE("a merchant's clock drives its notification retries and cancel window, not another's") {
  SimFixture fx;
  NotifyReceiver receiver_a(antom_public_key(fx.app().keys.antom_private));
  NotifyReceiver receiver_b(antom_public_key(fx.app().keys.antom_private));
  fx.add_merchant(kJobA, receiver_a.url("/a"));
  fx.add_merchant(kJobB, receiver_b.url("/b"));
  // Freeze the shared clock so only explicit moves count; A gets its own (frozen too).
  REQUIRE(fx.control("POST", "/_sim/clock/freeze").http_status == 200);
  REQUIRE(fx.control("POST", "/_sim/clock/freeze", R"({"clientId":")" + kJobA + "\"}").json["ownClock"].GetBool());
  // Production's schedule retries at once, then after 2 minutes: refuse the first two attempts.
  receiver_a.script({ReceiverMode::Http500, ReceiverMode::Http500});
  receiver_b.script({ReceiverMode::Http500, ReceiverMode::Http500});
  const Token a = token_for(fx, kJobA);
  const Token b = token_for(fx, kJobB);
  std::string pay_a, pay_b;
  REQUIRE(pay_code(fx, kJobA, a.access_token, "RA-1", &pay_a) == "SUCCESS");
  REQUIRE(pay_code(fx, kJobB, b.access_token, "RB-1", &pay_b) == "SUCCESS");
  REQUIRE(receiver_a.wait_for(2));
  REQUIRE(receiver_b.wait_for(2));

  // The next retry is 2 minutes later: moving A's clock 5 minutes sends A's, not B's.
  REQUIRE(fx.control("POST", "/_sim/clock/advance", R"({"by":"5m","clientId":")" + kJobA + "\"}").http_status == 200);
  CHECK(receiver_a.wait_for(3));
  CHECK_FALSE(receiver_b.wait_for(3, std::chrono::milliseconds(700)));
  REQUIRE(fx.control("POST", "/_sim/clock/advance", R"({"by":"5m"})").http_status == 200);  // the shared clock: B's
  CHECK(receiver_b.wait_for(3));

  // A's cancel window (until 00:15 the next day, GMT+8) closes on A's clock only.
  REQUIRE(fx.control("POST", "/_sim/clock/advance", R"({"by":"48h","clientId":")" + kJobA + "\"}").http_status == 200);
  CHECK(fx.call(kCancel, R"({"paymentId":")" + pay_a + "\"}", as_client(kJobA)).code() == "CANCEL_WINDOW_EXCEED");
  CHECK(fx.call(kCancel, R"({"paymentId":")" + pay_b + "\"}", as_client(kJobB)).code() == "SUCCESS");
}

TEST_CASE("merchant clocks: unknown merchants, a global reset, and the shared clock's moves") {
  SimFixture fx;
  fx.add_merchant(kJobA);
  auto unknown = fx.control("POST", "/_sim/clock/advance", R"({"by":"1h","clientId":"SANDBOX_NOBODY"})");
  CHECK(unknown.http_status == 404);
  CHECK(fx.control("GET", "/_sim/clock?clientId=SANDBOX_NOBODY").http_status == 404);
  // Reading does not detach: A follows the shared clock until it is moved.
  CHECK_FALSE(fx.control("GET", "/_sim/clock?clientId=" + kJobA).json["ownClock"].GetBool());
  REQUIRE(fx.control("POST", "/_sim/clock", R"({"time":"2030-01-01T00:00:00+08:00","freeze":true,"clientId":")" + kJobA + "\"}")
              .http_status == 200);
  CHECK(clock_now(fx, kJobA) == "2030-01-01T00:00:00+08:00");
  CHECK(clock_now(fx) != "2030-01-01T00:00:00+08:00");
  // Moving the shared clock leaves A's own clock alone.
  REQUIRE(fx.control("POST", "/_sim/clock/advance", R"({"by":"1h"})").http_status == 200);
  CHECK(clock_now(fx, kJobA) == "2030-01-01T00:00:00+08:00");
  // A per-merchant reset keeps its clock unless clock=reset; a global reset puts every merchant back.
  REQUIRE(fx.control("POST", "/_sim/reset?clientId=" + kJobA).http_status == 200);
  CHECK(fx.control("GET", "/_sim/clock?clientId=" + kJobA).json["ownClock"].GetBool());
  REQUIRE(fx.control("POST", "/_sim/reset").http_status == 200);
  CHECK_FALSE(fx.control("GET", "/_sim/clock?clientId=" + kJobA).json["ownClock"].GetBool());
}

TEST_CASE_FIXTURE(TwoJobs, "a control call may name its merchant in the Client-Id header, as a routing proxy sees it") {
  REQUIRE(pay_code(fx, kJobA, a.access_token, "HA-1") == "SUCCESS");
  REQUIRE(pay_code(fx, kJobB, b.access_token, "HB-1") == "SUCCESS");
  const antom::server::Headers as_a{{"client-id", kJobA}};
  auto listed = fx.control("GET", "/_sim/payments", {}, as_a);
  REQUIRE(listed.http_status == 200);
  CHECK(listed.json["total"].GetInt() == 1);
  CHECK(std::string(listed.json["payments"][0]["paymentRequestId"].GetString()) == "HA-1");
  // The header scopes the clock and a reset like clientId does.
  CHECK(fx.control("POST", "/_sim/clock/advance", R"({"by":"1h"})", as_a).json["ownClock"].GetBool());
  CHECK_FALSE(fx.control("GET", "/_sim/clock?clientId=" + kJobB).json["ownClock"].GetBool());
  REQUIRE(fx.control("POST", "/_sim/reset", {}, as_a).http_status == 200);
  CHECK(fx.control("GET", "/_sim/payments?clientId=" + kJobA).json["total"].GetInt() == 0);
  CHECK(fx.control("GET", "/_sim/payments?clientId=" + kJobB).json["total"].GetInt() == 1);
  // clientId in the query wins over the header; an unknown merchant in the header is refused.
  CHECK(fx.control("GET", "/_sim/payments?clientId=" + kJobB, {}, as_a).json["total"].GetInt() == 1);
  auto unknown = fx.control("GET", "/_sim/payments", {}, {{"client-id", "SANDBOX_NOBODY"}});
  CHECK(unknown.http_status == 404);
  CHECK(std::string(unknown.json["message"].GetString()) == "No merchant SANDBOX_NOBODY is registered.");
}

TEST_CASE("a merchant's own clock is part of its snapshot: restored, exported and imported") {
  SimFixture fx;
  fx.add_merchant(kJobA);
  const Token a = token_for(fx, kJobA);
  // Saved while A follows the shared clock: a restore puts A back on it, whatever A did since.
  REQUIRE(fx.control("POST", "/_sim/snapshots", R"({"name":"a-start","clientId":")" + kJobA + "\"}").http_status == 201);
  REQUIRE(fx.control("POST", "/_sim/clock/advance", R"({"by":"31d","clientId":")" + kJobA + "\"}").http_status == 200);
  REQUIRE(pay_code(fx, kJobA, a.access_token, "S-1") == "INVALID_ACCESS_TOKEN");
  REQUIRE(fx.control("POST", "/_sim/snapshots/a-start/restore").http_status == 200);
  CHECK_FALSE(fx.control("GET", "/_sim/clock?clientId=" + kJobA).json["ownClock"].GetBool());
  CHECK(pay_code(fx, kJobA, a.access_token, "S-2") == "SUCCESS");

  // Saved on its own clock (frozen 2 days ahead): restored to exactly that time.
  REQUIRE(fx.control("POST", "/_sim/clock", R"({"time":"2026-03-03T10:00:00+08:00","freeze":true,"clientId":")" + kJobA + "\"}")
              .http_status == 200);
  REQUIRE(fx.control("POST", "/_sim/snapshots", R"({"name":"a-ahead","clientId":")" + kJobA + "\"}").http_status == 201);
  REQUIRE(fx.control("POST", "/_sim/clock/reset", R"({"clientId":")" + kJobA + "\"}").http_status == 200);
  REQUIRE(fx.control("POST", "/_sim/snapshots/a-ahead/restore").http_status == 200);
  auto restored = fx.control("GET", "/_sim/clock?clientId=" + kJobA);
  CHECK(restored.json["ownClock"].GetBool());
  CHECK(std::string(restored.json["now"].GetString()) == "2026-03-03T10:00:00+08:00");

  // The document carries it: exported, then imported into another antom-sim.
  auto doc = fx.control("GET", "/_sim/snapshots/a-ahead");
  REQUIRE(doc.http_status == 200);
  CHECK(doc.body.find(R"("ownClock":{"frozen":true)") != std::string::npos);
  SimFixture other;
  REQUIRE(other.control("POST", "/_sim/snapshots?name=copy&apply=true", doc.body).http_status == 201);
  auto copied = other.control("GET", "/_sim/clock?clientId=" + kJobA);
  CHECK(copied.json["ownClock"].GetBool());
  CHECK(std::string(copied.json["now"].GetString()) == "2026-03-03T10:00:00+08:00");
}

TEST_CASE_FIXTURE(TwoJobs, "a merchant's wallet settings are its own: changed, read, snapshotted and reset per merchant") {
  // Job A caps GCash payments at PHP 5.00 for its own tests.
  auto changed = fx.control("PATCH", "/_sim/wallets/GCASH?clientId=" + kJobA, R"({"maxPaymentMinor":500})");
  REQUIRE(changed.http_status == 200);
  CHECK(changed.json["maxPaymentMinor"].GetInt() == 500);
  const std::string refused = pay_code(fx, kJobA, a.access_token, "W-A1");
  CHECK(refused != "SUCCESS");
  CHECK(pay_code(fx, kJobB, b.access_token, "W-B1") == "SUCCESS");  // B's table is the shared one
  auto table_a = fx.control("GET", "/_sim/wallets?clientId=" + kJobA);
  CHECK(table_a.json["ownTable"].GetBool());
  CHECK_FALSE(fx.control("GET", "/_sim/wallets?clientId=" + kJobB).json["ownTable"].GetBool());
  CHECK(fx.control("GET", "/_sim/wallets/GCASH").json["maxPaymentMinor"].GetInt() != 500);  // shared row untouched
  CHECK(fx.control("GET", "/_sim/wallets/GCASH?clientId=" + kJobA).json["maxPaymentMinor"].GetInt() == 500);

  // Part of A's snapshot: reset to the shared table, then restored with it.
  REQUIRE(fx.control("POST", "/_sim/snapshots", R"({"name":"a-wallets","clientId":")" + kJobA + "\"}").http_status == 201);
  REQUIRE(fx.control("POST", "/_sim/wallets/reset?clientId=" + kJobA).http_status == 200);
  CHECK(pay_code(fx, kJobA, a.access_token, "W-A2") == "SUCCESS");
  REQUIRE(fx.control("POST", "/_sim/snapshots/a-wallets/restore").http_status == 200);
  CHECK(pay_code(fx, kJobA, a.access_token, "W-A3") == refused);
  auto doc = fx.control("GET", "/_sim/snapshots/a-wallets");
  CHECK(doc.body.find(R"("ownWallets":[)") != std::string::npos);

  // A per-merchant reset forgets them with the rest of its state; unknown merchants are refused.
  REQUIRE(fx.control("POST", "/_sim/reset?clientId=" + kJobA).http_status == 200);
  CHECK_FALSE(fx.control("GET", "/_sim/wallets?clientId=" + kJobA).json["ownTable"].GetBool());
  CHECK(fx.control("PATCH", "/_sim/wallets/GCASH?clientId=SANDBOX_NOBODY", R"({"maxPaymentMinor":1})").http_status == 404);
}
