// Every way an authorization request can go wrong, over real sockets: bad and hostile input,
// unknown/used/expired codes and refresh tokens, expiry on the virtual clock, revoke and reuse,
// two merchants that cannot touch each other's authorizations, and the control API's own errors.
#include "tests/e2e/authorization_support.hpp"

using namespace antom::test;
using namespace antom::test::auth;
using namespace std::chrono_literals;

TEST_CASE("consult refuses bad input with PARAM_ILLEGAL naming the field") {
  SimFixture fx;
  auto check_illegal = [&](const ApiResult& r, const char* field) {
    CAPTURE(field);
    CAPTURE(r.message());
    CHECK(r.signature_ok);
    CHECK(r.code() == "PARAM_ILLEGAL");
    CHECK(r.status() == "F");
    CHECK(r.message().find(field) != std::string::npos);
  };
  check_illegal(consult(fx, {.wallet = "NOT_A_WALLET"}), "customerBelongsTo");
  check_illegal(consult(fx, {.redirect = "javascript:alert(document.cookie)"}), "authRedirectUrl");
  check_illegal(consult(fx, {.redirect = "https://m.example/cb\r\nSet-Cookie: a=b"}), "authRedirectUrl");
  check_illegal(consult(fx, {.redirect = "not a url"}), "authRedirectUrl");
  check_illegal(consult(fx, {.notify_url = "ftp://m.example/notify"}), "authNotifyUrl");
  check_illegal(fx.call(kConsult, R"({"customerBelongsTo":"GCASH","authRedirectUrl":"https://m/cb","scopes":[],"authState":"s","terminalType":"WEB"})"),
                "scopes");
  check_illegal(fx.call(kConsult, R"({"customerBelongsTo":"GCASH","authRedirectUrl":"https://m/cb","scopes":["AGREEMENT_PAY"],"terminalType":"WEB"})"),
                "authState");
  check_illegal(consult(fx, {.terminal = "APP"}), "osType");  // APP needs osType
  auto list = fx.control("GET", "/_sim/authorizations");
  CHECK(list.json["authorizations"].Size() == 0);  // nothing was recorded
}

TEST_CASE("hostile values are shown escaped on the wallet page and returned intact") {
  SimFixture fx;
  const std::string state = "<script>alert(1)</script>\"'&";
  auto c = consult(fx, {.state = state});
  REQUIRE(c.code() == "SUCCESS");
  auto page = fx.control("GET", page_path(c));
  CHECK(page.body.find("<script>alert(1)") == std::string::npos);
  auto back = fx.control("POST", page_path(c) + "/approve");
  const std::string location = back.header("location");
  CHECK(location.find('<') == std::string::npos);
  CHECK(location.find('"') == std::string::npos);
  CHECK(query_param(location, "authState") == antom::server::percent_encode(state));
}

TEST_CASE("applyToken with AUTHORIZATION_CODE: unknown, wrong wallet, used and expired codes") {
  SimFixture fx;
  auto c = consult(fx);
  const std::string code = approve(fx, c);
  CHECK(exchange_code(fx, "2026030131000000000000000000").code() == "INVALID_CODE");
  CHECK(exchange_code(fx, code, "DANA").code() == "INVALID_CODE");
  CHECK(exchange_code(fx, code, "NOT_A_WALLET").code() == "PARAM_ILLEGAL");
  auto missing = fx.call(kApplyToken, R"({"grantType":"AUTHORIZATION_CODE","customerBelongsTo":"GCASH"})");
  CHECK(missing.code() == "PARAM_ILLEGAL");
  CHECK(missing.message().find("authCode") != std::string::npos);
  CHECK(fx.call(kApplyToken, R"({"grantType":"PASSWORD","customerBelongsTo":"GCASH","authCode":"x"})").code() == "PARAM_ILLEGAL");

  SUBCASE("expires on the virtual clock") {
    const auto ttl = fx.app().world.wallets()->find("GCASH")->auth_code_ttl;
    fx.advance(std::chrono::duration_cast<std::chrono::milliseconds>(ttl) - 1ms);
    auto code2 = approve(fx, consult(fx));
    fx.advance(1ms);
    CHECK(exchange_code(fx, code).code() == "EXPIRED_CODE");
    CHECK(exchange_code(fx, code2).code() == "SUCCESS");
  }
  SUBCASE("single use") {
    CHECK(exchange_code(fx, code).code() == "SUCCESS");
    auto again = exchange_code(fx, code);
    CHECK(again.code() == "USED_CODE");
    CHECK(again.status() == "F");
  }
  SUBCASE("wallet table override shortens the code lifetime") {
    REQUIRE(fx.control("PATCH", "/_sim/wallets/GCASH", R"({"authCodeTtlSeconds":"30s"})").http_status == 200);
    auto short_code = approve(fx, consult(fx));
    fx.advance(30s);
    CHECK(exchange_code(fx, short_code).code() == "EXPIRED_CODE");
    CHECK(exchange_code(fx, code).code() == "SUCCESS");  // issued under the old lifetime
    REQUIRE(fx.control("DELETE", "/_sim/wallets/GCASH").http_status == 200);
    auto w = fx.control("GET", "/_sim/wallets/GCASH");
    CHECK(w.json["authCodeTtlSeconds"].GetInt64() == 600);
  }
}

TEST_CASE("expiry: an expired access token cannot pay or be revoked; refresh works until its own expiry") {
  SimFixture fx;
  auto t = exchange_code(fx, approve(fx, consult(fx)));
  REQUIRE(t.code() == "SUCCESS");
  const auto* gcash = fx.app().world.wallets()->find("GCASH");
  const auto access_ttl = std::chrono::duration_cast<std::chrono::milliseconds>(gcash->access_token_ttl);
  fx.advance(access_ttl - 1ms);
  CHECK(pay_ready(fx, t.text("accessToken")));
  fx.advance(1ms);
  CHECK_FALSE(pay_ready(fx, t.text("accessToken")));
  CHECK(revoke(fx, t.text("accessToken")).code() == "INVALID_ACCESS_TOKEN");
  auto view = fx.control("GET", "/_sim/authorizations/" + t.text("accessToken"));
  CHECK_FALSE(view.json["tokens"][0]["usable"].GetBool());

  auto r = refresh(fx, t.text("refreshToken"));
  REQUIRE(r.code() == "SUCCESS");
  CHECK(pay_ready(fx, r.text("accessToken")));
  const auto refresh_deadline = antom::state::parse_iso8601(t.text("refreshTokenExpiryTime"));
  REQUIRE(refresh_deadline);
  fx.set_time(antom::state::format_iso8601(*refresh_deadline));
  auto late = refresh(fx, r.text("refreshToken"));
  CHECK(late.code() == "EXPIRED_REFRESH_TOKEN");
  CHECK(late.status() == "F");
  CHECK_FALSE(pay_ready(fx, r.text("accessToken")));  // never outlives its authorization
}

TEST_CASE("refresh errors: unknown, wrong wallet, missing field, wallet without refresh") {
  SimFixture fx;
  auto t = exchange_code(fx, approve(fx, consult(fx)));
  CHECK(refresh(fx, "no-such-refresh-token").code() == "INVALID_REFRESH_TOKEN");
  CHECK(refresh(fx, t.text("refreshToken"), "DANA").code() == "INVALID_REFRESH_TOKEN");
  CHECK(refresh(fx, t.text("refreshToken"), "ZALOPAY").code() == "INVALID_REFRESH_TOKEN");
  auto missing = fx.call(kApplyToken, R"({"grantType":"REFRESH_TOKEN","customerBelongsTo":"GCASH"})");
  CHECK(missing.code() == "PARAM_ILLEGAL");
  CHECK(missing.message().find("refreshToken") != std::string::npos);
  CHECK(refresh(fx, t.text("refreshToken")).code() == "SUCCESS");  // none of the above consumed it
}

TEST_CASE("two merchants never see or use each other's codes and tokens") {
  SimFixture fx;
  const std::string other = fx.add_merchant("SANDBOX_OTHER");
  auto c = consult(fx);
  const std::string code = approve(fx, c);
  CHECK(exchange_code(fx, code, "GCASH", other).code() == "INVALID_CODE");
  auto t = exchange_code(fx, code);
  REQUIRE(t.code() == "SUCCESS");
  CHECK(refresh(fx, t.text("refreshToken"), "GCASH", other).code() == "INVALID_REFRESH_TOKEN");
  CHECK(revoke(fx, t.text("accessToken"), other).code() == "INVALID_ACCESS_TOKEN");
  CHECK_FALSE(pay_ready(fx, t.text("accessToken"), other));
  CHECK(pay_ready(fx, t.text("accessToken")));

  auto theirs = fx.control("GET", "/_sim/authorizations?clientId=" + other);
  CHECK(theirs.json["authorizations"].Size() == 0);
  auto ours = fx.control("GET", "/_sim/authorizations?clientId=" + fx.demo_client_id());
  CHECK(ours.json["authorizations"].Size() == 1);
  CHECK(fx.control("GET", "/_sim/authorizations/" + t.text("accessToken") + "?clientId=" + other).http_status == 404);
  // The other merchant's wallet-page URL does not open our attempt.
  CHECK(fx.control("GET", "/_sim/wallet/" + other + "/" + attempt_id(c)).http_status == 404);

  auto c2 = consult(fx, {.client_id = other});
  REQUIRE(c2.code() == "SUCCESS");
  auto t2 = exchange_code(fx, approve(fx, c2), "GCASH", other);
  REQUIRE(t2.code() == "SUCCESS");
  CHECK(revoke(fx, t2.text("accessToken")).code() == "INVALID_ACCESS_TOKEN");
  CHECK(revoke(fx, t2.text("accessToken"), other).code() == "SUCCESS");
}

TEST_CASE("inspection lists attempts, codes and tokens with states and expiry times") {
  SimFixture fx;
  auto pending = consult(fx, {.wallet = "DANA"});
  auto c = consult(fx);
  auto t = exchange_code(fx, approve(fx, c));
  auto all = fx.control("GET", "/_sim/authorizations");
  REQUIRE(all.http_status == 200);
  CHECK(all.json["authorizations"].Size() == 2);
  auto approved = fx.control("GET", "/_sim/authorizations?state=APPROVED");
  REQUIRE(approved.json["authorizations"].Size() == 1);
  const auto& a = approved.json["authorizations"][0];
  CHECK(std::string(a["attemptId"].GetString()) == attempt_id(c));
  CHECK(a["authCode"]["used"].GetBool());
  CHECK(std::string(a["liveToken"].GetString()) == t.text("accessToken"));
  CHECK(std::string(a["tokens"][0]["accessTokenExpiryTime"].GetString()) == t.text("accessTokenExpiryTime"));
  CHECK(std::string(a["tokens"][0]["state"].GetString()) == "ACTIVE");
  auto by_wallet = fx.control("GET", "/_sim/authorizations?customerBelongsTo=DANA");
  REQUIRE(by_wallet.json["authorizations"].Size() == 1);
  CHECK(std::string(by_wallet.json["authorizations"][0]["state"].GetString()) == "PENDING");
  for (const std::string& id : {attempt_id(c), t.text("accessToken"), t.text("refreshToken")}) {
    auto one = fx.control("GET", "/_sim/authorizations/" + id);
    CHECK(one.http_status == 200);
    CHECK(std::string(one.json["attemptId"].GetString()) == attempt_id(c));
  }
  CHECK(fx.control("GET", "/_sim/authorizations/nothing").http_status == 404);
  CHECK(fx.control("GET", "/_sim/authorizations?clientId=NOBODY").http_status == 404);
  CHECK(fx.control("POST", "/_sim/authorizations/nothing/approve").http_status == 404);
  CHECK(fx.control("POST", "/_sim/authorizations/nothing/cancel").http_status == 404);
  CHECK(fx.control("POST", "/_sim/authorizations/" + attempt_id(pending) + "/cancel").http_status == 409);
  CHECK(fx.control("POST", "/_sim/authorizations/" + attempt_id(pending) + "/approve", "not json").http_status == 400);
}

TEST_CASE("wallet page errors: unknown links and bad wallet-table changes") {
  SimFixture fx;
  CHECK(fx.control("GET", "/_sim/wallet/" + fx.demo_client_id() + "/aut_nothing").http_status == 404);
  CHECK(fx.control("GET", "/_sim/wallet/NOBODY/aut_nothing").http_status == 404);
  CHECK(fx.control("POST", "/_sim/wallet/NOBODY/aut_nothing/approve").http_status == 404);
  CHECK(fx.control("PATCH", "/_sim/wallets/GCASH", R"({"accessTokenTtlSeconds":-5})").http_status == 400);
  CHECK(fx.control("PATCH", "/_sim/wallets/GCASH", R"({"brandColor":"red</style>"})").http_status == 400);
  CHECK(fx.control("PATCH", "/_sim/wallets/GCASH", R"({"unknownField":1})").http_status == 400);
  CHECK(fx.control("PATCH", "/_sim/wallets/NOPE", R"({})").http_status == 404);
  CHECK(fx.control("PATCH", "/_sim/wallets/GCASH", "[").http_status == 400);
  auto changed = fx.control("PATCH", "/_sim/wallets/ZALOPAY", R"({"supportsRefresh":true,"refreshTokenTtlSeconds":"30d"})");
  REQUIRE(changed.http_status == 200);
  CHECK(changed.json["supportsRefresh"].GetBool());
  auto t = exchange_code(fx, approve(fx, consult(fx, {.wallet = "ZALOPAY"})), "ZALOPAY");
  CHECK(t.json.HasMember("refreshToken"));
  CHECK(fx.control("POST", "/_sim/wallets/reset").http_status == 200);
  CHECK_FALSE(fx.control("GET", "/_sim/wallets/ZALOPAY").json["supportsRefresh"].GetBool());
}
