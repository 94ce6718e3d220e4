#include "state/retention.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>

#include "state/payment_flow.hpp"

namespace antom::state {

std::optional<TimePoint> settled_at(const PaymentBook& book, const Payment& p, const WalletTable& wallets,
                                    std::optional<TimePoint> latest_declaration, bool declarations_pending) {
  if (p.status == PaymentStatus::Processing || p.pending || declarations_pending) return std::nullopt;
  TimePoint settled = std::max({p.created_at, p.finished_at, p.cancelled_at});
  for (auto i : p.refunds) {
    const Refund& r = book.refunds()[i];
    if (r.status == RefundStatus::Processing || r.pending) return std::nullopt;
    if (r.reversal_due && !r.reversed_at) return std::nullopt;  // the bank returns it later (REFUND_REVERSAL)
    settled = std::max({settled, r.created_at, r.finished_at, r.reversed_at.value_or(TimePoint{})});
  }
  if (latest_declaration) settled = std::max(settled, *latest_declaration);
  // The windows in which Antom still accepts a cancel or a refund of it.
  if (p.status != PaymentStatus::Cancelled) settled = std::max(settled, cancel_deadline(p.created_at));
  if (p.status == PaymentStatus::Success) {
    const WalletSpec* wallet = wallets.find(p.wallet);
    if (wallet == nullptr || wallet->refund_supported)
      settled = std::max(settled, p.finished_at + std::chrono::days(wallet != nullptr ? wallet->refund_window_days : 365));
  }
  return settled;
}

namespace {

// The subjects (payment, refund, auth code, access token ids) of notifications still to be sent:
// their records stay until they are.
std::set<std::string_view> subjects_notifying(const Outbox& outbox) {
  std::set<std::string_view> notifying;
  outbox.for_each([&](const OutboxRecord& r) {
    if (r.state == DeliveryState::Pending || r.state == DeliveryState::InFlight) notifying.insert(r.subject_id);
  });
  return notifying;
}

ExpiredRecords expire_payments(MerchantState& m, const WalletTable& wallets, TimePoint cutoff,
                               const std::set<std::string_view>& notifying) {
  PaymentBook& book = m.payments;
  // Per payment position: its declarations' latest change, and whether one waits for customs.
  const auto& payments = book.payments();
  std::vector<std::optional<TimePoint>> declared(payments.size());
  std::vector<bool> declaring(payments.size(), false);
  for (const Declaration& d : book.declarations()) {
    const auto at = book.payment_position(d.payment_id);
    if (!at) continue;
    if (d.status == DeclarationStatus::Processing) declaring[*at] = true;
    const TimePoint changed = std::max({d.created_at, d.modified_at, d.returns_at});
    declared[*at] = std::max(declared[*at].value_or(changed), changed);
  }

  std::vector<bool> drop(payments.size(), false);
  bool any = false;
  for (std::size_t i = 0; i < payments.size(); ++i) {
    const Payment& p = payments[i];
    const auto settled = settled_at(book, p, wallets, declared[i], declaring[i]);
    if (!settled || *settled >= cutoff || notifying.contains(p.payment_id)) continue;
    bool refund_notifying = false;
    for (auto r : p.refunds) refund_notifying = refund_notifying || notifying.contains(book.refunds()[r].refund_id);
    if (refund_notifying) continue;
    drop[i] = any = true;
  }
  return any ? book.remove_payments(drop) : ExpiredRecords{};
}

// When a token stopped being usable or refreshable.
TimePoint token_ended_at(const AccessToken& t) {
  if (t.state != TokenState::Active) return t.ended_at;
  const bool refreshable = !t.refresh_token.empty() && !t.refresh_used;
  return refreshable ? std::max(t.access_expires_at, t.refresh_expires_at) : t.access_expires_at;
}

// The records of one attempt in a map by attempt id; none when it has none.
template <class ByAttempt>
const typename ByAttempt::mapped_type& of(const ByAttempt& by_attempt, std::string_view attempt_id) {
  static const typename ByAttempt::mapped_type kNone;
  const auto it = by_attempt.find(attempt_id);
  return it == by_attempt.end() ? kNone : it->second;
}

std::uint64_t expire_authorizations(AuthorizationBook& book, TimePoint cutoff, const std::set<std::string_view>& notifying) {
  // Keyed by copies of the attempt ids: the records holding them are erased below.
  std::map<std::string, std::vector<const AuthCode*>, std::less<>> codes;
  std::map<std::string, std::vector<const AccessToken*>, std::less<>> tokens;
  for (const auto& [id, c] : book.codes) codes[c.attempt_id].push_back(&c);
  for (const auto& [id, t] : book.tokens) tokens[t.attempt_id].push_back(&t);
  auto quiet = [&](std::string_view attempt_id) {
    for (const AuthCode* c : of(codes, attempt_id))
      if (notifying.contains(c->code)) return false;
    for (const AccessToken* t : of(tokens, attempt_id))
      if (notifying.contains(t->access_token)) return false;
    return true;
  };
  std::vector<std::string> drop;
  for (const auto& [id, a] : book.attempts) {
    const auto settled = authorization_settled_at(a, of(codes, id), of(tokens, id));
    if (settled && *settled < cutoff && quiet(id)) drop.push_back(id);
  }
  // Tokens that name no authorization (a hand-written snapshot document's): each on its own.
  std::vector<std::string> loose_tokens;
  for (const AccessToken* t : of(tokens, ""))
    if (token_ended_at(*t) < cutoff && !notifying.contains(t->access_token)) loose_tokens.push_back(t->access_token);

  auto erase_token = [&](std::string access_token) {  // a copy: the token's own string goes with it
    const auto it = book.tokens.find(access_token);
    if (it == book.tokens.end()) return;
    if (!it->second.refresh_token.empty()) book.by_refresh_token.erase(it->second.refresh_token);
    book.tokens.erase(it);
  };
  for (const auto& id : drop) {
    for (const AuthCode* c : of(codes, id)) book.codes.erase(std::string(c->code));  // a copy, as above
    for (const AccessToken* t : of(tokens, id)) erase_token(t->access_token);
    book.attempts.erase(id);
  }
  for (const auto& token : loose_tokens) erase_token(token);
  return drop.size() + loose_tokens.size();
}

}  // namespace

std::optional<TimePoint> authorization_settled_at(const AuthAttempt& attempt, const std::vector<const AuthCode*>& codes,
                                                  const std::vector<const AccessToken*>& tokens) {
  if (attempt.state == AttemptState::Pending) return std::nullopt;  // the buyer may still decide
  TimePoint settled = std::max(attempt.created_at, attempt.decided_at);
  for (const AuthCode* c : codes) settled = std::max(settled, c->used ? c->used_at : c->expires_at);
  for (const AccessToken* t : tokens) settled = std::max(settled, token_ended_at(*t));
  return settled;
}

ExpiredRecords expire_finished_before(MerchantState& m, const WalletTable& wallets, TimePoint cutoff) {
  PaymentBook& book = m.payments;
  if (const auto last = book.retention_scanned_at; last && cutoff >= *last && cutoff - *last < kRetentionScanStep)
    return {};
  book.retention_scanned_at = cutoff;
  if (book.payments().empty() && m.auth.attempts.empty() && m.auth.tokens.empty()) return {};
  const auto notifying = subjects_notifying(m.outbox);
  ExpiredRecords out = book.payments().empty() ? ExpiredRecords{} : expire_payments(m, wallets, cutoff, notifying);
  out.authorizations = expire_authorizations(m.auth, cutoff, notifying);
  book.count_expired_authorizations(out.authorizations);
  return out;
}

}  // namespace antom::state
