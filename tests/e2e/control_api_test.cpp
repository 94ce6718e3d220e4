// The /_sim/ basics: health, clock, keys, merchants, reset, the control token.
#include <doctest/doctest.h>

#include "server/crypto/rsa_key.hpp"
#include "tests/e2e/authorization_support.hpp"
#include "tests/support/sim_fixture.hpp"

using namespace antom::test;

TEST_CASE("virtual clock: read, set, advance, freeze") {
  SimFixture fx;
  auto c = fx.control("GET", "/_sim/clock");
  REQUIRE(c.http_status == 200);
  CHECK(std::string(c.json["now"].GetString()) == kFixtureStartTime);
  CHECK(c.json["frozen"].GetBool());
  c = fx.control("POST", "/_sim/clock/advance", R"({"by":"24h"})");
  CHECK(std::string(c.json["now"].GetString()) == "2026-03-02T10:00:00+08:00");
  c = fx.control("POST", "/_sim/clock/advance", R"({"by":"90m"})");
  CHECK(std::string(c.json["now"].GetString()) == "2026-03-02T11:30:00+08:00");
  c = fx.control("POST", "/_sim/clock/advance", R"({"by":1500})");
  CHECK(c.json["epochMs"].GetInt64() % 1000 == 500);
  c = fx.control("POST", "/_sim/clock", R"({"time":"2030-01-01T00:00:00Z"})");
  CHECK(std::string(c.json["utc"].GetString()) == "2030-01-01T00:00:00+00:00");
  CHECK(fx.control("POST", "/_sim/clock/advance", R"({"by":"-1h"})").http_status == 400);
  // The clock only moves forward, whichever way "by" is written; a refused move leaves it where it was.
  const auto backwards = fx.control("POST", "/_sim/clock/advance", R"({"by":-3600000})");
  CHECK(backwards.http_status == 400);
  CHECK(backwards.body.find("only moves forward") != std::string::npos);
  CHECK(std::string(fx.control("GET", "/_sim/clock").json["utc"].GetString()) == "2030-01-01T00:00:00+00:00");
  CHECK(fx.control("POST", "/_sim/clock/advance", R"({"by":"soon"})").http_status == 400);
  CHECK(fx.control("POST", "/_sim/clock", R"({"time":"yesterday"})").http_status == 400);
  CHECK(fx.control("POST", "/_sim/clock", "not json").http_status == 400);
  c = fx.control("POST", "/_sim/clock/unfreeze");
  CHECK_FALSE(c.json["frozen"].GetBool());
  // responses are stamped with virtual time
  const auto r = fx.call("/ams/api/v1/authorizations/revoke", R"({"accessToken":"x"})");
  CHECK(antom::server::find_header(r.headers, "response-time")->rfind("2030-01-01T08:0", 0) == 0);
}

TEST_CASE("health, keys, api description, unknown control paths") {
  SimFixture fx;
  const auto h = fx.control("GET", "/_sim/health");
  CHECK(h.http_status == 200);
  CHECK(std::string(h.json["status"].GetString()) == "ready");
  const auto k = fx.control("GET", "/_sim/keys");
  CHECK(std::string(k.json["publicKeyPem"].GetString()).rfind("-----BEGIN PUBLIC KEY-----", 0) == 0);
  CHECK(antom::server::RsaKey::load_public(k.json["publicKey"].GetString()));
  const auto api = fx.control("GET", "/_sim/api");
  CHECK(api.json["operations"].Size() == 10);
  CHECK(fx.control("GET", "/_sim/nothing-here").http_status == 404);
  CHECK(fx.control("DELETE", "/_sim/clock").http_status == 405);
  CHECK(fx.control("GET", "/elsewhere").http_status == 404);
}

TEST_CASE("merchants: register, update, refuse bad keys, delete") {
  SimFixture fx;
  const auto list = fx.control("GET", "/_sim/merchants");
  REQUIRE(list.json["merchants"].Size() == 1);
  CHECK(std::string(list.json["merchants"][0]["clientId"].GetString()) == fx.demo_client_id());
  fx.add_merchant("SANDBOX_SHOP2", "http://127.0.0.1:9/notify");
  auto m = fx.control("GET", "/_sim/merchants/SANDBOX_SHOP2");
  CHECK(std::string(m.json["notifyUrl"].GetString()) == "http://127.0.0.1:9/notify");
  // the new merchant can call the API with its own key
  CHECK(fx.call("/ams/api/v1/authorizations/revoke", R"({"accessToken":"x"})", {.client_id = "SANDBOX_SHOP2"}).signature_ok);
  // update keeps the key, changes the URL
  CHECK(fx.control("POST", "/_sim/merchants", R"({"clientId":"SANDBOX_SHOP2","notifyUrl":"http://127.0.0.1:10/n"})").http_status == 200);
  CHECK(fx.call("/ams/api/v1/authorizations/revoke", R"({"accessToken":"x"})", {.client_id = "SANDBOX_SHOP2"}).code() != "KEY_NOT_FOUND");
  CHECK(fx.control("POST", "/_sim/merchants", R"({"clientId":"SANDBOX_BAD","publicKey":"bm90IGEga2V5"})").http_status == 400);
  CHECK(fx.control("POST", "/_sim/merchants", R"({"publicKey":"x"})").http_status == 400);
  CHECK(fx.control("POST", "/_sim/merchants", R"({"clientId":"SANDBOX_NOKEY"})").http_status == 400);
  CHECK(fx.control("POST", "/_sim/merchants", "[]").http_status == 400);
  CHECK(fx.control("DELETE", "/_sim/merchants/SANDBOX_SHOP2").http_status == 200);
  CHECK(fx.control("GET", "/_sim/merchants/SANDBOX_SHOP2").http_status == 404);
  CHECK(fx.call("/ams/api/v1/authorizations/revoke", R"({"accessToken":"x"})", {.client_id = "SANDBOX_SHOP2"}).code() == "INVALID_CLIENT");
}

TEST_CASE("merchants: a key shorter than Antom's 2048 bits is refused, naming its length; a name defaults to the client id") {
  SimFixture fx;
  const std::string short_key = antom::server::RsaKey::generate(1024).public_base64();
  const auto refused = fx.control("POST", "/_sim/merchants", R"({"clientId":"SANDBOX_WEAK","publicKey":")" + short_key + "\"}");
  CHECK(refused.http_status == 400);
  CHECK(std::string(refused.json["message"].GetString()) ==
        "publicKey is an RSA key of 1024 bits; Antom takes RSA keys of 2048 bits (make one with: openssl genrsa 2048)");
  CHECK(fx.control("GET", "/_sim/merchants/SANDBOX_WEAK").http_status == 404);
  const auto in_list = fx.control("POST", "/_sim/merchants", R"({"clientId":"SANDBOX_WEAK","publicKey":")" +
                                                                antom::server::RsaKey::generate(2048).public_base64() +
                                                                R"(","publicKeys":{"2":")" + short_key + "\"}}");
  CHECK(in_list.http_status == 400);
  CHECK(std::string(in_list.json["message"].GetString()).find("1024 bits") != std::string::npos);
  const std::string long_key = antom::server::RsaKey::generate(3072).public_base64();  // not refused: Antom may take it
  CHECK(fx.control("POST", "/_sim/merchants", R"({"clientId":"SANDBOX_LONG","publicKey":")" + long_key + "\"}").http_status == 200);

  // Registered without a name, a merchant is shown by its client id (the wallet page asks for it).
  fx.add_merchant("SANDBOX_NAMELESS");
  CHECK(std::string(fx.control("GET", "/_sim/merchants/SANDBOX_NAMELESS").json["name"].GetString()).empty());
  auto c = auth::consult(fx, {.client_id = "SANDBOX_NAMELESS"});
  REQUIRE(c.code() == "SUCCESS");
  const auto page = fx.control("GET", auth::page_path(c));
  CHECK(page.body.find("SANDBOX_NAMELESS asks for your permission") != std::string::npos);
}

TEST_CASE("control token guards /_sim/ but not health") {
  SimFixture fx({.control_token = "s3cret"});
  CHECK(fx.control("GET", "/_sim/clock").http_status == 200);  // the fixture sends the token
  CHECK(fx.control("GET", "/_sim/clock", {}, {{"authorization", "Bearer wrong"}}).http_status == 401);
  antom::test::HttpCall call;
  call.port = fx.port();
  call.method = "GET";
  call.target = "/_sim/merchants";
  CHECK(antom::test::http_send(call).status == 401);
  call.target = "/_sim/health";
  CHECK(antom::test::http_send(call).status == 200);
}
