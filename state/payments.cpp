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

PaymentBook::PaymentBook(const PaymentBook& other)
    : buyers(other.buyers),
      pending_payments(other.pending_payments),
      pending_refunds(other.pending_refunds),
      pending_declarations(other.pending_declarations),
      payments_(other.payments_),
      refunds_(other.refunds_),
      declarations_(other.declarations_) {
  rebuild_indexes();
}

PaymentBook& PaymentBook::operator=(const PaymentBook& other) {
  if (this == &other) return *this;
  PaymentBook copy(other);
  *this = std::move(copy);
  return *this;
}

void PaymentBook::rebuild_indexes() {
  payment_by_id_.clear();
  payment_by_request_.clear();
  refund_by_id_.clear();
  refund_by_request_.clear();
  declaration_by_request_.clear();
  for (std::uint32_t i = 0; i < payments_.size(); ++i) {
    payment_by_id_.emplace(payments_[i].payment_id, i);
    payment_by_request_.emplace(payments_[i].payment_request_id, i);
  }
  for (std::uint32_t i = 0; i < refunds_.size(); ++i) {
    refund_by_id_.emplace(refunds_[i].refund_id, i);
    refund_by_request_.emplace(refunds_[i].refund_request_id, i);
  }
  for (std::uint32_t i = 0; i < declarations_.size(); ++i)
    declaration_by_request_.emplace(declarations_[i].declaration_request_id, i);
}

namespace {
template <class T>
T* lookup(std::deque<T>& records, const std::unordered_map<std::string_view, std::uint32_t>& index,
          std::string_view key) {
  auto it = index.find(key);
  return it == index.end() ? nullptr : &records[it->second];
}
}  // namespace

Payment* PaymentBook::payment(std::string_view id) { return lookup(payments_, payment_by_id_, id); }
Payment* PaymentBook::payment_by_request(std::string_view id) { return lookup(payments_, payment_by_request_, id); }
Refund* PaymentBook::refund(std::string_view id) { return lookup(refunds_, refund_by_id_, id); }
Refund* PaymentBook::refund_by_request(std::string_view id) { return lookup(refunds_, refund_by_request_, id); }
Declaration* PaymentBook::declaration(std::string_view id) {
  return lookup(declarations_, declaration_by_request_, id);
}

std::optional<std::uint32_t> PaymentBook::declaration_index(std::string_view id) const {
  auto it = declaration_by_request_.find(id);
  if (it == declaration_by_request_.end()) return std::nullopt;
  return it->second;
}

Payment& PaymentBook::add(Payment p) {
  const auto index = static_cast<std::uint32_t>(payments_.size());
  Payment& stored = payments_.emplace_back(std::move(p));
  payment_by_id_.emplace(stored.payment_id, index);
  payment_by_request_.emplace(stored.payment_request_id, index);
  return stored;
}

Refund& PaymentBook::add(Refund r) {
  const auto index = static_cast<std::uint32_t>(refunds_.size());
  Refund& stored = refunds_.emplace_back(std::move(r));
  refund_by_id_.emplace(stored.refund_id, index);
  refund_by_request_.emplace(stored.refund_request_id, index);
  return stored;
}

Declaration& PaymentBook::add(Declaration d) {
  const auto index = static_cast<std::uint32_t>(declarations_.size());
  Declaration& stored = declarations_.emplace_back(std::move(d));
  declaration_by_request_.emplace(stored.declaration_request_id, index);
  return stored;
}

}  // namespace antom::state
