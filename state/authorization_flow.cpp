// consult and the simulated wallet user's decision (page click, scenario, or late on the clock).
#include "state/authorization_flow.hpp"

#include "state/authorization_notices.hpp"
#include "state/tick.hpp"

namespace antom::state {
namespace {

WalletDecision decision_of(const AuthAttempt& a, bool changed) {
  return WalletDecision{true, a.state, changed, a.redirect_url, a.auth_state, a.auth_code};
}

AuthAttempt* find_attempt(MerchantState& m, std::string_view id) {
  auto it = m.auth.attempts.find(id);
  return it == m.auth.attempts.end() ? nullptr : &it->second;
}

void approve(MerchantState& m, AuthAttempt& a, TimePoint at, TimePoint now) {
  AuthCode code;
  code.code = m.ids.numeric_id(at, "3100");
  code.attempt_id = a.id;
  code.wallet = a.wallet;
  code.buyer_id = a.buyer_id;
  code.created_at = at;
  code.expires_at = at + a.code_ttl;
  a.state = AttemptState::Approved;
  a.auth_code = code.code;
  a.decided_at = at;
  queue_authcode_created(m, a, code, now);
  m.auth.codes.emplace(code.code, std::move(code));
}

void apply_planned(MerchantState& m, AuthAttempt& a, TimePoint at, TimePoint now) {
  switch (a.planned_action) {
    case WalletAction::Approve: approve(m, a, at, now); break;
    case WalletAction::Decline:
      a.state = AttemptState::Declined;
      a.decided_at = at;
      break;
    case WalletAction::Abandon:
      a.state = AttemptState::Abandoned;
      a.decided_at = at;
      break;
    case WalletAction::None: break;
  }
  a.planned_action = WalletAction::None;
}

}  // namespace

ConsultOutcome consult(MerchantState& m, const WalletTable& wallets, const ConsultInput& in, const Directive& directive,
                       TimePoint now) {
  const WalletSpec* wallet = wallets.find(in.wallet);
  if (!wallet)
    return {make_result(ResultCode::PARAM_ILLEGAL,
                        "customerBelongsTo " + in.wallet + " is not an Auto Debit payment method."),
            {}};
  if (in.scopes.empty()) return {make_result(ResultCode::PARAM_ILLEGAL, "scopes must not be empty."), {}};
  if (directive.force && *directive.force != ResultCode::SUCCESS)
    return {make_result(*directive.force, directive.force_message), {}};

  AuthAttempt a;
  a.id = m.ids.token("aut_");
  a.wallet = in.wallet;
  a.scopes = in.scopes;
  a.auth_state = in.auth_state;
  a.redirect_url = in.redirect_url;
  a.terminal_type = in.terminal_type;
  a.os_type = in.os_type;
  a.notify_url = in.notify_url;
  a.auth_client_id = in.auth_client_id;
  a.merchant_account_id = in.merchant_account_id;
  a.created_at = now;
  a.code_ttl = directive.ttl_override ? *directive.ttl_override
                                      : std::chrono::duration_cast<Millis>(wallet->auth_code_ttl);
  a.notification_faults = directive.notification_faults;
  const WalletUser user = new_wallet_user(m, *wallet);
  a.buyer_id = user.buyer_id;
  a.user_login_id = user.masked_login_id;
  a.planned_action = directive.wallet_action;
  a.planned_at = now + directive.wallet_delay.value_or(Millis{0});

  const std::string id = a.id;
  AuthAttempt& stored = m.auth.attempts.emplace(id, std::move(a)).first->second;
  if (stored.planned_action != WalletAction::None) {
    if (directive.wallet_delay) m.auth.planned.emplace(stored.planned_at, id);
    else apply_planned(m, stored, now, now);
  }
  return {make_result(ResultCode::SUCCESS), id};
}

WalletDecision approve_attempt(MerchantState& m, std::string_view attempt_id, TimePoint now) {
  AuthAttempt* a = find_attempt(m, attempt_id);
  if (!a) return {};
  if (a->state != AttemptState::Pending) return decision_of(*a, false);
  m.auth.planned.erase({a->planned_at, a->id});  // the click wins over a scenario's late decision
  a->planned_action = WalletAction::None;
  approve(m, *a, now, now);
  return decision_of(*a, true);
}

WalletDecision decline_attempt(MerchantState& m, std::string_view attempt_id, TimePoint now) {
  AuthAttempt* a = find_attempt(m, attempt_id);
  if (!a) return {};
  if (a->state != AttemptState::Pending) return decision_of(*a, false);
  m.auth.planned.erase({a->planned_at, a->id});
  a->planned_action = WalletAction::None;
  a->state = AttemptState::Declined;
  a->decided_at = now;
  return decision_of(*a, true);
}

void advance_authorizations(MerchantState& m, TimePoint now) {
  auto& planned = m.auth.planned;
  while (!planned.empty() && planned.begin()->first <= now) {
    const std::string id = planned.begin()->second;
    planned.erase(planned.begin());
    AuthAttempt* a = find_attempt(m, id);
    if (a && a->state == AttemptState::Pending && a->planned_action != WalletAction::None)
      apply_planned(m, *a, a->planned_at, now);
  }
}

const AuthAttempt* find_authorization(const AuthorizationBook& book, std::string_view id) {
  auto by_attempt = [&](std::string_view attempt_id) -> const AuthAttempt* {
    auto it = book.attempts.find(attempt_id);
    return it == book.attempts.end() ? nullptr : &it->second;
  };
  if (const AuthAttempt* a = by_attempt(id)) return a;
  if (auto it = book.codes.find(id); it != book.codes.end()) return by_attempt(it->second.attempt_id);
  if (auto it = book.tokens.find(id); it != book.tokens.end()) return by_attempt(it->second.attempt_id);
  if (auto it = book.by_refresh_token.find(id); it != book.by_refresh_token.end())
    if (auto t = book.tokens.find(it->second); t != book.tokens.end()) return by_attempt(t->second.attempt_id);
  return nullptr;
}

}  // namespace antom::state
