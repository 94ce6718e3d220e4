// References inside one merchant's state that a hand-edited or truncated document may break: an
// auth code or token naming an authorization that is not there, an authorization naming a token
// that is not there. (Refunds and declarations are checked as they are read: doc_payments.cpp.)
#include "server/snapshot/doc_parts.hpp"

namespace antom::server::snapshot_codec {

std::string check_references(const state::MerchantState& m, const std::string& pointer) {
  const std::string at = pointer + "/authorizations";
  for (const auto& [code, c] : m.auth.codes)
    if (!m.auth.attempts.contains(c.attempt_id))
      return at + "/codes: auth code " + code + " names authorization \"" + c.attempt_id + "\", which is not in attempts";
  for (const auto& [token, t] : m.auth.tokens)
    if (!t.attempt_id.empty() && !m.auth.attempts.contains(t.attempt_id))
      return at + "/tokens: token " + token + " names authorization \"" + t.attempt_id + "\", which is not in attempts";
  for (const auto& [id, a] : m.auth.attempts)
    if (!a.live_token.empty() && !m.auth.tokens.contains(a.live_token))
      return at + "/attempts: authorization " + id + " names token \"" + a.live_token + "\", which is not in tokens";
  for (const auto& p : m.payments.payments())
    if (!p.buyer_id.empty() && p.debited && !m.payments.buyers.all().contains(p.buyer_id))
      return pointer + "/payments: payment " + p.payment_id + " debited buyer \"" + p.buyer_id + "\", who is not in buyers";
  return {};
}

}  // namespace antom::server::snapshot_codec
