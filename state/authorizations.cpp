#include "state/authorizations.hpp"

#include <algorithm>

namespace antom::state {

std::string_view to_string(AttemptState state) {
  switch (state) {
    case AttemptState::Pending: return "PENDING";
    case AttemptState::Approved: return "APPROVED";
    case AttemptState::Declined: return "DECLINED";
    case AttemptState::Abandoned: return "ABANDONED";
  }
  return "PENDING";
}

std::string_view to_string(TokenState state) {
  switch (state) {
    case TokenState::Active: return "ACTIVE";
    case TokenState::Revoked: return "REVOKED";
    case TokenState::Canceled: return "CANCELED";
    case TokenState::Replaced: return "REPLACED";
  }
  return "ACTIVE";
}

std::optional<TokenView> usable_token(const AuthorizationBook& book, std::string_view access_token, TimePoint now) {
  const auto it = book.tokens.find(access_token);
  if (it == book.tokens.end()) return std::nullopt;
  const AccessToken& t = it->second;
  if (t.state != TokenState::Active || now >= t.access_expires_at) return std::nullopt;
  const bool may_pay = std::find(t.scopes.begin(), t.scopes.end(), "AGREEMENT_PAY") != t.scopes.end();
  return TokenView{t.wallet, t.buyer_id, t.user_login_id, may_pay};
}

}  // namespace antom::state
