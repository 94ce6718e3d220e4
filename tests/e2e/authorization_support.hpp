#pragma once
// Helpers for the authorization end-to-end tests: signed consult/applyToken/revoke calls and the
// wallet page driven over real sockets.
#include <doctest/doctest.h>

#include <string>

#include "server/wallet/redirect_url.hpp"
#include "state/authorizations.hpp"
#include "tests/support/sim_fixture.hpp"

// Tests name only the fields that matter ({.wallet = "DANA"}); the rest keep their defaults.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace antom::test::auth {

inline const std::string kConsult = "/ams/api/v1/authorizations/consult";
inline const std::string kApplyToken = "/ams/api/v1/authorizations/applyToken";
inline const std::string kRevoke = "/ams/api/v1/authorizations/revoke";

struct ConsultArgs {
  std::string wallet = "GCASH";
  std::string terminal = "WEB";
  std::string os;  // "" = none
  std::string redirect = "https://merchant.example/auth/back?order=7";
  std::string state = "st-42";
  std::string notify_url;
  std::string client_id;  // "" = demo merchant
};

inline std::string json_str(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\r') out += "\\r";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out + "\"";
}

inline ApiResult consult(SimFixture& fx, const ConsultArgs& a = {}) {
  std::string body = "{\"customerBelongsTo\":" + json_str(a.wallet) + ",\"authRedirectUrl\":" + json_str(a.redirect) +
                     ",\"scopes\":[\"AGREEMENT_PAY\"],\"authState\":" + json_str(a.state) +
                     ",\"terminalType\":" + json_str(a.terminal);
  if (!a.os.empty()) body += ",\"osType\":" + json_str(a.os);
  if (!a.notify_url.empty()) body += ",\"authNotifyUrl\":" + json_str(a.notify_url);
  body += "}";
  return fx.call(kConsult, body, {.client_id = a.client_id});
}

// "/_sim/wallet/{clientId}/{attemptId}" from a consult answer's normalUrl.
inline std::string page_path(const ApiResult& consult_answer) {
  const std::string url = consult_answer.text("normalUrl");
  const auto at = url.find("/_sim/wallet/");
  REQUIRE(at != std::string::npos);
  return url.substr(at);
}

inline std::string attempt_id(const ApiResult& consult_answer) {
  const std::string path = page_path(consult_answer);
  return path.substr(path.rfind('/') + 1);
}

// The value of `name` in a URL's query ("" when absent).
inline std::string query_param(const std::string& url, const std::string& name) {
  const auto q = url.find('?');
  if (q == std::string::npos) return {};
  const std::string query = url.substr(q + 1, url.find('#') == std::string::npos ? std::string::npos : url.find('#') - q - 1);
  std::size_t pos = 0;
  while (pos <= query.size()) {
    const auto end = query.find('&', pos);
    const std::string pair = query.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    if (pair.rfind(name + "=", 0) == 0) return pair.substr(name.size() + 1);
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return {};
}

// Headless approval through the control API; returns the authCode.
inline std::string approve(SimFixture& fx, const ApiResult& consult_answer) {
  auto h = fx.control("POST", "/_sim/authorizations/" + attempt_id(consult_answer) + "/approve");
  REQUIRE(h.http_status == 200);
  return h.json["authCode"].GetString();
}

inline ApiResult exchange_code(SimFixture& fx, const std::string& code, const std::string& wallet = "GCASH",
                          const std::string& client_id = {}) {
  return fx.call(kApplyToken,
                 "{\"grantType\":\"AUTHORIZATION_CODE\",\"customerBelongsTo\":" + json_str(wallet) + ",\"authCode\":" + json_str(code) + "}",
                 {.client_id = client_id});
}

inline ApiResult refresh(SimFixture& fx, const std::string& refresh_token, const std::string& wallet = "GCASH",
                         const std::string& client_id = {}) {
  return fx.call(kApplyToken,
                 "{\"grantType\":\"REFRESH_TOKEN\",\"customerBelongsTo\":" + json_str(wallet) + ",\"refreshToken\":" + json_str(refresh_token) + "}",
                 {.client_id = client_id});
}

inline ApiResult revoke(SimFixture& fx, const std::string& token, const std::string& client_id = {}) {
  return fx.call(kRevoke, "{\"accessToken\":" + json_str(token) + "}", {.client_id = client_id});
}

// What pay would decide about a token right now (the state pay reads).
inline bool pay_ready(SimFixture& fx, const std::string& token, std::string client_id = {}) {
  if (client_id.empty()) client_id = fx.demo_client_id();
  const auto now = fx.app().world.clock().now();
  return fx.app().world.with_merchant(client_id, [&](antom::state::MerchantState& m) {
    return antom::state::usable_token(m.auth, token, now).has_value();
  });
}

}  // namespace antom::test::auth
