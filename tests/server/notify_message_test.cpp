// The notification sender's pure parts: URLs, the signed request, acknowledgements, schedules.
#include <doctest/doctest.h>

#include "server/crypto/rsa_key.hpp"
#include "server/notify/notification_message.hpp"
#include "server/notify/retry_schedule.hpp"
#include "server/protocol/render.hpp"
#include "tests/support/notify_receiver.hpp"

using namespace antom;
using namespace antom::server;
using namespace std::chrono_literals;

TEST_CASE("notification URLs: http and https, ports, paths, queries; anything else refused") {
  auto u = parse_notify_url("https://merchant.example.com/antom/notify?x=1");
  REQUIRE(u);
  CHECK(u->tls);
  CHECK(u->host == "merchant.example.com");
  CHECK(u->port == "443");
  CHECK(u->target == "/antom/notify?x=1");
  CHECK(u->path == "/antom/notify");
  CHECK(u->host_header() == "merchant.example.com");
  u = parse_notify_url("http://127.0.0.1:8081");
  REQUIRE(u);
  CHECK_FALSE(u->tls);
  CHECK(u->port == "8081");
  CHECK(u->target == "/");
  CHECK(u->host_header() == "127.0.0.1:8081");
  u = parse_notify_url("http://[::1]:9000/n");
  REQUIRE(u);
  CHECK(u->host == "::1");
  CHECK(u->origin() == "http://[::1]:9000");
  for (const char* bad : {"", "ftp://x/y", "http://", "http:///path", "https://user:pw@host/", "http://host:0/",
                          "http://host:70000/", "http://host:80a/", "http://host/a b", "http://host/#frag",
                          "javascript:alert(1)", "http://[::1/", "http://host/\r\nX-Injected: 1"})
    CHECK_FALSE_MESSAGE(parse_notify_url(bad), bad);
}

TEST_CASE("a built notification verifies with the SDK helper's algorithm, and faults break it as documented") {
  const auto key = RsaKey::generate(2048);
  const auto pub = test::antom_public_key(key);
  state::DueAttempt due;
  state::Fields payload;
  state::put(payload, "notifyType", "PAYMENT_RESULT");
  state::put(payload, "paymentId", "pay/+=?");
  due.payload = std::move(payload);
  due.request_time = "2026-03-01T10:00:00+08:00";
  const auto url = *parse_notify_url("https://m.example/hooks/antom?tenant=7");
  auto n = build_notification(due, url, "SANDBOX_X", key, 1);
  CHECK(n.body == render_fields_json(due.payload));
  REQUIRE(n.headers.size() == 4);
  CHECK(n.headers[0] == std::pair<std::string, std::string>{"client-id", "SANDBOX_X"});
  CHECK(n.headers[1].first == "request-time");
  CHECK(n.headers[2].first == "signature");
  CHECK(n.signature.starts_with("algorithm=RSA256,keyVersion=1,signature="));
  CHECK(n.signature.substr(n.signature.find("signature=") + 10).find('=') == std::string::npos);  // %3D-encoded
  CHECK(test::sdk_check_signature("/hooks/antom", "POST", "SANDBOX_X", due.request_time, n.signature, n.body, pub));
  CHECK_FALSE(test::sdk_check_signature("/hooks/antom", "POST", "SANDBOX_X", due.request_time, n.signature, n.body + " ", pub));
  CHECK_FALSE(test::sdk_check_signature("/other", "POST", "SANDBOX_X", due.request_time, n.signature, n.body, pub));

  // A later attempt reuses the signature verbatim.
  due.signature = n.signature;
  CHECK(build_notification(due, url, "SANDBOX_X", key, 1).signature == n.signature);

  due.signature.clear();
  due.faults = {.bad_signature = true};
  auto bad = build_notification(due, url, "SANDBOX_X", key, 1);
  CHECK(bad.body == n.body);
  CHECK_FALSE(test::sdk_check_signature("/hooks/antom", "POST", "SANDBOX_X", due.request_time, bad.signature, bad.body, pub));
  due.faults = {.unknown_key_version = true};
  auto v99 = build_notification(due, url, "SANDBOX_X", key, 1);
  CHECK(v99.signature.starts_with("algorithm=RSA256,keyVersion=99,signature="));
}

TEST_CASE("only HTTP 200 with result SUCCESS / S acknowledges") {
  CHECK(judge_acknowledgement(200, R"({"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}})").acknowledged);
  CHECK(judge_acknowledgement(200, R"({"result":{"resultStatus":"S","resultCode":"SUCCESS"}})").acknowledged);
  for (const char* body : {"", "ok", "SUCCESS", "[]", R"({"result":"SUCCESS"})", R"({"resultCode":"SUCCESS","resultStatus":"S"})",
                           R"({"result":{"resultCode":"SUCCESS","resultStatus":"F"}})", R"({"result":{"resultCode":"success","resultStatus":"S"}})",
                           R"({"result":{"resultCode":"SUCCESS"}})", R"({"result":{"resultCode":1,"resultStatus":"S"}})",
                           R"({"result":{"resultCode":"SUCCESS","resultStatus":"S"})"}) {
    const auto v = judge_acknowledgement(200, body);
    CHECK_FALSE_MESSAGE(v.acknowledged, body);
    CHECK_FALSE(v.reason.empty());
  }
  // Every status but S (U above all: "unknown" is not "received"), in any spelling.
  for (const char* status : {R"("U")", R"("F")", R"("")", R"("s")", R"(" S")", R"("S ")", R"("SS")", "null", "1", R"(["S"])"}) {
    const auto body = std::string(R"({"result":{"resultCode":"SUCCESS","resultStatus":)") + status + "}}";
    CHECK_FALSE_MESSAGE(judge_acknowledgement(200, body).acknowledged, body);
  }
  for (const char* code : {R"("FAIL")", R"("Success")", R"("")", R"("SUCCESS ")", R"("PROCESS_FAIL")", "null"}) {
    const auto body = std::string(R"({"result":{"resultStatus":"S","resultCode":)") + code + "}}";
    CHECK_FALSE_MESSAGE(judge_acknowledgement(200, body).acknowledged, body);
  }
  const char* ack = R"({"result":{"resultCode":"SUCCESS","resultStatus":"S"}})";
  for (int status : {0, 100, 199, 201, 202, 204, 299, 300, 301, 302, 304, 307, 400, 404, 500, 502, 503})
    CHECK_FALSE_MESSAGE(judge_acknowledgement(status, ack).acknowledged, status);
  CHECK(judge_acknowledgement(302, ack).reason.find("redirect") != std::string::npos);
}

TEST_CASE("schedules: production has 9 attempts, sandbox 1, custom lists are bounded") {
  const auto p = production_schedule();
  CHECK(p.max_attempts() == 9);
  CHECK(p.retry_intervals == std::vector<std::chrono::milliseconds>{0s, 2min, 10min, 10min, 1h, 2h, 6h, 15h});
  CHECK(sandbox_schedule().max_attempts() == 1);
  auto c = parse_schedule("custom:30,60");
  REQUIRE(c);
  CHECK(c->retry_intervals == std::vector<std::chrono::milliseconds>{30s, 60s});
  CHECK(c->spec() == "custom:30,60");
  CHECK(parse_schedule(c->spec())->retry_intervals == c->retry_intervals);
  CHECK(parse_schedule("5,10")->max_attempts() == 3);
  for (const char* bad : {"weekly", "custom:", "", "custom:a", "custom:1,,2", "custom:-1", "1,", ",1", "custom:604801", "1.5"})
    CHECK_FALSE_MESSAGE(parse_schedule(bad), bad);
  std::string many = "custom:";
  for (int i = 0; i < 51; ++i) many += std::string(i ? "," : "") + "1";
  CHECK_FALSE(parse_schedule(many));

  ScheduleBook book(sandbox_schedule());
  CHECK(book.for_merchant("A").name == "sandbox");
  CHECK(book.for_merchant("A", "production").name == "production");  // the merchant's registered setting
  book.set_for("A", *parse_schedule("custom:1"));
  CHECK(book.for_merchant("A", "production").name == "custom");  // a run-time override wins
  book.clear_for("A");
  book.set_global(production_schedule());
  CHECK(book.for_merchant("A").name == "production");
}
