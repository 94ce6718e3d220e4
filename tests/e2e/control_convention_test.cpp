// One convention across /_sim/ (issue #16): unknown query parameters and body fields are refused
// naming them and change nothing; enums and types are checked; the merchant is clientId everywhere
// (merchant and client_id still work for one release); unknown ids and merchants answer 404
// NOT_FOUND; POST /_sim/reset?clientId= resets one merchant only; activation args are checked.
#include <doctest/doctest.h>

#include "tests/e2e/payment_support.hpp"
#include "tests/support/sim_fixture.hpp"

using namespace antom::test;
using namespace antom::test::pay;

namespace {

std::string message_of(const HttpResult& r) {
  return r.json.IsObject() && r.json.HasMember("message") && r.json["message"].IsString() ? r.json["message"].GetString()
                                                                                          : r.body;
}

std::string error_of(const HttpResult& r) {
  return r.json.IsObject() && r.json.HasMember("error") && r.json["error"].IsString() ? r.json["error"].GetString() : "";
}

bool names(const HttpResult& r, const std::string& what) { return message_of(r).find(what) != std::string::npos; }

}  // namespace

TEST_CASE("convention: an unknown query parameter is a 400 naming it, on every kind of route") {
  SimFixture fx;
  for (const char* path : {"/_sim/payments?bogus=1", "/_sim/clock?bogus=1", "/_sim/notifications?bogus=1",
                           "/_sim/scenarios?bogus=1", "/_sim/authorizations?bogus=1", "/_sim/merchants?bogus=1",
                           "/_sim/diagnostics/signatures?bogus=1", "/_sim/openapi.json?bogus=1"}) {
    CAPTURE(path);
    const auto r = fx.control("GET", path);
    CHECK(r.http_status == 400);
    CHECK(error_of(r) == "BAD_REQUEST");
    CHECK(names(r, "'bogus'"));
  }
  // a POST with a query it does not take changes nothing
  fx.control("POST", "/_sim/clock/unfreeze");
  const auto before = fx.control("GET", "/_sim/clock");
  auto r = fx.control("POST", "/_sim/clock/freeze?forever=1");
  CHECK(r.http_status == 400);
  CHECK(names(r, "'forever'"));
  CHECK_FALSE(fx.control("GET", "/_sim/clock").json["frozen"].GetBool());
  CHECK(before.http_status == 200);
}

TEST_CASE("convention: an unknown body field, a wrong type or a wrong enum is a 400 naming it, and changes nothing") {
  SimFixture fx;
  const std::string now = fx.control("GET", "/_sim/clock").json["now"].GetString();
  auto r = fx.control("POST", "/_sim/clock", R"({"time":"2030-01-01T00:00:00Z","frezee":true})");
  CHECK(r.http_status == 400);
  CHECK(names(r, "'frezee'"));
  CHECK(std::string(fx.control("GET", "/_sim/clock").json["now"].GetString()) == now);

  r = fx.control("POST", "/_sim/clock", R"({"time":"2030-01-01T00:00:00Z","freeze":"yes"})");
  CHECK(r.http_status == 400);
  CHECK(names(r, "freeze must be true or false"));
  CHECK(std::string(fx.control("GET", "/_sim/clock").json["now"].GetString()) == now);

  r = fx.control("POST", "/_sim/clock", R"({"freeze":true})");
  CHECK(r.http_status == 400);
  CHECK(names(r, "time is required"));

  r = fx.control("PUT", "/_sim/auto-approve", R"({"enabled":true,"everyone":true})");
  CHECK(r.http_status == 400);
  CHECK(names(r, "'everyone'"));
  CHECK_FALSE(fx.control("GET", "/_sim/auto-approve").json["global"].GetBool());

  r = fx.control("PUT", "/_sim/notifications/schedule", R"({"schedule":42})");
  CHECK(r.http_status == 400);
  CHECK(names(r, "schedule must be a string or an array"));

  const std::string rates = fx.control("GET", "/_sim/fx").body;
  r = fx.control("POST", "/_sim/fx", R"({"rates":{"PHP":"12.5"},"form":"2026-03-01T00:00:00Z"})");
  CHECK(r.http_status == 400);
  CHECK(names(r, "'form'"));
  CHECK(fx.control("GET", "/_sim/fx").body == rates);

  // enums, in the query
  r = fx.control("GET", "/_sim/notifications?state=LOST");
  CHECK(r.http_status == 400);
  CHECK(names(r, "state must be one of PENDING"));
  r = fx.control("GET", "/_sim/payments?status=DONE");
  CHECK(r.http_status == 400);
  CHECK(names(r, "status must be one of"));
  r = fx.control("POST", "/_sim/reset?clock=bogus");
  CHECK(r.http_status == 400);
  CHECK(names(r, "clock must be one of keep, reset"));

  // the body must be an object
  r = fx.control("POST", "/_sim/clock/advance", "[1]");
  CHECK(r.http_status == 400);
  CHECK(names(r, "JSON object"));
  // malformed JSON is placed by line and column, on checked and on raw bodies alike
  r = fx.control("POST", "/_sim/clock", "{\n  \"time\": 2030\n  \"freeze\": true}");
  CHECK(r.http_status == 400);
  CHECK(names(r, "not valid JSON at line 3, column 3"));
  r = fx.control("POST", "/_sim/merchants", "{\"clientId\":}");
  CHECK(r.http_status == 400);
  CHECK(names(r, "line 1, column 13"));
  // a route that reads no body refuses one rather than ignore it
  r = fx.control("POST", "/_sim/notifications/flush", R"({"until":"tomorrow"})");
  CHECK(r.http_status == 400);
  CHECK(names(r, "takes no body"));
  CHECK(fx.control("POST", "/_sim/notifications/flush", "").http_status == 200);
  // a route whose body is optional refuses fields it does not take
  r = fx.control("POST", "/_sim/clock/freeze", R"({"until":"tomorrow"})");
  CHECK(r.http_status == 400);
  CHECK(names(r, "until"));
  CHECK(fx.control("POST", "/_sim/clock/freeze", "").http_status == 200);
}

TEST_CASE("convention: merchants and wallets refuse unknown fields, naming them") {
  SimFixture fx;
  const auto key = antom::server::RsaKey::generate(2048).public_base64();
  auto r = fx.control("POST", "/_sim/merchants", R"({"clientId":"SANDBOX_NEW","publicKey":")" + key + R"(","notifyURL":"http://x"})");
  CHECK(r.http_status == 400);
  CHECK(names(r, "'notifyURL'"));
  CHECK(fx.control("GET", "/_sim/merchants/SANDBOX_NEW").http_status == 404);
  r = fx.control("POST", "/_sim/merchants", R"({"clientId":"SANDBOX_NEW","publicKey":")" + key + R"(","notifyUrl":"ftp://x/n"})");
  CHECK(r.http_status == 400);
  CHECK(names(r, "notifyUrl"));
  r = fx.control("PATCH", "/_sim/wallets/GCASH", R"({"displayName":"G","colour":"#000000"})");
  CHECK(r.http_status == 400);
  CHECK(names(r, "colour"));
  CHECK(std::string(fx.control("GET", "/_sim/wallets/GCASH").json["displayName"].GetString()) != "G");
}

TEST_CASE("convention: clientId names the merchant everywhere; merchant and client_id still work") {
  SimFixture fx;
  fx.add_merchant("SANDBOX_OTHER");
  const Token t = mint(fx, "GCASH", fx.demo_client_id());
  REQUIRE(fx.call(kPay, pay_body("C-1", t.access_token, "100")).code() == "SUCCESS");
  for (const std::string name : {"clientId", "merchant", "client_id"}) {
    CAPTURE(name);
    CHECK(fx.control("GET", "/_sim/payments?" + name + "=" + fx.demo_client_id()).json["total"].GetInt() == 1);
    CHECK(fx.control("GET", "/_sim/payments?" + name + "=SANDBOX_OTHER").json["total"].GetInt() == 0);
    CHECK(fx.control("GET", "/_sim/notifications?" + name + "=SANDBOX_OTHER").json["total"].GetUint64() == 0);
    // an old spelling works, and the answer warns that it goes
    const std::string warning = fx.control("GET", "/_sim/payments?" + name + "=SANDBOX_OTHER").header("warning");
    if (name == "clientId") CHECK(warning.empty());
    else CHECK(warning == "299 antom-sim \"" + name + " is deprecated and goes in the next release: use clientId\"");
  }
  // both spellings with different values: refused
  auto r = fx.control("GET", "/_sim/payments?clientId=SANDBOX_OTHER&merchant=" + fx.demo_client_id());
  CHECK(r.http_status == 400);
  CHECK(names(r, "merchant"));
  // in a body: activate with the old "merchant" and the new "clientId"
  r = fx.control("POST", "/_sim/scenarios/pay-errors/activate", R"({"merchant":"SANDBOX_OTHER","arg":"SYSTEM_ERROR"})");
  REQUIRE(r.http_status == 200);
  CHECK(r.header("warning").find("merchant is deprecated") != std::string::npos);
  CHECK(std::string(r.json["activated"]["clientId"].GetString()) == "SANDBOX_OTHER");
  r = fx.control("POST", "/_sim/scenarios/pay-errors/activate", R"({"clientId":"SANDBOX_OTHER","arg":"SYSTEM_ERROR"})");
  CHECK(r.http_status == 200);
  CHECK(fx.control("POST", "/_sim/scenarios/deactivate", R"({"merchant":"SANDBOX_OTHER"})").json["deactivated"].GetInt() == 1);
}

TEST_CASE("convention: one not-found code, NOT_FOUND, for unknown merchants and ids alike") {
  SimFixture fx;
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/_sim/payments?clientId=NOBODY"},
           {"GET", "/_sim/notifications?clientId=NOBODY"},
           {"GET", "/_sim/notifications?merchant=NOBODY"},
           {"GET", "/_sim/authorizations?clientId=NOBODY"},
           {"GET", "/_sim/diagnostics/signatures?clientId=NOBODY"},
           {"GET", "/_sim/merchants/NOBODY"},
           {"POST", "/_sim/reset?clientId=NOBODY"},
           {"GET", "/_sim/notifications/NO-SUCH-ID"},
           {"GET", "/_sim/scenarios/no-such-scenario"},
           {"GET", "/_sim/wallets/NOWALLET"},
           {"GET", "/_sim/authorizations/NO-SUCH-ID"},
           {"GET", "/_sim/no-such-route"}}) {
    CAPTURE(method + " " + path);
    const auto r = fx.control(method, path);
    CHECK(r.http_status == 404);
    CHECK(error_of(r) == "NOT_FOUND");
  }
  const auto r = fx.control("POST", "/_sim/scenarios/pay-errors/activate", R"({"clientId":"NOBODY"})");
  CHECK(r.http_status == 404);
  CHECK(error_of(r) == "NOT_FOUND");
  CHECK(names(r, "NOBODY"));
}

TEST_CASE("reset: with clientId only that merchant's state goes; the other merchant's payments stay") {
  SimFixture fx;
  fx.add_merchant("SANDBOX_OTHER");
  const Token mine = mint(fx, "GCASH", fx.demo_client_id());
  const Token theirs = mint(fx, "GCASH", "SANDBOX_OTHER");
  REQUIRE(fx.call(kPay, pay_body("R-1", mine.access_token, "100")).code() == "SUCCESS");
  REQUIRE(fx.call(kPay, pay_body("R-2", theirs.access_token, "100"), as_client("SANDBOX_OTHER")).code() == "SUCCESS");
  REQUIRE(fx.control("POST", "/_sim/scenarios/pay-errors/activate", R"({"clientId":"SANDBOX_OTHER","arg":"SYSTEM_ERROR"})").http_status == 200);
  REQUIRE(fx.control("POST", "/_sim/scenarios/pay-errors/activate", R"({"clientId":")" + fx.demo_client_id() + R"(","arg":"SYSTEM_ERROR"})").http_status == 200);
  fx.control("POST", "/_sim/clock/advance", R"({"by":"1h"})");
  const std::string clock = fx.control("GET", "/_sim/clock").json["now"].GetString();

  auto r = fx.control("POST", "/_sim/reset?clientId=SANDBOX_OTHER");
  REQUIRE(r.http_status == 200);
  CHECK(std::string(r.json["clientId"].GetString()) == "SANDBOX_OTHER");
  CHECK(fx.control("GET", "/_sim/payments?clientId=SANDBOX_OTHER").json["total"].GetInt() == 0);
  CHECK(fx.control("GET", "/_sim/payments?clientId=" + fx.demo_client_id()).json["total"].GetInt() == 1);
  // their token is gone, mine still pays; their activation is gone, mine stays; the clock stays
  CHECK(fx.call(kPay, pay_body("R-3", theirs.access_token, "100"), as_client("SANDBOX_OTHER")).code() == "INVALID_ACCESS_TOKEN");
  const auto active = fx.control("GET", "/_sim/scenarios/active").json;
  REQUIRE(active["active"].Size() == 1);
  CHECK(std::string(active["active"][0]["clientId"].GetString()) == fx.demo_client_id());
  CHECK(std::string(fx.control("GET", "/_sim/clock").json["now"].GetString()) == clock);
  // the merchant itself stays registered
  CHECK(fx.control("GET", "/_sim/merchants/SANDBOX_OTHER").http_status == 200);

  // without clientId: everything, as before
  REQUIRE(fx.control("POST", "/_sim/reset?clock=keep").http_status == 200);
  CHECK(fx.control("GET", "/_sim/payments").json["total"].GetInt() == 0);
  CHECK(fx.control("GET", "/_sim/scenarios/active").json["active"].Size() == 0);
}

TEST_CASE("scenarios: an activation arg the scenario does not accept is refused, naming it") {
  SimFixture fx;
  auto r = fx.control("POST", "/_sim/scenarios/pay-errors/activate", R"({"arg":"NOT_A_RESULT_CODE"})");
  CHECK(r.http_status == 400);
  CHECK(names(r, "NOT_A_RESULT_CODE"));
  CHECK(names(r, "SYSTEM_ERROR"));  // the accepted ones are listed
  CHECK(fx.control("GET", "/_sim/scenarios/active").json["active"].Size() == 0);
  r = fx.control("POST", "/_sim/scenarios/pay-errors/activate", R"({"arg":7})");
  CHECK(r.http_status == 400);
  CHECK(names(r, "arg must be a string"));
  CHECK(fx.control("POST", "/_sim/scenarios/pay-errors/activate", R"({"arg":"USER_BALANCE_NOT_ENOUGH"})").http_status == 200);
}

TEST_CASE("index: GET /_sim/ lists every route with its summary") {
  SimFixture fx;
  const auto r = fx.control("GET", "/_sim/");
  REQUIRE(r.http_status == 200);
  bool saw_openapi = false;
  for (const auto& e : r.json["endpoints"].GetArray()) {
    CHECK(std::string(e["summary"].GetString()).size() > 5);
    saw_openapi = saw_openapi || std::string(e["path"].GetString()) == "/_sim/openapi.json";
  }
  CHECK(saw_openapi);
}
