// The Auto Debit authorization flow over real sockets with real signatures: consult, the wallet
// page (or the headless control call), applyToken, refresh, revoke, the wallet-side cancel, and
// the signed notifications each step sends.
#include "tests/e2e/authorization_support.hpp"
#include "tests/support/notify_receiver.hpp"

using namespace antom::test;
using namespace antom::test::auth;
using namespace std::chrono_literals;

namespace {

std::string header(const HttpResult& h, const char* name) { return h.header(name); }

std::string notice_type(const ReceivedNotification& n) {
  auto doc = parse_json(n.body);
  return doc.HasMember("authorizationNotifyType") ? doc["authorizationNotifyType"].GetString() : "";
}

// Delivery order is not part of the contract (retries, parallel sends): find by type.
ReceivedNotification of_type(const std::vector<ReceivedNotification>& got, const std::string& type) {
  for (const auto& n : got)
    if (notice_type(n) == type) return n;
  FAIL("no " << type << " notification");
  return {};
}

}  // namespace

TEST_CASE("consult answers signed wallet URLs per terminal type") {
  SimFixture fx;
  SUBCASE("WEB: normalUrl (and the deprecated authUrl) open the wallet page") {
    auto r = consult(fx);
    CHECK(r.signature_ok);
    CHECK(r.code() == "SUCCESS");
    CHECK(r.status() == "S");
    CHECK(r.text("normalUrl").rfind(fx.base_url() + "/_sim/wallet/", 0) == 0);
    CHECK(r.text("authUrl") == r.text("normalUrl"));
    CHECK_FALSE(r.json.HasMember("schemeUrl"));
  }
  SUBCASE("APP: schemeUrl, applinkUrl, normalUrl and appIdentifier") {
    auto r = consult(fx, {.terminal = "APP", .os = "ANDROID"});
    CHECK(r.code() == "SUCCESS");
    CHECK(r.text("schemeUrl").rfind("antomsim-gcash://", 0) == 0);
    CHECK(r.text("applinkUrl").rfind(fx.base_url(), 0) == 0);
    CHECK_FALSE(r.text("appIdentifier").empty());
    CHECK_FALSE(r.json.HasMember("authUrl"));
    auto page = fx.control("GET", r.text("applinkUrl").substr(fx.base_url().size()));
    CHECK(page.http_status == 200);  // the app link falls back to the same page
  }
  SUBCASE("newest docs: terminal type under env") {
    auto r = fx.call(kConsult, R"({"customerBelongsTo":"DANA","authRedirectUrl":"https://m.example/cb","scopes":["AGREEMENT_PAY"],
                                   "authState":"s","env":{"terminalType":"WAP","osType":"IOS"}})");
    CHECK(r.code() == "SUCCESS");
    CHECK_FALSE(r.text("schemeUrl").empty());
  }
  SUBCASE("percent-encoded authRedirectUrl, as the docs allow") {
    auto r = consult(fx, {.redirect = "https%3A%2F%2Fmerchant.example%2Fcb"});
    REQUIRE(r.code() == "SUCCESS");
    auto a = fx.control("GET", "/_sim/authorizations/" + attempt_id(r));
    CHECK(std::string(a.json["authRedirectUrl"].GetString()) == "https://merchant.example/cb");
  }
}

TEST_CASE("page approve: 302 back with authCode and authState, then applyToken, refresh and revoke") {
  SimFixture fx;
  auto c = consult(fx);
  REQUIRE(c.code() == "SUCCESS");
  auto page = fx.control("GET", page_path(c));
  REQUIRE(page.http_status == 200);
  CHECK(header(page, "content-type").find("text/html") == 0);
  CHECK(page.body.find(fx.app().merchants.find(fx.demo_client_id())->name) != std::string::npos);
  CHECK(page.body.find("GCash") != std::string::npos);
  CHECK(page.body.find("AGREEMENT_PAY") != std::string::npos);

  auto back = fx.control("POST", page_path(c) + "/approve");
  REQUIRE(back.http_status == 302);
  const std::string location = header(back, "location");
  CHECK(location.rfind("https://merchant.example/auth/back?order=7&authCode=", 0) == 0);
  CHECK(query_param(location, "authState") == "st-42");
  const std::string code = query_param(location, "authCode");
  REQUIRE_FALSE(code.empty());
  auto reopened = fx.control("GET", page_path(c));  // a reload goes back with the same code
  CHECK(reopened.http_status == 302);
  CHECK(query_param(header(reopened, "location"), "authCode") == code);

  auto t = exchange_code(fx, code);
  REQUIRE(t.code() == "SUCCESS");
  CHECK(t.signature_ok);
  const auto wallets = fx.app().world.wallets();
  const auto now = fx.app().world.clock().now();
  CHECK(t.text("accessTokenExpiryTime") == antom::state::format_iso8601(now + wallets->find("GCASH")->access_token_ttl));
  CHECK(t.text("refreshTokenExpiryTime") == antom::state::format_iso8601(now + wallets->find("GCASH")->refresh_token_ttl));
  CHECK(t.text("userLoginId").find("****") != std::string::npos);
  CHECK(t.text("pspCustomerInfo.pspName") == "GCASH");
  CHECK_FALSE(t.text("pspCustomerInfo.pspCustomerId").empty());
  const std::string token = t.text("accessToken");
  CHECK(pay_ready(fx, token));
  CHECK(exchange_code(fx, code).code() == "USED_CODE");

  auto r = refresh(fx, t.text("refreshToken"));
  REQUIRE(r.code() == "SUCCESS");
  const std::string token2 = r.text("accessToken");
  CHECK(token2 != token);
  CHECK(r.text("refreshTokenExpiryTime") == t.text("refreshTokenExpiryTime"));
  CHECK(pay_ready(fx, token2));
  CHECK_FALSE(pay_ready(fx, token));  // the refreshed-away token no longer pays
  CHECK(refresh(fx, t.text("refreshToken")).code() == "USED_REFRESH_TOKEN");

  CHECK(revoke(fx, token).code() == "INVALID_ACCESS_TOKEN");
  auto rv = revoke(fx, token2);
  CHECK(rv.code() == "SUCCESS");
  CHECK(rv.status() == "S");
  CHECK_FALSE(pay_ready(fx, token2));
  CHECK(revoke(fx, token2).code() == "INVALID_ACCESS_TOKEN");
  CHECK(refresh(fx, r.text("refreshToken")).code() == "INVALID_REFRESH_TOKEN");
}

TEST_CASE("page decline: back with authState only, and the attempt can no longer be approved") {
  SimFixture fx;
  auto c = consult(fx);
  auto back = fx.control("POST", page_path(c) + "/decline");
  REQUIRE(back.http_status == 302);
  const std::string location = header(back, "location");
  CHECK(query_param(location, "authState") == "st-42");
  CHECK(query_param(location, "authCode").empty());
  auto again = fx.control("POST", page_path(c) + "/approve");
  CHECK(again.http_status == 302);
  CHECK(query_param(header(again, "location"), "authCode").empty());
  auto headless = fx.control("POST", "/_sim/authorizations/" + attempt_id(c) + "/approve");
  CHECK(headless.http_status == 409);
  auto a = fx.control("GET", "/_sim/authorizations/" + attempt_id(c));
  CHECK(std::string(a.json["state"].GetString()) == "DECLINED");
  CHECK(a.json["authCode"].IsNull());
}

TEST_CASE("auto-approve, per merchant and global, redirects as soon as the page opens") {
  SimFixture fx;
  SUBCASE("per merchant") {
    auto s = fx.control("PUT", "/_sim/auto-approve", "{\"enabled\":true,\"clientId\":\"" + fx.demo_client_id() + "\"}");
    REQUIRE(s.http_status == 200);
    CHECK_FALSE(s.json["global"].GetBool());
  }
  SUBCASE("global") {
    auto s = fx.control("PUT", "/_sim/auto-approve", R"({"enabled":true})");
    REQUIRE(s.http_status == 200);
    CHECK(s.json["global"].GetBool());
  }
  auto c = consult(fx);
  auto page = fx.control("GET", page_path(c));
  REQUIRE(page.http_status == 302);
  const std::string code = query_param(header(page, "location"), "authCode");
  CHECK(exchange_code(fx, code).code() == "SUCCESS");
  CHECK(fx.control("PUT", "/_sim/auto-approve", R"({"enabled":"yes"})").http_status == 400);
}

TEST_CASE("notifications: AUTHCODE_CREATED, TOKEN_CREATED and TOKEN_CANCELED reach authNotifyUrl signed") {
  SimFixture fx;
  NotifyReceiver rx(antom_public_key(fx.app().keys.antom_private));
  // Boost notifies a wallet-side cancel (https://docs.antom.com/ac/easypay_zh-cn/revoke).
  auto c = consult(fx, {.wallet = "BOOST", .notify_url = rx.url("/antom/auth")});
  const std::string code = approve(fx, c);
  REQUIRE(rx.wait_for(1));
  auto t = exchange_code(fx, code, "BOOST");
  REQUIRE(rx.wait_for(2));
  auto cancel = fx.control("POST", "/_sim/authorizations/" + attempt_id(c) + "/cancel");
  REQUIRE(cancel.http_status == 200);
  REQUIRE(rx.wait_for(3));
  const auto got = rx.received();
  REQUIRE(got.size() >= 3);
  for (const auto& n : got) {
    CHECK(n.signature_ok);
    CHECK(n.path == "/antom/auth");
  }
  auto first = parse_json(of_type(got, "AUTHCODE_CREATED").body);
  CHECK(std::string(first["authCode"].GetString()) == code);
  CHECK(std::string(first["authState"].GetString()) == "st-42");
  CHECK(std::string(first["result"]["resultCode"].GetString()) == "SUCCESS");
  CHECK(std::string(parse_json(of_type(got, "TOKEN_CREATED").body)["accessToken"].GetString()) == t.text("accessToken"));
  auto canceled = parse_json(of_type(got, "TOKEN_CANCELED").body);
  CHECK(canceled.HasMember("reason"));
  CHECK(std::string(canceled["accessToken"].GetString()) == t.text("accessToken"));

  // The wallet-side cancel killed the token for pay and for the merchant's revoke and refresh.
  CHECK_FALSE(pay_ready(fx, t.text("accessToken")));
  CHECK(revoke(fx, t.text("accessToken")).code() == "INVALID_ACCESS_TOKEN");
  CHECK(refresh(fx, t.text("refreshToken"), "BOOST").code() == "INVALID_REFRESH_TOKEN");
  CHECK(fx.control("POST", "/_sim/authorizations/" + attempt_id(c) + "/cancel").http_status == 409);
}

TEST_CASE("merchant revoke sends TOKEN_CANCELED too") {
  SimFixture fx;
  NotifyReceiver rx(antom_public_key(fx.app().keys.antom_private));
  auto c = consult(fx, {.notify_url = rx.url()});
  auto t = exchange_code(fx, approve(fx, c));
  REQUIRE(revoke(fx, t.text("accessToken")).code() == "SUCCESS");
  REQUIRE(rx.wait_for(3));
  auto canceled = parse_json(of_type(rx.received(), "TOKEN_CANCELED").body);
  CHECK(std::string(canceled["accessToken"].GetString()) == t.text("accessToken"));
}

TEST_CASE("every wallet in the table goes through consult, approval, applyToken and refresh") {
  SimFixture fx;
  auto wallets = fx.control("GET", "/_sim/wallets");
  REQUIRE(wallets.http_status == 200);
  REQUIRE(wallets.json["wallets"].Size() >= 18);
  for (const auto& w : wallets.json["wallets"].GetArray()) {
    const std::string code = w["customerBelongsTo"].GetString();
    CAPTURE(code);
    auto c = consult(fx, {.wallet = code});
    REQUIRE(c.code() == "SUCCESS");
    auto t = exchange_code(fx, approve(fx, c), code);
    REQUIRE(t.code() == "SUCCESS");
    CHECK(pay_ready(fx, t.text("accessToken")));
    CHECK(t.json.HasMember("refreshToken") == w["supportsRefresh"].GetBool());
    if (w["supportsRefresh"].GetBool()) {
      auto r = refresh(fx, t.text("refreshToken"), code);
      CHECK(r.code() == "SUCCESS");
      CHECK(pay_ready(fx, r.text("accessToken")));
    } else {
      CHECK(refresh(fx, "any-refresh-token", code).code() == "INVALID_REFRESH_TOKEN");
    }
  }
}

TEST_CASE("a minted token is ready to pay and behaves like a consented one") {
  SimFixture fx;
  auto m = fx.control("POST", "/_sim/authorizations/tokens", R"({"customerBelongsTo":"TNG","accessTokenTtl":"1h"})");
  REQUIRE(m.http_status == 201);
  const std::string token = m.json["accessToken"].GetString();
  CHECK(pay_ready(fx, token));
  fx.advance(1h);
  CHECK_FALSE(pay_ready(fx, token));
  auto r = refresh(fx, m.json["refreshToken"].GetString(), "TNG");
  REQUIRE(r.code() == "SUCCESS");
  CHECK(revoke(fx, r.text("accessToken")).code() == "SUCCESS");
  CHECK(fx.control("POST", "/_sim/authorizations/tokens", R"({"customerBelongsTo":"NOPE"})").http_status == 400);
}

TEST_CASE("the token pays through the real pay API until it expires, is refreshed, and is revoked") {
  SimFixture fx;
  int n = 0;
  auto pay = [&](const std::string& token) {
    const std::string id = "AUTH-PAY-" + std::to_string(++n);
    return fx.call("/ams/api/v1/payments/pay",
                   R"({"productCode":"AGREEMENT_PAYMENT","paymentRequestId":")" + id +
                       R"(","order":{"referenceOrderId":")" + id + R"(","orderDescription":"Plan","orderAmount":{"currency":"PHP","value":"100"}},)"
                       R"("paymentAmount":{"currency":"PHP","value":"100"},"paymentMethod":{"paymentMethodType":"GCASH","paymentMethodId":")" +
                       token + R"("}})");
  };
  auto c = consult(fx);
  auto back = fx.control("POST", page_path(c) + "/approve");
  auto t = exchange_code(fx, query_param(back.header("location"), "authCode"));
  REQUIRE(t.code() == "SUCCESS");
  CHECK(pay(t.text("accessToken")).code() == "SUCCESS");
  const auto expiry = antom::state::parse_iso8601(t.text("accessTokenExpiryTime"));
  REQUIRE(expiry);
  fx.set_time(antom::state::format_iso8601(*expiry));
  CHECK(pay(t.text("accessToken")).code() == "INVALID_ACCESS_TOKEN");
  auto r = refresh(fx, t.text("refreshToken"));
  REQUIRE(r.code() == "SUCCESS");
  CHECK(pay(t.text("accessToken")).code() == "INVALID_ACCESS_TOKEN");
  CHECK(pay(r.text("accessToken")).code() == "SUCCESS");
  REQUIRE(revoke(fx, r.text("accessToken")).code() == "SUCCESS");
  CHECK(pay(r.text("accessToken")).code() == "INVALID_ACCESS_TOKEN");
}
