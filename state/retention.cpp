#include "state/retention.hpp"

#include <algorithm>
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

ExpiredRecords expire_finished_before(MerchantState& m, const WalletTable& wallets, TimePoint cutoff) {
  PaymentBook& book = m.payments;
  if (const auto last = book.retention_scanned_at; last && cutoff >= *last && cutoff - *last < kRetentionScanStep)
    return {};
  book.retention_scanned_at = cutoff;
  if (book.payments().empty()) return {};

  // Subjects of notifications still to be sent: their payments stay until they are.
  std::set<std::string_view> notifying;
  m.outbox.for_each([&](const OutboxRecord& r) {
    if (r.state == DeliveryState::Pending || r.state == DeliveryState::InFlight) notifying.insert(r.subject_id);
  });
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

}  // namespace antom::state
