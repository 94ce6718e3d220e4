// consult, applyToken, revoke: decode the validated body, run the authorization flow under the
// merchant's lock, and answer the reference's response fields.
#include <cctype>

#include "server/notify/notify_url.hpp"
#include "server/protocol/handlers.hpp"
#include "server/protocol/json_view.hpp"
#include "server/wallet/redirect_url.hpp"
#include "state/authorization_flow.hpp"

namespace antom::server {
namespace {

using state::ResultCode;

ApiReply fail(ResultCode code, std::string message = {}) { return {state::make_result(code, std::move(message)), {}}; }

// A field that may come top level (classic docs) or under env (newest docs); top level wins.
std::string env_field(const rapidjson::Value& body, std::string_view name) {
  std::string top = text_at(body, name);
  return top.empty() ? text_at(body, "env." + std::string(name)) : top;
}

std::string lower_alnum(std::string_view code) {
  std::string out;
  for (char c : code)
    if (std::isalnum(static_cast<unsigned char>(c))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The URL fields the reference lists per terminal type; all lead to the simulated wallet page.
void put_auth_urls(state::Fields& out, const std::string& page, std::string_view wallet, std::string_view terminal) {
  const std::string app = lower_alnum(wallet);
  const std::string scheme_url = "antomsim-" + app + "://authorize?authUrl=" + percent_encode(page);
  const std::string applink_url = with_query(page, {{"via", "applink"}});
  const std::string app_identifier = "sim.antom.wallet." + app;
  if (terminal == "WEB" || terminal.empty()) {
    state::put(out, "authUrl", page);  // deprecated by Antom in 2023; kept for older integrations
    state::put(out, "normalUrl", page);
    // Scan to Link: a QR code the buyer scans with the wallet app on a phone (the SDKs'
    // AuthCodeForm / CodeDetail). Its text is the same wallet page (docs/fidelity.md).
    state::Fields code;
    state::put(code, "codeValueType", "QRCODE");
    state::put(code, "codeValue", page);
    state::put(code, "displayType", "TEXT");
    state::Fields form;
    state::put(form, "codeDetails", std::vector<state::Fields>{std::move(code)});
    state::put(out, "authCodeForm", std::move(form));
  } else if (terminal == "WAP") {
    state::put(out, "schemeUrl", scheme_url);
    state::put(out, "applinkUrl", applink_url);
    state::put(out, "normalUrl", page);
    state::put(out, "appIdentifier", app_identifier);
  } else if (terminal == "APP") {
    state::put(out, "schemeUrl", scheme_url);
    state::put(out, "applinkUrl", applink_url);
    state::put(out, "normalUrl", page);
    state::put(out, "appIdentifier", app_identifier);
  } else {  // MINI_APP
    state::put(out, "applinkUrl", applink_url);
    state::put(out, "normalUrl", page);
  }
}

}  // namespace

ApiReply handle_consult(ApiContext& ctx) {
  state::ConsultInput in;
  in.wallet = text_at(ctx.body, "customerBelongsTo");
  in.scopes = strings_at(ctx.body, "scopes");
  in.auth_state = text_at(ctx.body, "authState");
  auto redirect = clean_url(text_at(ctx.body, "authRedirectUrl"), UrlUse::Redirect);
  if (!redirect) return fail(ResultCode::PARAM_ILLEGAL, "authRedirectUrl is not a valid URL.");
  in.redirect_url = std::move(*redirect);
  if (const std::string notify = text_at(ctx.body, "authNotifyUrl"); !notify.empty()) {
    auto url = clean_url(notify, UrlUse::Notify);
    if (!url) return fail(ResultCode::PARAM_ILLEGAL, "authNotifyUrl is not a valid http(s) URL.");
    if (auto problem = notify_url_problem(*url); !problem.empty())
      return fail(ResultCode::PARAM_ILLEGAL, "The parameter authNotifyUrl " + problem + ".");
    in.notify_url = std::move(*url);
  }
  in.terminal_type = env_field(ctx.body, "terminalType");
  in.os_type = env_field(ctx.body, "osType");
  in.auth_client_id = text_at(ctx.body, "authClientId");
  in.merchant_account_id = text_at(ctx.body, "merchantAccountId");

  const auto wallets = ctx.app.world.wallets(ctx.merchant_id());
  const auto outcome = ctx.app.world.with_merchant(ctx.merchant_id(), [&](state::MerchantState& m) {
    return state::consult(m, *wallets, in, ctx.plan.directive, ctx.now);
  });
  if (!outcome.result.ok()) return {outcome.result, {}};
  ApiReply reply{outcome.result, {}};
  put_auth_urls(reply.fields, wallet_page_url(ctx.base_url, ctx.merchant_id(), outcome.attempt_id), in.wallet,
                in.terminal_type);
  return reply;
}

ApiReply handle_apply_token(ApiContext& ctx) {
  state::ApplyTokenInput in;
  in.grant_type = text_at(ctx.body, "grantType");
  in.wallet = text_at(ctx.body, "customerBelongsTo");
  in.auth_code = text_at(ctx.body, "authCode");
  in.refresh_token = text_at(ctx.body, "refreshToken");
  const auto wallets = ctx.app.world.wallets(ctx.merchant_id());
  const auto grant = ctx.app.world.with_merchant(ctx.merchant_id(), [&](state::MerchantState& m) {
    return state::apply_token(m, *wallets, in, ctx.plan.directive, ctx.now);
  });
  if (!grant.result.ok()) return {grant.result, {}};
  const state::AccessToken& t = grant.token;
  ApiReply reply{grant.result, {}};
  state::put(reply.fields, "accessToken", t.access_token);
  state::put(reply.fields, "accessTokenExpiryTime", state::format_iso8601(t.access_expires_at));
  if (!t.refresh_token.empty()) {
    state::put(reply.fields, "refreshToken", t.refresh_token);
    state::put(reply.fields, "refreshTokenExpiryTime", state::format_iso8601(t.refresh_expires_at));
  }
  if (grant.with_login) state::put(reply.fields, "userLoginId", t.user_login_id);
  state::Fields psp;
  const state::WalletSpec* wallet = wallets->find(t.wallet);
  state::put(psp, "pspName", wallet ? wallet->psp_name : t.wallet);
  state::put(psp, "pspCustomerId", t.buyer_id);
  state::put(psp, "displayCustomerId", t.user_login_id);
  state::put(reply.fields, "pspCustomerInfo", std::move(psp));
  return reply;
}

ApiReply handle_revoke(ApiContext& ctx) {
  const std::string token = text_at(ctx.body, "accessToken");
  auto result = ctx.app.world.with_merchant(ctx.merchant_id(), [&](state::MerchantState& m) {
    return state::revoke(m, token, ctx.plan.directive, ctx.now);
  });
  return {std::move(result), {}};
}

}  // namespace antom::server
