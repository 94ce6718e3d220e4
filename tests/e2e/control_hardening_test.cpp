// Issue #21, the control plane: what a careless or hostile /_sim/ caller could do before. Every
// refusal is a 400 that names the problem and changes nothing.
#include <doctest/doctest.h>

#include "tests/e2e/payment_support.hpp"
#include "tests/support/sim_fixture.hpp"

using namespace antom::test;

namespace {

std::string message_of(const HttpResult& r) {
  return r.json.IsObject() && r.json.HasMember("message") && r.json["message"].IsString() ? r.json["message"].GetString()
                                                                                          : r.body;
}

std::string now_of(SimFixture& fx) { return fx.control("GET", "/_sim/clock").json["now"].GetString(); }

}  // namespace

TEST_CASE("clock: the range is bounded and a move past either end is refused, naming the bound") {
  SimFixture fx;
  auto r = fx.control("POST", "/_sim/clock/advance", R"({"by":9223372036854775807})");
  CHECK(r.http_status == 400);
  CHECK(message_of(r).find("9989-12-31T23:59:59") != std::string::npos);
  CHECK(now_of(fx) == kFixtureStartTime);  // unchanged, not wrapped
  r = fx.control("POST", "/_sim/clock/advance", R"({"by":"9999999999d"})");  // too large to be a duration at all
  CHECK(r.http_status == 400);
  CHECK(message_of(r).find("by must be a duration") != std::string::npos);
  CHECK(message_of(r).find("9989-12-31T23:59:59") != std::string::npos);
  r = fx.control("POST", "/_sim/clock/advance", R"({"by":18446744073709551615})");  // an integer past int64
  CHECK(r.http_status == 400);
  CHECK(message_of(r).find("by must be a duration") != std::string::npos);
  r = fx.control("POST", "/_sim/clock/advance", "{}");
  CHECK(r.http_status == 400);
  CHECK(message_of(r).find("by is required") != std::string::npos);
  CHECK(now_of(fx) == kFixtureStartTime);

  r = fx.control("POST", "/_sim/clock", R"({"time":"0000-01-01T00:00:00Z"})");
  CHECK(r.http_status == 400);
  CHECK(message_of(r).find("1970-01-01T00:00:00") != std::string::npos);
  r = fx.control("POST", "/_sim/clock", R"({"time":"1969-12-31T23:59:59Z"})");
  CHECK(r.http_status == 400);
  r = fx.control("POST", "/_sim/clock", R"({"time":"9990-01-01T00:00:00Z"})");
  CHECK(r.http_status == 400);
  CHECK(message_of(r).find("9989-12-31T23:59:59") != std::string::npos);
  CHECK(now_of(fx) == kFixtureStartTime);

  // the ends themselves are inside
  CHECK(fx.control("POST", "/_sim/clock", R"({"time":"9989-12-31T23:59:59Z"})").http_status == 200);
  r = fx.control("POST", "/_sim/clock/advance", R"({"by":"1s"})");
  CHECK(r.http_status == 400);
  CHECK(message_of(r).find("9989-12-31T23:59:59") != std::string::npos);
  CHECK(fx.control("POST", "/_sim/clock/advance", R"({"by":"999ms"})").http_status == 200);
  CHECK(fx.control("POST", "/_sim/clock", R"({"time":"1970-01-01T00:00:00Z"})").http_status == 200);
  CHECK(fx.control("GET", "/_sim/clock").json["epochMs"].GetInt64() == 0);
}

TEST_CASE("lifetimes are at most 10 years, so even at the clock's end every time written has a four-digit year") {
  SimFixture fx;
  for (const char* body : {R"({"accessTokenTtlSeconds":9000000000000000000})", R"({"refreshTokenTtlSeconds":315360001})",
                           R"({"authCodeTtlSeconds":"3651d"})"}) {
    auto r = fx.control("PATCH", "/_sim/wallets/GCASH", body);
    CHECK_MESSAGE(r.http_status == 400, body);
    CHECK(message_of(r).find("at most 10 years") != std::string::npos);
  }
  auto r = fx.control("POST", "/_sim/authorizations/tokens", R"({"customerBelongsTo":"GCASH","accessTokenTtl":"3651d"})");
  CHECK(r.http_status == 400);
  CHECK(message_of(r).find("at most 10 years") != std::string::npos);

  REQUIRE(fx.control("PATCH", "/_sim/wallets/GCASH", R"({"accessTokenTtlSeconds":"3650d","refreshTokenTtlSeconds":315360000})")
              .http_status == 200);
  REQUIRE(fx.control("POST", "/_sim/clock", R"({"time":"9989-12-31T23:59:59Z","freeze":true})").http_status == 200);
  auto token = fx.control("POST", "/_sim/authorizations/tokens", R"({"customerBelongsTo":"GCASH"})");
  REQUIRE(token.http_status == 201);
  const std::string access_expiry = token.json["accessTokenExpiryTime"].GetString();
  CHECK(access_expiry.rfind("9999-12-", 0) == 0);  // +08:00 and ten years later: still 9999
  CHECK(std::string(token.json["refreshTokenExpiryTime"].GetString()) == access_expiry);
  const std::string access_token = token.json["accessToken"].GetString();
  CHECK(access_token.size() == 30);
  CHECK(access_token.rfind("9990", 0) == 0);  // the merchant's day (+08:00) starts the id

  // A scenario's activation ends inside the clock's range too (leaving "until" out means no end).
  REQUIRE(fx.control("POST", "/_sim/clock", R"({"time":"2026-03-01T10:00:00+08:00"})").http_status == 200);
  for (const char* body : {R"({"arg":"SYSTEM_ERROR","until":"9999-12-31T23:59:59Z"})", R"({"arg":"SYSTEM_ERROR","for":"3000000d"})"}) {
    r = fx.control("POST", "/_sim/scenarios/pay-errors/activate", body);
    CHECK_MESSAGE(r.http_status == 400, body);
    CHECK(message_of(r).find("at most 9989-12-31T23:59:59") != std::string::npos);
  }
  CHECK(fx.control("GET", "/_sim/scenarios/active").json["active"].Size() == 0);
  CHECK(fx.control("POST", "/_sim/scenarios/pay-errors/activate", R"({"arg":"SYSTEM_ERROR","until":"9989-12-31T23:59:59Z"})")
            .http_status == 200);
}

TEST_CASE("buyers: null removes a limit, as documented") {
  SimFixture fx;
  const auto token = pay::mint(fx);
  REQUIRE(!token.access_token.empty());
  auto r = fx.control("POST", "/_sim/buyers/" + token.buyer_id,
                      R"({"singleLimit":"1000","dailyLimit":"2000","dailyCountLimit":1})");
  REQUIRE(r.http_status == 200);
  CHECK(r.json.HasMember("singleLimit"));
  CHECK(r.json.HasMember("dailyLimit"));
  CHECK(fx.call(pay::kPay, pay::pay_body("P-1", token.access_token, "1500")).code() == "USER_AMOUNT_EXCEED_LIMIT");

  r = fx.control("POST", "/_sim/buyers/" + token.buyer_id, R"({"singleLimit":null,"dailyLimit":null,"dailyCountLimit":null})");
  REQUIRE(r.http_status == 200);
  CHECK_FALSE(r.json.HasMember("singleLimit"));
  CHECK_FALSE(r.json.HasMember("dailyLimit"));
  CHECK_FALSE(r.json.HasMember("dailyCountLimit"));
  // the same answer on a later read, and the payments the limits stopped now go through
  r = fx.control("GET", "/_sim/buyers/" + token.buyer_id);
  CHECK_FALSE(r.json.HasMember("singleLimit"));
  CHECK_FALSE(r.json.HasMember("dailyCountLimit"));
  CHECK(fx.call(pay::kPay, pay::pay_body("P-2", token.access_token, "1500")).code() == "SUCCESS");
  CHECK(fx.call(pay::kPay, pay::pay_body("P-3", token.access_token, "1500")).code() == "SUCCESS");
}

TEST_CASE("merchants: a bare SANDBOX_ client id and control characters are refused") {
  SimFixture fx;
  const auto key = antom::server::RsaKey::generate(2048).public_base64();
  auto r = fx.control("POST", "/_sim/merchants", R"({"clientId":"SANDBOX_","publicKey":")" + key + "\"}");
  CHECK(r.http_status == 400);
  CHECK(message_of(r).find("clientId") != std::string::npos);
  r = fx.control("POST", "/_sim/merchants", R"({"clientId":"SANDBOX_X\r\nInjected: yes","publicKey":")" + key + "\"}");
  CHECK(r.http_status == 400);
  CHECK(message_of(r).find("control character") != std::string::npos);
  r = fx.control("POST", "/_sim/merchants", R"({"clientId":"SANDBOX_TAB\t","publicKey":")" + key + "\"}");
  CHECK(r.http_status == 400);
  r = fx.control("POST", "/_sim/merchants", R"({"clientId":"SANDBOX_NUL\u0000","publicKey":")" + key + "\"}");
  CHECK(r.http_status == 400);
  CHECK(fx.control("GET", "/_sim/merchants").json["merchants"].Size() == 1);
}

TEST_CASE("small refusals: limit=-1, an empty custom schedule, reset?clock=bogus") {
  SimFixture fx;
  for (const char* path : {"/_sim/payments?limit=-1", "/_sim/refunds?limit=-1", "/_sim/declarations?limit=x",
                           "/_sim/buyers?limit=0", "/_sim/notifications?limit=-1"}) {
    CAPTURE(path);
    const auto r = fx.control("GET", path);
    CHECK(r.http_status == 400);
    CHECK(message_of(r).find("limit") != std::string::npos);
  }
  CHECK(fx.control("GET", "/_sim/payments?limit=5").http_status == 200);

  for (const char* body : {R"({"schedule":"custom:"})", R"({"schedule":[]})"}) {
    CAPTURE(body);
    const auto r = fx.control("PUT", "/_sim/notifications/schedule", body);
    CHECK(r.http_status == 400);
    CHECK(message_of(r).find("interval") != std::string::npos);
  }
  CHECK(std::string(fx.control("GET", "/_sim/notifications/schedule").json["global"]["name"].GetString()) == "production");

  const auto token = pay::mint(fx);
  REQUIRE(!token.access_token.empty());
  fx.set_time("2030-01-01T00:00:00Z");
  auto r = fx.control("POST", "/_sim/reset?clock=bogus");
  CHECK(r.http_status == 400);
  CHECK(message_of(r).find("clock") != std::string::npos);
  CHECK(fx.control("GET", "/_sim/clock").json["epochMs"].GetInt64() == 1893456000000);  // not reset
  CHECK(fx.control("GET", "/_sim/buyers/" + token.buyer_id).http_status == 200);      // nothing reset
  CHECK(fx.control("POST", "/_sim/reset?clock=keep").http_status == 200);
  CHECK(fx.control("GET", "/_sim/clock").json["epochMs"].GetInt64() == 1893456000000);
  CHECK(fx.control("POST", "/_sim/reset?clock=reset").http_status == 200);
}

TEST_CASE("notify URLs: only absolute http(s) URLs with a plain host, at every way in") {
  SimFixture fx;
  const auto token = pay::mint(fx);
  REQUIRE(!token.access_token.empty());
  const char* bad_urls[] = {"javascript:alert(1)", "file:///etc/passwd", "gopher://127.0.0.1:25/x", "ftp://m.example/n",
                            "//m.example/n", "/relative", "http://2130706433/n", "http://0x7f.0.0.1/n",
                            "http://0177.0.0.1/n", "http://127.1/n", "http://user@m.example/n", "http://[::1/n",
                            "http://m.example:0/n", "http://m.example:99999/n", "http://m.exa mple/n", "http://m.example/n#frag",
                            "http://m%2eexample/n", "http://[fe80::1%25eth0]/n"};
  int n = 0;
  for (const char* url : bad_urls) {
    CAPTURE(url);
    // the Antom API: PARAM_ILLEGAL naming the field, nothing recorded
    const std::string quoted = std::string("\"") + url + "\"";
    auto r = fx.call(pay::kPay, pay::pay_body("BAD-" + std::to_string(++n), token.access_token, "100", "PHP", "GCASH",
                                              ",\"paymentNotifyUrl\":" + quoted));
    CHECK(r.code() == "PARAM_ILLEGAL");
    CHECK(r.message().find("paymentNotifyUrl") != std::string::npos);
    // the control API
    const auto key = antom::server::RsaKey::generate(1024).public_base64();
    auto c = fx.control("POST", "/_sim/merchants",
                        R"({"clientId":"SANDBOX_URL","publicKey":")" + key + R"(","notifyUrl":)" + quoted + "}");
    CHECK(c.http_status == 400);
    CHECK(message_of(c).find("notifyUrl") != std::string::npos);
  }
  CHECK(fx.control("GET", "/_sim/payments").json["total"].GetInt() == 0);
  CHECK(fx.control("GET", "/_sim/merchants/SANDBOX_URL").http_status == 404);

  // refundNotifyUrl too
  auto paid = fx.call(pay::kPay, pay::pay_body("OK-1", token.access_token, "100"));
  REQUIRE(paid.code() == "SUCCESS");
  auto refund = fx.call(pay::kRefund, pay::refund_body("R-1", paid.text("paymentId"), "100", "PHP",
                                                       R"(,"refundNotifyUrl":"file:///etc/passwd")"));
  CHECK(refund.code() == "PARAM_ILLEGAL");
  CHECK(refund.message().find("refundNotifyUrl") != std::string::npos);
  // good ones still pass
  for (const char* url : {"https://merchant.example/notify?x=1", "http://127.0.0.1:9/n", "http://[::1]:9/n", "HTTPS://M.example"}) {
    CAPTURE(url);
    CHECK(fx.call(pay::kPay, pay::pay_body(std::string("GOOD-") + std::to_string(++n), token.access_token, "100", "PHP",
                                           "GCASH", std::string(",\"paymentNotifyUrl\":\"") + url + "\""))
              .code() == "SUCCESS");
  }
}

TEST_CASE("listings page with a cursor: a default size, a maximum, every record once") {
  SimFixture fx;
  const auto token = pay::mint(fx);
  REQUIRE(!token.access_token.empty());
  CHECK(fx.control("POST", "/_sim/buyers/" + token.buyer_id, R"({"balance":"100000000","dailyCountLimit":null})").http_status == 200);
  const int count = 230;
  for (int i = 0; i < count; ++i)
    REQUIRE(fx.call(pay::kPay, pay::pay_body("PG-" + std::to_string(i), token.access_token, "100")).code() == "SUCCESS");
  auto first = fx.control("GET", "/_sim/payments");
  CHECK(first.json["payments"].Size() == 100);  // the default page
  CHECK(first.json["total"].GetInt() == count);
  REQUIRE(first.json.HasMember("nextCursor"));
  CHECK(fx.control("GET", "/_sim/payments?limit=1001").http_status == 400);
  CHECK(fx.control("GET", "/_sim/payments?cursor=garbage").http_status == 400);

  std::vector<std::string> seen;
  std::string cursor;
  for (int pages = 0; pages < 10; ++pages) {
    auto page = fx.control("GET", "/_sim/payments?limit=70" + (cursor.empty() ? "" : "&cursor=" + cursor));
    REQUIRE(page.http_status == 200);
    CHECK(page.json["total"].GetInt() == count);
    for (const auto& p : page.json["payments"].GetArray()) seen.emplace_back(p["paymentRequestId"].GetString());
    if (!page.json.HasMember("nextCursor")) break;
    cursor = page.json["nextCursor"].GetString();
  }
  REQUIRE(seen.size() == static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) CHECK(seen[static_cast<std::size_t>(i)] == "PG-" + std::to_string(i));

  // a filter that scans: total counts every match, pages continue after the cursor
  auto by_status = fx.control("GET", "/_sim/payments?status=SUCCESS&limit=200");
  CHECK(by_status.json["total"].GetInt() == count);
  CHECK(by_status.json["payments"].Size() == 200);
  REQUIRE(by_status.json.HasMember("nextCursor"));
  auto rest = fx.control("GET", std::string("/_sim/payments?status=SUCCESS&limit=200&cursor=") +
                                    by_status.json["nextCursor"].GetString());
  CHECK(rest.json["payments"].Size() == static_cast<rapidjson::SizeType>(count - 200));
  CHECK(std::string(rest.json["payments"][0]["paymentRequestId"].GetString()) == "PG-200");
  // an index filter answers from the index
  auto one = fx.control("GET", "/_sim/payments?paymentRequestId=PG-17");
  CHECK(one.json["total"].GetInt() == 1);
  CHECK(std::string(one.json["payments"][0]["paymentRequestId"].GetString()) == "PG-17");
  CHECK(fx.control("GET", "/_sim/payments?paymentRequestId=nope").json["total"].GetInt() == 0);
}
