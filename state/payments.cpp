#include "state/payments.hpp"

namespace antom::state {

bool is_reported_pending(const Payment& p) {
  return p.status == PaymentStatus::Processing && p.pending && p.pending->report_pending;
}

std::string_view to_string(PaymentStatus s) {
  switch (s) {
    case PaymentStatus::Processing: return "PROCESSING";
    case PaymentStatus::Success: return "SUCCESS";
    case PaymentStatus::Fail: return "FAIL";
    case PaymentStatus::Cancelled: return "CANCELLED";
  }
  return "PROCESSING";
}

std::string_view to_string(RefundStatus s) {
  switch (s) {
    case RefundStatus::Processing: return "PROCESSING";
    case RefundStatus::Success: return "SUCCESS";
    case RefundStatus::Fail: return "FAIL";
  }
  return "PROCESSING";
}

std::string_view to_string(DeclarationStatus s) {
  switch (s) {
    case DeclarationStatus::Processing: return "PROCESSING";
    case DeclarationStatus::Success: return "SUCCESS";
    case DeclarationStatus::Fail: return "FAIL";
  }
  return "PROCESSING";
}

std::uint64_t fingerprint_of(std::initializer_list<std::string_view> parts) {
  std::uint64_t h = 1469598103934665603ULL;
  for (auto part : parts) {
    for (unsigned char c : part) h = (h ^ c) * 1099511628211ULL;
    h = (h ^ 0x1fU) * 1099511628211ULL;  // unit separator
  }
  return h;
}

namespace {

// The record whose key field `member` equals `key`, through `index`.
template <class T, class Member>
T* lookup(std::deque<T>& records, const KeyIndex& index, Member member, std::string_view key) {
  const auto at = index.find(key, [&](std::uint32_t i) -> std::string_view { return records[i].*member; });
  return at ? &records[*at] : nullptr;
}

}  // namespace

Payment* PaymentBook::payment(std::string_view id) { return lookup(payments_, payment_by_id_, &Payment::payment_id, id); }
Payment* PaymentBook::payment_by_request(std::string_view id) {
  return lookup(payments_, payment_by_request_, &Payment::payment_request_id, id);
}
Refund* PaymentBook::refund(std::string_view id) { return lookup(refunds_, refund_by_id_, &Refund::refund_id, id); }
Refund* PaymentBook::refund_by_request(std::string_view id) {
  return lookup(refunds_, refund_by_request_, &Refund::refund_request_id, id);
}
Declaration* PaymentBook::declaration(std::string_view id) {
  return lookup(declarations_, declaration_by_request_, &Declaration::declaration_request_id, id);
}

std::optional<std::uint32_t> PaymentBook::payment_position(std::string_view id) const {
  return payment_by_id_.find(id, [&](std::uint32_t i) -> std::string_view { return payments_[i].payment_id; });
}
std::optional<std::uint32_t> PaymentBook::payment_position_by_request(std::string_view id) const {
  return payment_by_request_.find(id, [&](std::uint32_t i) -> std::string_view { return payments_[i].payment_request_id; });
}
std::optional<std::uint32_t> PaymentBook::refund_position_by_request(std::string_view id) const {
  return refund_by_request_.find(id, [&](std::uint32_t i) -> std::string_view { return refunds_[i].refund_request_id; });
}

std::optional<std::uint32_t> PaymentBook::declaration_index(std::string_view id) const {
  return declaration_by_request_.find(id, [&](std::uint32_t i) -> std::string_view { return declarations_[i].declaration_request_id; });
}

Payment& PaymentBook::add(Payment p) {
  const auto index = static_cast<std::uint32_t>(payments_.size());
  Payment& stored = payments_.emplace_back(std::move(p));
  payment_by_id_.insert(stored.payment_id, index);
  payment_by_request_.insert(stored.payment_request_id, index);
  return stored;
}

Refund& PaymentBook::add(Refund r) {
  const auto index = static_cast<std::uint32_t>(refunds_.size());
  Refund& stored = refunds_.emplace_back(std::move(r));
  refund_by_id_.insert(stored.refund_id, index);
  refund_by_request_.insert(stored.refund_request_id, index);
  return stored;
}

Declaration& PaymentBook::add(Declaration d) {
  const auto index = static_cast<std::uint32_t>(declarations_.size());
  Declaration& stored = declarations_.emplace_back(std::move(d));
  declaration_by_request_.insert(stored.declaration_request_id, index);
  return stored;
}

namespace {

// Keeps the records not marked in `drop`, in order; returns each old position's new one (or -1).
template <class T>
std::vector<std::int64_t> compact(std::deque<T>& records, const std::vector<bool>& drop) {
  std::vector<std::int64_t> moved(records.size(), -1);
  std::deque<T> kept;  // a fresh deque: the dropped records' blocks are freed, not kept for reuse
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (drop[i]) continue;
    moved[i] = static_cast<std::int64_t>(kept.size());
    kept.push_back(std::move(records[i]));
  }
  records.swap(kept);
  return moved;
}

void remap(std::vector<std::uint32_t>& positions, const std::vector<std::int64_t>& moved) {
  std::vector<std::uint32_t> out;
  out.reserve(positions.size());
  for (auto i : positions)
    if (moved[i] >= 0) out.push_back(static_cast<std::uint32_t>(moved[i]));
  positions.swap(out);
}

}  // namespace

ExpiredRecords PaymentBook::remove_payments(const std::vector<bool>& drop) {
  ExpiredRecords removed;
  std::vector<bool> drop_refund(refunds_.size(), false);
  std::vector<bool> drop_declaration(declarations_.size(), false);
  for (std::size_t i = 0; i < payments_.size() && i < drop.size(); ++i) {
    if (!drop[i]) continue;
    ++removed.payments;
    for (auto r : payments_[i].refunds) drop_refund[r] = true;
  }
  if (removed.payments == 0) return removed;
  std::vector<bool> drop_payment(drop);
  drop_payment.resize(payments_.size(), false);
  for (std::size_t i = 0; i < declarations_.size(); ++i) {
    const auto at = payment_position(declarations_[i].payment_id);
    drop_declaration[i] = at && drop_payment[*at];
  }
  for (bool d : drop_refund) removed.refunds += d ? 1 : 0;
  for (bool d : drop_declaration) removed.declarations += d ? 1 : 0;

  const auto payments_moved = compact(payments_, drop_payment);
  const auto refunds_moved = compact(refunds_, drop_refund);
  const auto declarations_moved = compact(declarations_, drop_declaration);
  for (auto& p : payments_) remap(p.refunds, refunds_moved);
  remap(pending_payments, payments_moved);
  remap(pending_refunds, refunds_moved);
  remap(pending_declarations, declarations_moved);

  // The indexes are rebuilt at the size of what is left.
  payment_by_id_ = KeyIndex{};
  payment_by_request_ = KeyIndex{};
  for (std::uint32_t i = 0; i < payments_.size(); ++i) {
    payment_by_id_.insert(payments_[i].payment_id, i);
    payment_by_request_.insert(payments_[i].payment_request_id, i);
  }
  refund_by_id_ = KeyIndex{};
  refund_by_request_ = KeyIndex{};
  for (std::uint32_t i = 0; i < refunds_.size(); ++i) {
    refund_by_id_.insert(refunds_[i].refund_id, i);
    refund_by_request_.insert(refunds_[i].refund_request_id, i);
  }
  declaration_by_request_ = KeyIndex{};
  for (std::uint32_t i = 0; i < declarations_.size(); ++i)
    declaration_by_request_.insert(declarations_[i].declaration_request_id, i);
  expired_ += removed;
  return removed;
}

}  // namespace antom::state
