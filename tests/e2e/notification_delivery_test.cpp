// Notification delivery end to end: the real simulator, a real receiver over HTTP and HTTPS that
// verifies signatures like the SDK webhook helpers, the virtual clock moved through /_sim/clock.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>

#include "server/crypto/codec.hpp"
#include "server/protocol/render.hpp"
#include "tests/e2e/notification_support.hpp"

using namespace antom;
using namespace antom::test;
using namespace std::chrono_literals;

TEST_CASE("every notification type is delivered signed, over HTTP and HTTPS, and acknowledged once") {
  for (bool tls : {false, true}) {
    CAPTURE(tls);
    SimFixture fx;
    NotifyReceiver receiver(antom_public_key(fx.app().keys.antom_private), tls);
    const std::string merchant = fx.app().merchants.find(fx.demo_client_id())->client_id;
    const std::vector<std::pair<state::NotifyKind, std::string>> types = {
        {state::NotifyKind::Authorization, "AUTHCODE_CREATED"}, {state::NotifyKind::Authorization, "TOKEN_CREATED"},
        {state::NotifyKind::Authorization, "TOKEN_CANCELED"},   {state::NotifyKind::Payment, "PAYMENT_RESULT"},
        {state::NotifyKind::Payment, "PAYMENT_PENDING"},        {state::NotifyKind::Refund, "REFUND_RESULT"}};
    std::vector<std::string> ids;
    for (const auto& [kind, type] : types) ids.push_back(inject(fx, merchant, kind, type, receiver.url("/hook/" + type)));
    REQUIRE(flush(fx));
    REQUIRE(receiver.wait_for(types.size()));
    const auto got = receiver.received();
    REQUIRE(got.size() == types.size());
    for (const auto& n : got) {
      CAPTURE(n.target);
      CHECK(n.signature_ok);
      CHECK(n.tls == tls);
      CHECK(n.key_version == 1);
      CHECK(n.client_id == fx.demo_client_id());
      CHECK(state::parse_iso8601(n.request_time) == state::parse_iso8601(kFixtureStartTime));
      CHECK(server::find_header(n.headers, "content-type")->starts_with("application/json"));
      CHECK(n.signature.starts_with("algorithm=RSA256,keyVersion=1,signature="));
      // The exact lower-case names the Python and PHP helpers look up.
      for (const char* name : {"client-id", "request-time", "signature"}) {
        bool exact = false;
        for (const auto& [k, v] : n.headers) exact = exact || k == name;
        CHECK_MESSAGE(exact, name);
      }
    }
    for (std::size_t i = 0; i < ids.size(); ++i) {
      auto j = journal(fx, ids[i]);
      CHECK(text(j, "state") == "DELIVERED");
      CHECK(j["attempts"].Size() == 1);
      CHECK(j["attempts"][0]["httpStatus"].GetInt() == 200);
      CHECK(j["attempts"][0]["acknowledged"].GetBool());
      CHECK(j["attempts"][0]["nextAttemptAt"].IsNull());
      const auto body = receiver_body_for(got, "/hook/" + types[i].second);
      CHECK(body == render_body(j));
      CHECK(text(j["body"], "notifyType") + text(j["body"], "authorizationNotifyType") == types[i].second);
    }
  }
}

TEST_CASE("a wrong acknowledgement is retried exactly on Antom's schedule as the clock advances, then given up") {
  SimFixture fx;
  NotifyReceiver receiver(antom_public_key(fx.app().keys.antom_private));
  receiver.set_mode(ReceiverMode::WrongBody);
  const std::string merchant = fx.app().merchants.find(fx.demo_client_id())->client_id;
  const auto id = inject(fx, merchant, state::NotifyKind::Payment, "PAYMENT_RESULT", receiver.url());
  REQUIRE(flush(fx));
  CHECK(receiver.count() == 2);  // the first delivery and the immediate (0 s) resend
  const std::vector<std::chrono::minutes> gaps = {2min, 10min, 10min, 60min, 120min, 360min, 900min};
  std::size_t expected = 2;
  for (auto gap : gaps) {
    fx.advance(gap - 1s);
    REQUIRE(flush(fx));
    CHECK_MESSAGE(receiver.count() == expected, "a resend came before its time, gap ", gap.count(), " min");
    fx.advance(1s);
    REQUIRE(flush(fx));
    CHECK(receiver.count() == ++expected);
  }
  CHECK(expected == 9);
  fx.advance(48h);
  REQUIRE(flush(fx));
  CHECK(receiver.count() == 9);

  auto j = journal(fx, id);
  CHECK(text(j, "state") == "GIVEN_UP");
  REQUIRE(j["attempts"].Size() == 9);
  const auto t0 = *state::parse_iso8601(kFixtureStartTime);
  const std::vector<std::chrono::minutes> offsets = {0min, 0min, 2min, 12min, 22min, 82min, 202min, 562min, 1462min};
  for (rapidjson::SizeType i = 0; i < 9; ++i) {
    const auto& a = j["attempts"][i];
    CHECK(*state::parse_iso8601(text(a, "scheduledAt")) - t0 == offsets[i]);
    CHECK(a["httpStatus"].GetInt() == 200);
    CHECK_FALSE(a["acknowledged"].GetBool());
    CHECK(text(a, "error").find("resultCode") != std::string::npos);
    if (i < 8) CHECK(*state::parse_iso8601(text(a, "nextAttemptAt")) - t0 == offsets[i + 1]);
  }
  CHECK(j["attempts"][8]["nextAttemptAt"].IsNull());
  // Every attempt carried the same body, request time and signature, and each verifies.
  const auto got = receiver.received();
  for (const auto& n : got) {
    CHECK(n.signature_ok);
    CHECK(n.body == got[0].body);
    CHECK(n.request_time == got[0].request_time);
    CHECK(n.signature == got[0].signature);
  }
}

TEST_CASE("a dead endpoint is journaled through every attempt, then given up; then redelivered on demand") {
  SimFixture fx;
  const std::string merchant = fx.app().merchants.find(fx.demo_client_id())->client_id;
  std::string dead_url;
  {
    NotifyReceiver gone(antom_public_key(fx.app().keys.antom_private));
    dead_url = gone.url();
  }  // nothing listens there any more: connections are refused
  const auto id = inject(fx, merchant, state::NotifyKind::Refund, "REFUND_RESULT", dead_url);
  REQUIRE(flush(fx));
  fx.advance(25h);
  REQUIRE(flush(fx));
  auto j = journal(fx, id);
  CHECK(text(j, "state") == "GIVEN_UP");
  REQUIRE(j["attempts"].Size() == 9);
  for (const auto& a : j["attempts"].GetArray()) {
    CHECK(a["httpStatus"].IsNull());
    CHECK(text(a, "error").find("connection failed") != std::string::npos);
    CHECK(text(a["requestHeaders"], "signature").starts_with("algorithm=RSA256"));
  }
  auto listed = fx.control("GET", "/_sim/notifications?state=GIVEN_UP&type=REFUND_RESULT");
  CHECK(listed.json["total"].GetUint64() == 1);

  // The merchant fixes its endpoint; redeliver to the new URL.
  NotifyReceiver receiver(antom_public_key(fx.app().keys.antom_private));
  auto r = fx.control("POST", "/_sim/notifications/" + id + "/redeliver", R"({"url":")" + receiver.url("/fixed") + R"("})");
  REQUIRE(r.http_status == 202);
  REQUIRE(flush(fx));
  REQUIRE(receiver.wait_for(1));
  CHECK(receiver.received()[0].signature_ok);  // re-signed for the new path
  CHECK(receiver.received()[0].path == "/fixed");
  j = journal(fx, id);
  CHECK(text(j, "state") == "DELIVERED");
  CHECK(j["attempts"].Size() == 10);

  // A second redelivery of a delivered notification sends it again.
  REQUIRE(fx.control("POST", "/_sim/notifications/" + id + "/redeliver").http_status == 202);
  REQUIRE(flush(fx));
  CHECK(receiver.wait_for(2));
}

TEST_CASE("the sandbox schedule sends once and never resends, globally or per merchant") {
  SimFixture fx;
  NotifyReceiver receiver(antom_public_key(fx.app().keys.antom_private));
  receiver.set_mode(ReceiverMode::Http500);
  const std::string merchant = fx.app().merchants.find(fx.demo_client_id())->client_id;
  auto put = fx.control("PUT", "/_sim/notifications/schedule", R"({"schedule":"sandbox","merchant":")" + fx.demo_client_id() + R"("})");
  REQUIRE(put.http_status == 200);
  CHECK(text(put.json["merchants"][merchant.c_str()], "name") == "sandbox");
  CHECK(text(put.json["global"], "name") == "production");
  const auto id = inject(fx, merchant, state::NotifyKind::Payment, "PAYMENT_RESULT", receiver.url());
  REQUIRE(flush(fx));
  fx.advance(48h);
  REQUIRE(flush(fx));
  CHECK(receiver.count() == 1);
  auto j = journal(fx, id);
  CHECK(text(j, "state") == "GIVEN_UP");
  CHECK(j["attempts"][0]["httpStatus"].GetInt() == 500);

  // A custom schedule: two resends, 30 s apart.
  REQUIRE(fx.control("PUT", "/_sim/notifications/schedule", R"({"schedule":[30,30],"merchant":")" + merchant + R"("})").http_status == 200);
  receiver.clear();
  const auto id2 = inject(fx, merchant, state::NotifyKind::Payment, "PAYMENT_RESULT", receiver.url());
  REQUIRE(flush(fx));
  fx.advance(29s);
  REQUIRE(flush(fx));
  CHECK(receiver.count() == 1);
  fx.advance(31s);
  REQUIRE(flush(fx));
  fx.advance(30s);
  REQUIRE(flush(fx));
  CHECK(receiver.count() == 3);
  CHECK(text(journal(fx, id2), "state") == "GIVEN_UP");
}

TEST_CASE("a redirect is a failed attempt and is not followed") {
  SimFixture fx;
  NotifyReceiver receiver(antom_public_key(fx.app().keys.antom_private));
  receiver.script({ReceiverMode::Redirect, ReceiverMode::Close});
  const std::string merchant = fx.app().merchants.find(fx.demo_client_id())->client_id;
  const auto id = inject(fx, merchant, state::NotifyKind::Payment, "PAYMENT_RESULT", receiver.url());
  REQUIRE(flush(fx));
  CHECK(receiver.count() == 2);  // 302, then the 0 s resend closed without an answer
  auto j = journal(fx, id);
  CHECK(j["attempts"][0]["httpStatus"].GetInt() == 302);
  CHECK(text(j["attempts"][0], "error").find("redirect") != std::string::npos);
  CHECK(j["attempts"][1]["httpStatus"].IsNull());
  fx.advance(2min);
  REQUIRE(flush(fx));
  CHECK(text(journal(fx, id), "state") == "DELIVERED");
}

TEST_CASE("with a running clock, resends come by themselves when their time is reached") {
  SimFixture fx;
  NotifyReceiver receiver(antom_public_key(fx.app().keys.antom_private));
  receiver.set_mode(ReceiverMode::Http500);
  const std::string merchant = fx.app().merchants.find(fx.demo_client_id())->client_id;
  REQUIRE(fx.control("PUT", "/_sim/notifications/schedule", R"({"schedule":[1,1]})").http_status == 200);
  REQUIRE(fx.control("POST", "/_sim/clock/unfreeze").http_status == 200);
  const auto id = inject(fx, merchant, state::NotifyKind::Payment, "PAYMENT_RESULT", receiver.url());
  REQUIRE(receiver.wait_for(1, 5s));
  CHECK(receiver.count() == 1);        // the next one is a (virtual, here also real) second away
  REQUIRE(receiver.wait_for(3, 10s));  // no clock call needed
  REQUIRE(flush(fx));
  auto j = journal(fx, id);
  CHECK(text(j, "state") == "GIVEN_UP");
  CHECK(j["attempts"].Size() == 3);
}

TEST_CASE("an independent verifier (the openssl command line) accepts a received notification's signature") {
  SimFixture fx;
  NotifyReceiver receiver(antom_public_key(fx.app().keys.antom_private));
  const std::string merchant = fx.app().merchants.find(fx.demo_client_id())->client_id;
  (void)inject(fx, merchant, state::NotifyKind::Payment, "PAYMENT_RESULT", receiver.url("/pay/notify?shop=1"));
  REQUIRE(flush(fx));
  REQUIRE(receiver.wait_for(1));
  const auto n = receiver.received()[0];
  // What a merchant does by hand: the Antom public key from /_sim/keys, the value after
  // "signature=" URL-decoded and Base64-decoded, the content "POST <path>\n<client-id>.<time>.<body>".
  const std::string dir = fx.data_dir();
  auto write = [&](const std::string& name, const std::string& bytes) {
    std::FILE* f = std::fopen((dir + "/" + name).c_str(), "wb");
    REQUIRE(f);
    std::fwrite(bytes.data(), 1, bytes.size(), f);
    std::fclose(f);
  };
  write("antom-public.pem", fx.app().keys.antom_private.public_pem());
  write("content.txt", "POST /pay/notify\n" + n.client_id + "." + n.request_time + "." + n.body);
  const auto value = n.signature.substr(n.signature.find("signature=") + 10);
  write("signature.b64", server::form_decode(value));
  const std::string cmd = "cd '" + dir + "' && openssl base64 -d -A -in signature.b64 -out signature.bin && "
                          "openssl dgst -sha256 -verify antom-public.pem -signature signature.bin content.txt >/dev/null";
  CHECK(std::system(cmd.c_str()) == 0);
  write("content.txt", "POST /pay/notify?shop=1\n" + n.client_id + "." + n.request_time + "." + n.body);
  CHECK(std::system(cmd.c_str()) != 0);  // the query string is not part of the signed path
}
