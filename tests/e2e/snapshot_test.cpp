// /_sim/snapshots over real sockets with signed requests: save, change, restore, and the API
// answers as they were at the snapshot; ids handed out after the snapshot never come back; a
// merchant's snapshot leaves the others alone; bad names and unknown snapshots are refused.
#include <doctest/doctest.h>

#include <set>

#include "tests/e2e/payment_support.hpp"

using namespace antom::test;
using namespace antom::test::pay;
using namespace std::chrono_literals;

namespace {

std::string paid(SimFixture& fx, const Token& t, const std::string& request_id, const std::string& value,
                 const std::string& client_id = {}) {
  auto r = fx.call(kPay, pay_body(request_id, t.access_token, value), as_client(client_id));
  INFO(r.body);
  REQUIRE(r.code() == "SUCCESS");
  return r.text("paymentId");
}

HttpResult snapshot(SimFixture& fx, const std::string& name, const std::string& client_id = {}) {
  std::string body = R"({"name":")" + name + "\"";
  if (!client_id.empty()) body += R"(,"clientId":")" + client_id + "\"";
  return fx.control("POST", "/_sim/snapshots", body + "}");
}

HttpResult restore(SimFixture& fx, const std::string& name) {
  return fx.control("POST", "/_sim/snapshots/" + name + "/restore");
}

}  // namespace

TEST_CASE("restore brings back the state of the snapshot; ids handed out after it are not handed out again") {
  SimFixture fx;
  const Token t = mint(fx);
  const std::string p1 = paid(fx, t, "SN-1", "10000");
  REQUIRE(fx.call(kRefund, refund_body("SN-R1", p1, "2500")).code() == "SUCCESS");
  const std::string balance_then = balance(fx, t.buyer_id, "PHP");
  const std::string inquiry_then = fx.call(kInquiry, by_payment_id(p1)).body;

  auto s = snapshot(fx, "base");
  REQUIRE(s.http_status == 201);
  CHECK(std::string(s.json["scope"].GetString()) == "simulator");
  CHECK(s.json["counts"]["payments"].GetInt() == 1);
  CHECK(s.json["counts"]["refunds"].GetInt() == 1);

  // After the snapshot: another payment, another refund, a cancelled token, the clock moved.
  const std::string p2 = paid(fx, t, "SN-2", "700");
  const std::string r2 = fx.call(kRefund, refund_body("SN-R2", p1, "100")).text("refundId");
  fx.advance(2h);
  CHECK(fx.call(kInquiry, by_payment_id(p1)).body != inquiry_then);

  auto r = restore(fx, "base");
  REQUIRE(r.http_status == 200);
  CHECK(r.json["restored"].GetBool());
  CHECK(fx.control("GET", "/_sim/clock").json["now"].GetString() == std::string(kFixtureStartTime));
  CHECK(fx.call(kInquiry, by_payment_id(p1)).body == inquiry_then);
  CHECK(fx.call(kInquiry, by_payment_id(p2)).code() == "ORDER_NOT_EXIST");
  CHECK(fx.call(kInquiry, by_request_id("SN-2")).code() == "ORDER_NOT_EXIST");
  CHECK(balance(fx, t.buyer_id, "PHP") == balance_then);
  CHECK(fx.control("GET", "/_sim/payments").json["total"].GetInt() == 1);

  // The same request again makes a new payment, with an id never seen before.
  const std::string p2_again = paid(fx, t, "SN-2", "700");
  CHECK(p2_again != p2);
  CHECK(p2_again != p1);
  const std::string r2_again = fx.call(kRefund, refund_body("SN-R2", p1, "100")).text("refundId");
  CHECK(r2_again != r2);

  // Notification ids go on too: the one queued after the restore is not one queued before it.
  std::set<std::string> ids;
  for (const auto& n : notices(fx, "PAYMENT_RESULT")) ids.insert(n.id);
  CHECK(ids.size() == 2);  // SN-1's, kept by the snapshot, and the new SN-2's
  CHECK(!ids.contains("ntf_000003"));  // SN-2's first notification was ntf_000003, before the restore

  // Restoring twice works: a snapshot is kept, not used up.
  REQUIRE(restore(fx, "base").http_status == 200);
  CHECK(fx.call(kInquiry, by_payment_id(p2_again)).code() == "ORDER_NOT_EXIST");
  CHECK(fx.call(kInquiry, by_payment_id(p1)).body == inquiry_then);
}

TEST_CASE("a whole restore forgets merchants registered after the snapshot and brings back API-registered ones") {
  SimFixture fx;
  fx.add_merchant("SANDBOX_EARLY");
  REQUIRE(snapshot(fx, "two").http_status == 201);
  fx.add_merchant("SANDBOX_LATE");
  REQUIRE(fx.control("DELETE", "/_sim/merchants/SANDBOX_EARLY").http_status == 200);
  REQUIRE(restore(fx, "two").http_status == 200);
  CHECK(fx.control("GET", "/_sim/merchants/SANDBOX_EARLY").http_status == 200);
  CHECK(fx.control("GET", "/_sim/merchants/SANDBOX_LATE").http_status == 404);
  // The restored registration still verifies that merchant's signatures.
  const Token t = mint(fx, "GCASH", "SANDBOX_EARLY");
  CHECK(fx.call(kPay, pay_body("E-1", t.access_token, "100"), as_client("SANDBOX_EARLY")).code() == "SUCCESS");
}

TEST_CASE("a merchant snapshot restores that merchant only; the others keep what they did since") {
  SimFixture fx;
  fx.add_merchant("SANDBOX_OTHER");
  const Token demo = mint(fx, "GCASH", fx.demo_client_id());
  const Token other = mint(fx, "GCASH", "SANDBOX_OTHER");
  const std::string d1 = paid(fx, demo, "M-1", "1000");
  auto s = snapshot(fx, "demo-only", fx.demo_client_id());
  REQUIRE(s.http_status == 201);
  CHECK(std::string(s.json["scope"].GetString()) == "merchant");
  CHECK(s.json["counts"]["merchants"].GetInt() == 1);

  const std::string d2 = paid(fx, demo, "M-2", "1000");
  const std::string o1 = paid(fx, other, "O-1", "1000", "SANDBOX_OTHER");
  fx.advance(1h);
  REQUIRE(restore(fx, "demo-only").http_status == 200);
  CHECK(fx.call(kInquiry, by_payment_id(d1)).code() == "SUCCESS");
  CHECK(fx.call(kInquiry, by_payment_id(d2)).code() == "ORDER_NOT_EXIST");
  CHECK(fx.call(kInquiry, by_payment_id(o1), as_client("SANDBOX_OTHER")).code() == "SUCCESS");
  // The shared clock is not a merchant's: it stays where it was moved.
  CHECK(fx.control("GET", "/_sim/clock").json["now"].GetString() == std::string("2026-03-01T11:00:00+08:00"));
}

TEST_CASE("snapshot listing, deletion, and refusals naming the problem") {
  SimFixture fx;
  CHECK(snapshot(fx, "").http_status == 400);
  CHECK(snapshot(fx, "has space").json["message"].GetString() != std::string());
  CHECK(snapshot(fx, "has space").http_status == 400);
  CHECK(snapshot(fx, std::string(65, 'a')).http_status == 400);
  CHECK(snapshot(fx, "live").http_status == 400);
  CHECK(snapshot(fx, "x", "SANDBOX_NOBODY").http_status == 404);
  CHECK(fx.control("POST", "/_sim/snapshots", R"({"name":"a","extra":1})").http_status == 400);

  auto missing = restore(fx, "nope");
  CHECK(missing.http_status == 404);
  CHECK(std::string(missing.json["error"].GetString()) == "NOT_FOUND");
  CHECK(std::string(missing.json["message"].GetString()).find("nope") != std::string::npos);
  CHECK(fx.control("DELETE", "/_sim/snapshots/nope").http_status == 404);

  REQUIRE(snapshot(fx, "a").http_status == 201);
  REQUIRE(snapshot(fx, "b.2_x-y").http_status == 201);
  REQUIRE(snapshot(fx, "a").http_status == 201);  // replaced
  auto list = fx.control("GET", "/_sim/snapshots");
  REQUIRE(list.json["snapshots"].Size() == 2);
  CHECK(std::string(list.json["snapshots"][0]["name"].GetString()) == "a");
  CHECK(fx.control("DELETE", "/_sim/snapshots/a").http_status == 200);
  CHECK(fx.control("GET", "/_sim/snapshots").json["snapshots"].Size() == 1);
  CHECK(restore(fx, "a").http_status == 404);
}

TEST_CASE("at most 64 snapshots are kept: the next is refused with 409 saying what to do; a same-named one replaces") {
  SimFixture fx;
  for (int i = 1; i <= 64; ++i) REQUIRE(snapshot(fx, "s" + std::to_string(i)).http_status == 201);
  auto refused = snapshot(fx, "s65");
  CHECK(refused.http_status == 409);
  CHECK(std::string(refused.json["error"].GetString()) == "LIMIT_REACHED");
  const std::string message = refused.json["message"].GetString();
  CAPTURE(message);
  CHECK(message.find("Snapshot s65 was not kept: at most 64 snapshots are kept") != std::string::npos);
  CHECK(message.find("DELETE /_sim/snapshots/{name}") != std::string::npos);
  CHECK(restore(fx, "s65").http_status == 404);
  CHECK(snapshot(fx, "s64").http_status == 201);  // replacing one is not a 65th
  REQUIRE(fx.control("DELETE", "/_sim/snapshots/s1").http_status == 200);
  CHECK(snapshot(fx, "s65").http_status == 201);
  CHECK(fx.control("GET", "/_sim/snapshots").json["snapshots"].Size() == 64);
}
