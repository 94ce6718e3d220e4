// Bytes from outside that are not UTF-8 (a header value, a percent-decoded path, a merchant
// endpoint's Latin-1 error page) never make antom-sim's JSON invalid: what it quotes comes back with
// U+FFFD in their place, and a snapshot holding such a reply exports and imports again. A request
// target with a raw byte past 0x7F is refused, naming the problem.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "server/protocol/utf8.hpp"
#include "tests/e2e/notification_support.hpp"
#include "tests/e2e/payment_support.hpp"

using namespace antom::test;
using namespace antom::test::pay;
using antom::server::is_valid_utf8;

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

std::string inquiry_with_headers(const std::string& client_id, const std::string& signature) {
  const std::string body = R"({"paymentRequestId":"none"})";
  return "POST /ams/api/v1/payments/inquiryPayment HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
         "Client-Id: " + client_id + "\r\nRequest-Time: 1700000000000\r\nSignature: " + signature +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

}  // namespace

TEST_CASE("a merchant endpoint answering in Latin-1: the journal is UTF-8; snapshots and the state file load again") {
  const std::string file =
      (std::filesystem::temp_directory_path() / ("antom-sim-latin1-" + std::to_string(::getpid()) + ".json")).string();
  std::filesystem::remove(file);
  const std::string expected =
      "Erreur interne du serveur " + std::string(kReplacement) + "t" + std::string(kReplacement) + " (Apache)";
  std::string id;
  {
    FixtureOptions options;
    options.state_file = file;
    SimFixture fx(options);
    NotifyReceiver latin1(antom_public_key(fx.app().keys.antom_private));
    latin1.set_custom_answer(500, "Erreur interne du serveur \xE9t\xE9 (Apache)");
    latin1.set_mode(ReceiverMode::Custom);
    const Token t = mint(fx);
    REQUIRE(fx.call(kPay, pay_body("FB-1", t.access_token, "1000", "PHP", "GCASH",
                                   R"(,"paymentNotifyUrl":")" + latin1.url() + "\""))
                .code() == "SUCCESS");
    REQUIRE(latin1.wait_for(1));
    REQUIRE(flush(fx));  // the attempt is journaled; the retry waits on the schedule

    const auto listed = fx.control("GET", "/_sim/notifications");
    REQUIRE(listed.http_status == 200);
    id = listed.json["notifications"][0]["id"].GetString();
    const auto one = fx.control("GET", "/_sim/notifications/" + id);
    REQUIRE(one.http_status == 200);
    CHECK(is_valid_utf8(one.body));
    CHECK(std::string(one.json["attempts"][0]["responseBody"].GetString()) == expected);

    // The state file is written straight to disk, so it must be UTF-8 itself to load at the next start
    // (saved before the snapshot round trip below replaces the live state).
    REQUIRE(fx.control("POST", "/_sim/state/save").http_status == 200);
    std::ifstream in(file, std::ios::binary);
    const std::string saved((std::istreambuf_iterator<char>(in)), {});
    CHECK(is_valid_utf8(saved));

    REQUIRE(fx.control("POST", "/_sim/snapshots", R"({"name":"latin1"})").http_status == 201);
    const auto document = fx.control("GET", "/_sim/snapshots/latin1");
    REQUIRE(document.http_status == 200);
    CHECK(is_valid_utf8(document.body));
    REQUIRE(fx.control("DELETE", "/_sim/snapshots/latin1").http_status == 200);
    CHECK(fx.control("POST", "/_sim/snapshots", document.body).http_status == 201);
    CHECK(fx.control("POST", "/_sim/snapshots/latin1/restore").http_status == 200);

  }
  FixtureOptions options;
  options.state_file = file;
  SimFixture again(options);  // starts only if the file loads
  const auto one = again.control("GET", "/_sim/notifications/" + id);
  REQUIRE(one.http_status == 200);
  CHECK(std::string(one.json["attempts"][0]["responseBody"].GetString()) == expected);
  std::filesystem::remove(file);
}

TEST_CASE("header values and decoded paths that are not UTF-8 are quoted with U+FFFD") {
  SimFixture fx;
  SUBCASE("a Client-Id of other bytes: INVALID_CLIENT, its message UTF-8") {
    const auto reply = raw_send(fx.port(), inquiry_with_headers("\xFF\xFE" "A", "algorithm=RSA256,keyVersion=1,signature=abc"));
    REQUIRE(reply.status == 200);
    CHECK(is_valid_utf8(reply.body));
    CHECK(reply.body.find("INVALID_CLIENT") != std::string::npos);
    CHECK(reply.body.find("The client-id " + std::string(kReplacement) + std::string(kReplacement) + "A is not registered.") !=
          std::string::npos);
  }
  SUBCASE("a Signature header of other bytes: the request journal stays UTF-8") {
    const auto reply = raw_send(fx.port(), inquiry_with_headers(fx.demo_client_id(), "algorithm=RSA256,keyVersion=\xFF,signature=abc"));
    REQUIRE(reply.status == 200);
    const auto journal = fx.control("GET", "/_sim/requests?limit=1");
    REQUIRE(journal.http_status == 200);
    CHECK(is_valid_utf8(journal.body));
    CHECK(journal.body.find("keyVersion=" + std::string(kReplacement)) != std::string::npos);
  }
  SUBCASE("a percent-decoded path parameter or query value") {
    for (const char* path : {"/_sim/merchants/%FF%FE", "/_sim/snapshots/%C3", "/_sim/payments?status=%E9"}) {
      CAPTURE(path);
      const auto r = fx.control("GET", path);
      CHECK((r.http_status == 404 || r.http_status == 400));
      CHECK(is_valid_utf8(r.body));
      CHECK(r.body.find(kReplacement) != std::string::npos);
    }
  }
}

TEST_CASE("a request target with a raw byte past 0x7F is refused, saying how to send it") {
  SimFixture fx;
  for (const char* target : {"/_sim/merchants/\xE9", "/ams/api/v1/payments/pay\xFF", "/_sim/health?x=\xC3\xA9"}) {
    CAPTURE(target);
    const auto reply = raw_send(fx.port(), std::string("GET ") + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(reply.status == 400);
    CHECK(reply.body.find("not ASCII: percent-encode it") != std::string::npos);
  }
  const auto encoded = fx.control("GET", "/_sim/merchants/%C3%A9");  // the first, percent-encoded
  CHECK(encoded.http_status == 404);
  CHECK(encoded.body.find("No merchant \xC3\xA9 is registered.") != std::string::npos);
}
