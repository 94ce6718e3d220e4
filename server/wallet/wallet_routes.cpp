// The consent page: GET shows it (or redirects at once under auto-approve or after a decision),
// the page's forms POST approve/decline and get a 302 back to the merchant's authRedirectUrl.
#include "server/wallet/wallet_routes.hpp"

#include "server/wallet/redirect_url.hpp"
#include "server/wallet/wallet_page.hpp"
#include "state/authorization_flow.hpp"
#include "state/tick.hpp"

namespace antom::server {
namespace {

enum class Click { None, Approve, Decline };

// What the page needs, copied out of the merchant's lock.
struct PageState {
  bool found = false;
  state::AttemptState state = state::AttemptState::Pending;
  std::string wallet;
  std::vector<std::string> scopes;
  std::string user_login_id;
  std::string terminal_type;
  std::string redirect_url;
  std::string auth_state;
  std::string auth_code;
};

PageState load_and_decide(App& app, const std::string& partition, const std::string& attempt_id, Click click,
                          bool auto_approve) {
  const auto now = app.world.now(partition);
  return app.world.with_merchant(partition, [&](state::MerchantState& m) {
    PageState p;
    auto it = m.auth.attempts.find(attempt_id);
    if (it == m.auth.attempts.end()) {
      p.found = false;
      return p;
    }
    if (click == Click::None && auto_approve) click = Click::Approve;
    if (click == Click::Approve) (void)state::approve_attempt(m, attempt_id, now);
    if (click == Click::Decline) (void)state::decline_attempt(m, attempt_id, now);
    const state::AuthAttempt& a = it->second;
    p.found = true;
    p.state = a.state;
    p.wallet = a.wallet;
    p.scopes = a.scopes;
    p.user_login_id = a.user_login_id;
    p.terminal_type = a.terminal_type;
    p.redirect_url = a.redirect_url;
    p.auth_state = a.auth_state;
    p.auth_code = a.auth_code;
    return p;
  });
}

// Approved: back with authCode and authState. Declined: back with authState only (Antom documents
// no declined redirect; see README).
std::string back_to_merchant(const PageState& p) {
  if (p.state == state::AttemptState::Approved)
    return with_query(p.redirect_url, {{"authCode", p.auth_code}, {"authState", p.auth_state}});
  return with_query(p.redirect_url, {{"authState", p.auth_state}});
}

RawResponse wallet_page(App& app, const ControlRequest& req, Click click) {
  const std::string client_id = req.param("clientId");
  const std::string attempt_id = req.param("attemptId");
  const auto merchant = app.merchants.find(client_id);
  if (!merchant)
    return html_response(404, render_notice_page("Link not valid", "This authorization link does not belong to any merchant."));
  const bool auto_approve = app.auto_approve_all.load() || merchant->auto_approve;
  const PageState p = load_and_decide(app, merchant->client_id, attempt_id, click, auto_approve);
  app.state_changed();  // a click, or the door applying a late decision, may have queued notifications
  if (!p.found)
    return html_response(404, render_notice_page("Link not valid", "This authorization link is unknown or has been reset."));
  const auto wallets = app.world.wallets(merchant->client_id);
  const state::WalletSpec* wallet = wallets->find(p.wallet);
  const std::string color = wallet ? wallet->brand_color : std::string("#5b6b7f");
  switch (p.state) {
    case state::AttemptState::Approved:
    case state::AttemptState::Declined: return redirect_response(back_to_merchant(p));
    case state::AttemptState::Abandoned:
      return html_response(410, render_notice_page("Session expired", "This authorization was abandoned. Ask the merchant to start again.", color));
    case state::AttemptState::Pending: break;
  }
  if (!wallet)
    return html_response(404, render_notice_page("Wallet unavailable", "This wallet is no longer in antom-sim's wallet table."));
  const std::string self = wallet_page_url(req.base_url, merchant->client_id, attempt_id);
  ConsentView view;
  view.merchant_name = merchant->name.empty() ? merchant->client_id : merchant->name;
  view.client_id = merchant->client_id;
  view.attempt_id = attempt_id;
  view.wallet = wallet;
  view.scopes = p.scopes;
  view.user_login_id = p.user_login_id;
  view.terminal_type = p.terminal_type;
  // Relative form targets keep working behind proxies and for either listener (http/https).
  view.approve_action = self.substr(req.base_url.size()) + "/approve";
  view.decline_action = self.substr(req.base_url.size()) + "/decline";
  return html_response(200, render_consent_page(view));
}

}  // namespace

std::optional<std::string> merchant_partition(App& app, std::string_view client_id) {
  if (auto m = app.merchants.find(client_id)) return m->client_id;
  return std::nullopt;
}

std::optional<std::string> partition_of_authorization(App& app, std::string_view client_hint, std::string_view id) {
  std::vector<std::string> candidates;
  if (!client_hint.empty()) {
    auto p = merchant_partition(app, client_hint);
    if (!p) return std::nullopt;
    candidates.push_back(*p);
  } else {
    candidates = app.world.client_ids();
  }
  for (const auto& c : candidates) {
    const bool known = app.world.with_merchant(c, [&](state::MerchantState& m) {
      return state::find_authorization(m.auth, id) != nullptr;
    });
    if (known) return c;
  }
  return std::nullopt;
}

void add_wallet_page_routes(ControlRouter& router) {
  router.add("GET", "/_sim/wallet/{clientId}/{attemptId}",
             {.summary = "The wallet's authorization page a buyer opens (HTML).",
              .query = {{.name = "via", .description = "applink: opened through consult's applinkUrl.", .values = {"applink"}}},
              .response_type = "text/html"},
             [](App& app, const ControlRequest& req) { return wallet_page(app, req, Click::None); }, /*open=*/true);
  router.add("POST", "/_sim/wallet/{clientId}/{attemptId}/approve",
             {.summary = "The page's Approve button (HTML).", .response_type = "text/html"},
             [](App& app, const ControlRequest& req) { return wallet_page(app, req, Click::Approve); }, /*open=*/true);
  router.add("POST", "/_sim/wallet/{clientId}/{attemptId}/decline",
             {.summary = "The page's Decline button (HTML).", .response_type = "text/html"},
             [](App& app, const ControlRequest& req) { return wallet_page(app, req, Click::Decline); }, /*open=*/true);
}

}  // namespace antom::server
