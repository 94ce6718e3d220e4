// applyToken (authCode and refresh grants), revoke, the wallet-side cancel and minted tokens.
#include <algorithm>

#include "state/authorization_flow.hpp"
#include "state/authorization_notices.hpp"

namespace antom::state {
namespace {

bool has_scope(const std::vector<std::string>& scopes, std::string_view scope) {
  return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

// A new access token for `attempt`; `refresh_deadline` keeps an authorization's refresh lifetime
// across refreshes (the user must consent again once it has passed).
AccessToken& issue_token(MerchantState& m, const WalletSpec& wallet, AuthAttempt& attempt,
                         std::optional<Millis> access_ttl, std::optional<TimePoint> refresh_deadline,
                         TimePoint now) {
  AccessToken t;
  t.access_token = m.ids.numeric_id(now, "2810");
  t.wallet = attempt.wallet;
  t.buyer_id = attempt.buyer_id;
  t.user_login_id = attempt.user_login_id;
  t.attempt_id = attempt.id;
  t.scopes = attempt.scopes;
  t.created_at = now;
  t.access_expires_at = now + access_ttl.value_or(std::chrono::duration_cast<Millis>(wallet.access_token_ttl));
  if (wallet.supports_refresh) {
    t.refresh_token = m.ids.numeric_id(now, "2820");
    t.refresh_expires_at =
        refresh_deadline.value_or(now + std::chrono::duration_cast<Millis>(wallet.refresh_token_ttl));
    // An access token never outlives the authorization it belongs to.
    t.access_expires_at = std::min(t.access_expires_at, std::max(t.refresh_expires_at, now + Millis{1}));
    m.auth.by_refresh_token[t.refresh_token] = t.access_token;
  }
  attempt.live_token = t.access_token;
  const std::string key = t.access_token;
  return m.auth.tokens.insert_or_assign(key, std::move(t)).first->second;
}

void end_token(AccessToken& t, TokenState state, std::string reason, TimePoint now) {
  t.state = state;
  t.ended_at = now;
  t.ended_reason = std::move(reason);
}

TokenGrant failure(ResultCode code, std::string message = {}) { return TokenGrant{make_result(code, std::move(message)), {}, false}; }

TokenGrant grant_from_code(MerchantState& m, const WalletSpec& wallet, const ApplyTokenInput& in,
                           const Directive& directive, TimePoint now) {
  auto it = m.auth.codes.find(in.auth_code);
  if (it == m.auth.codes.end()) return failure(ResultCode::INVALID_CODE);
  AuthCode& code = it->second;
  if (code.wallet != in.wallet)
    return failure(ResultCode::INVALID_CODE, "The authorization code was not issued for customerBelongsTo " + in.wallet + ".");
  if (code.used) return failure(ResultCode::USED_CODE);
  if (now >= code.expires_at) return failure(ResultCode::EXPIRED_CODE);
  auto attempt = m.auth.attempts.find(code.attempt_id);
  if (attempt == m.auth.attempts.end()) return failure(ResultCode::INVALID_CODE);
  code.used = true;
  code.used_at = now;
  const AccessToken& t = issue_token(m, wallet, attempt->second, directive.ttl_override, std::nullopt, now);
  queue_token_created(m, attempt->second, t, directive.notification_faults, now);
  return TokenGrant{make_result(ResultCode::SUCCESS), t, has_scope(t.scopes, "AGREEMENT_PAY")};
}

TokenGrant grant_from_refresh(MerchantState& m, const WalletSpec& wallet, const ApplyTokenInput& in,
                              const Directive& directive, TimePoint now) {
  if (!wallet.supports_refresh)
    return failure(ResultCode::INVALID_REFRESH_TOKEN, in.wallet + " does not support refreshing access tokens.");
  auto ref = m.auth.by_refresh_token.find(in.refresh_token);
  if (ref == m.auth.by_refresh_token.end()) return failure(ResultCode::INVALID_REFRESH_TOKEN);
  auto old_it = m.auth.tokens.find(ref->second);
  if (old_it == m.auth.tokens.end()) return failure(ResultCode::INVALID_REFRESH_TOKEN);
  AccessToken& old = old_it->second;
  if (old.wallet != in.wallet)
    return failure(ResultCode::INVALID_REFRESH_TOKEN, "The refresh token was not issued for customerBelongsTo " + in.wallet + ".");
  if (old.refresh_used) return failure(ResultCode::USED_REFRESH_TOKEN);
  if (old.state != TokenState::Active)
    return failure(ResultCode::INVALID_REFRESH_TOKEN, "The authorization has been " +
                                                          std::string(old.state == TokenState::Revoked ? "revoked." : "cancelled."));
  if (now >= old.refresh_expires_at) return failure(ResultCode::EXPIRED_REFRESH_TOKEN);
  auto attempt = m.auth.attempts.find(old.attempt_id);
  if (attempt == m.auth.attempts.end()) return failure(ResultCode::INVALID_REFRESH_TOKEN);
  old.refresh_used = true;
  end_token(old, TokenState::Replaced, "refreshed", now);
  const TimePoint deadline = old.refresh_expires_at;
  const AccessToken& t = issue_token(m, wallet, attempt->second, directive.ttl_override, deadline, now);
  return TokenGrant{make_result(ResultCode::SUCCESS), t, has_scope(t.scopes, "AGREEMENT_PAY")};
}

AuthAttempt* attempt_of(MerchantState& m, const AccessToken& t) {
  auto it = m.auth.attempts.find(t.attempt_id);
  return it == m.auth.attempts.end() ? nullptr : &it->second;
}

}  // namespace

TokenGrant apply_token(MerchantState& m, const WalletTable& wallets, const ApplyTokenInput& in,
                       const Directive& directive, TimePoint now) {
  const WalletSpec* wallet = wallets.find(in.wallet);
  if (!wallet)
    return failure(ResultCode::PARAM_ILLEGAL, "customerBelongsTo " + in.wallet + " is not an Auto Debit payment method.");
  if (directive.force && *directive.force != ResultCode::SUCCESS) return failure(*directive.force, directive.force_message);
  if (in.grant_type == "AUTHORIZATION_CODE") return grant_from_code(m, *wallet, in, directive, now);
  if (in.grant_type == "REFRESH_TOKEN") return grant_from_refresh(m, *wallet, in, directive, now);
  return failure(ResultCode::PARAM_ILLEGAL, "grantType " + in.grant_type + " is not supported.");
}

Result revoke(MerchantState& m, std::string_view access_token, const Directive& directive, TimePoint now) {
  if (directive.force && *directive.force != ResultCode::SUCCESS) return make_result(*directive.force, directive.force_message);
  auto it = m.auth.tokens.find(access_token);
  if (it == m.auth.tokens.end()) return make_result(ResultCode::INVALID_ACCESS_TOKEN);
  AccessToken& t = it->second;
  if (t.state != TokenState::Active || now >= t.access_expires_at) return make_result(ResultCode::INVALID_ACCESS_TOKEN);
  end_token(t, TokenState::Revoked, "revoked by the merchant", now);
  queue_token_canceled(m, attempt_of(m, t), t, {}, directive.notification_faults, now);
  return make_result(ResultCode::SUCCESS);
}

WalletCancel cancel_in_wallet(MerchantState& m, const WalletTable& wallets, std::string_view id, TimePoint now) {
  WalletCancel out;
  const AuthAttempt* found = find_authorization(m.auth, id);
  if (!found) return out;
  out.wallet = found->wallet;
  const WalletSpec* wallet = wallets.find(found->wallet);
  if (wallet == nullptr || !wallet->wallet_side_cancel) {
    out.status = WalletCancel::Status::NotSupported;
    return out;
  }
  auto it = m.auth.tokens.find(found->live_token);
  if (it == m.auth.tokens.end() || it->second.state != TokenState::Active) return out;
  AccessToken& t = it->second;
  end_token(t, TokenState::Canceled, "cancelled by the user in the wallet", now);
  out.status = WalletCancel::Status::Cancelled;
  out.access_token = t.access_token;
  out.notified = wallet->wallet_side_cancel_notifies;
  if (out.notified)
    queue_token_canceled(m, attempt_of(m, t), t, "The user cancelled the Auto Debit service in the wallet app.", {}, now);
  return out;
}

std::optional<AccessToken> mint_token(MerchantState& m, const WalletTable& wallets, const MintInput& in, TimePoint now) {
  const WalletSpec* wallet = wallets.find(in.wallet);
  if (!wallet || in.scopes.empty()) return std::nullopt;
  AuthAttempt a;
  a.id = m.ids.token("aut_");
  a.wallet = in.wallet;
  a.scopes = in.scopes;
  a.created_at = now;
  a.decided_at = now;
  a.state = AttemptState::Approved;
  a.minted = true;
  const WalletUser user = new_wallet_user(m, *wallet);
  a.buyer_id = user.buyer_id;
  a.user_login_id = user.masked_login_id;
  const std::string id = a.id;
  AuthAttempt& stored = m.auth.attempts.emplace(id, std::move(a)).first->second;
  return issue_token(m, *wallet, stored, in.access_ttl, std::nullopt, now);
}

}  // namespace antom::state
