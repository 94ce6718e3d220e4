#include "state/refund_flow.hpp"

#include <algorithm>
#include <chrono>

#include "state/payment_fields.hpp"
#include "state/payment_flow.hpp"  // refuses_request, kDefaultSettleDelay
#include "state/tick.hpp"

namespace antom::state {
namespace {

std::uint64_t refund_fingerprint(const RefundRequest& req) {
  return fingerprint_of({req.payment_id, req.amount.currency, std::to_string(req.amount.value)});
}

RefundOutcome answer(Result r) { return RefundOutcome{std::move(r), std::nullopt}; }
RefundOutcome answer(Result r, const Refund& refund) { return RefundOutcome{std::move(r), refund}; }

Result replay_result(const Refund& r) {
  switch (r.status) {
    case RefundStatus::Success: return make_result(ResultCode::SUCCESS);
    case RefundStatus::Processing: return make_result(ResultCode::REFUND_IN_PROCESS);
    case RefundStatus::Fail: return make_result(r.result_code, r.result_message);
  }
  return make_result(ResultCode::UNKNOWN_EXCEPTION);
}

void queue_refund_notice(MerchantState& m, const Refund& r, TimePoint now) {
  OutboxRecord rec;
  rec.kind = NotifyKind::Refund;
  rec.notify_type = "REFUND_RESULT";
  rec.url = r.notify_url;
  rec.payload = refund_notify_payload(r);
  rec.subject_id = r.refund_id;
  rec.faults = r.notification_faults;
  m.outbox.enqueue(std::move(rec), now);
}

// The refund rules of the payment and of its method (the wallet table); a failure records
// nothing. Codes: https://docs.antom.com/ac/ams/refund_online; choices in docs/fidelity.md.
std::optional<Result> reject_refund(const Payment& p, const RefundRequest& req, const WalletSpec* wallet,
                                    TimePoint now) {
  if (p.status != PaymentStatus::Success)
    return make_result(ResultCode::ORDER_STATUS_INVALID, "Only a successful payment can be refunded; this one is " +
                                                             std::string(to_string(p.status)) + ".");
  if (wallet != nullptr && !wallet->refund_supported)
    return make_result(ResultCode::PAYMENT_METHOD_NOT_SUPPORTED, wallet->code + " does not support refunds.");
  if (req.amount.currency != p.amount.currency)
    return make_result(ResultCode::CURRENCY_NOT_SUPPORT,
                       "refundAmount.currency must be the payment currency " + p.amount.currency + ".");
  if (req.amount.value <= 0) return make_result(ResultCode::PARAM_ILLEGAL, "refundAmount.value must be positive.");
  const int window_days = wallet != nullptr ? wallet->refund_window_days : 365;
  if (now > p.finished_at + std::chrono::days(window_days)) return make_result(ResultCode::REFUND_WINDOW_EXCEED);
  if (wallet != nullptr && !wallet->multiple_refunds && p.refunded > 0)
    return make_result(ResultCode::MULTIPLE_REFUNDS_NOT_SUPPORTED, wallet->code + " allows one refund per payment.");
  if (wallet != nullptr && !wallet->partial_refund && req.amount.value != p.amount.value)
    return make_result(ResultCode::PARTIAL_REFUND_NOT_SUPPORTED,
                       wallet->code + " refunds only the whole payment: " + std::to_string(p.amount.value) + " " +
                           p.amount.currency + ".");
  if (p.refunded + req.amount.value > p.amount.value)
    return make_result(ResultCode::REFUND_AMOUNT_EXCEED,
                       "The refunds would total more than the payment: " + std::to_string(p.amount.value - p.refunded) +
                           " " + p.amount.currency + " can still be refunded.");
  // Below the method's minimum is outside the refundable range too: REFUND_AMOUNT_EXCEED.
  const std::int64_t min_refund = wallet != nullptr ? wallet->min_refund_minor : 1;
  const bool home = wallet != nullptr && !wallet->currencies.empty() && wallet->currencies.front() == p.amount.currency;
  if (home && req.amount.value < min_refund)
    return make_result(ResultCode::REFUND_AMOUNT_EXCEED, "refundAmount.value is below the minimum refund of " +
                                                             std::to_string(min_refund) + " for " + wallet->code + ".");
  return std::nullopt;
}

}  // namespace

RefundOutcome refund_payment(MerchantState& m, const RefundRequest& req, const WalletTable& wallets,
                             const Directive& d, TimePoint now) {
  auto& book = m.payments;
  if (Refund* existing = book.refund_by_request(req.refund_request_id)) {
    if (existing->fingerprint != refund_fingerprint(req))
      return answer(make_result(ResultCode::REPEAT_REQ_INCONSISTENT,
                                "refundRequestId was used before with a different paymentId or refundAmount."));
    return answer(replay_result(*existing), *existing);
  }
  const bool processing = d.processing || d.force == ResultCode::REFUND_IN_PROCESS;
  if (d.force && !processing && refuses_request(*d.force)) return answer(make_result(*d.force, d.force_message));
  Payment* p = book.payment(req.payment_id);
  if (p == nullptr) return answer(make_result(ResultCode::ORDER_NOT_EXIST));
  if (auto rejected = reject_refund(*p, req, wallets.find(p->wallet), now)) return answer(std::move(*rejected));

  Refund r;
  r.refund_id = m.ids.numeric_id(now, "1950");
  r.refund_request_id = req.refund_request_id;
  r.payment_id = p->payment_id;
  r.reference_refund_id = req.reference_refund_id;
  r.notify_url = req.notify_url;
  r.metadata = req.metadata;
  r.amount = req.amount;
  r.fingerprint = refund_fingerprint(req);
  r.created_at = now;
  r.notification_faults = d.notification_faults;
  r.reverse_after = d.reverse_after;
  // A payment settled in another currency: the refund settles in it too, at the rate of its time.
  if (p->settlement && req.fx != nullptr)
    r.settlement = settle(*req.fx, r.amount, p->settlement->gross.currency, m.ids.numeric_id(now, "1970"), now);
  const auto index = static_cast<std::uint32_t>(book.refunds().size());
  p->refunds.push_back(index);

  if (d.force && !processing && *d.force != ResultCode::SUCCESS) {
    Refund& stored = book.add(std::move(r));
    stored.status = RefundStatus::Fail;
    stored.result_code = *d.force;
    stored.result_message = d.force_message;
    stored.finished_at = now;
    queue_refund_notice(m, stored, now);
    return answer(make_result(stored.result_code, stored.result_message), stored);
  }
  p->refunded += r.amount.value;  // counts against the payment while it processes, too
  if (processing) {
    PendingSettle s;
    s.code = d.settle_code;
    s.inquiries_left = static_cast<std::uint16_t>(std::clamp(d.settle_after_inquiries, 0, 65535));
    if (d.settle_after)
      s.due = now + *d.settle_after;
    else if (s.inquiries_left == 0)
      s.due = now + kDefaultSettleDelay;
    r.pending = s;
    Refund& stored = book.add(std::move(r));
    book.pending_refunds.push_back(index);
    return answer(make_result(ResultCode::REFUND_IN_PROCESS), stored);
  }
  Refund& stored = book.add(std::move(r));
  stored.status = RefundStatus::Processing;
  settle_refund(m, stored, ResultCode::SUCCESS, now, req.fx);
  if (stored.reversal_due) book.pending_refunds.push_back(index);
  return answer(make_result(ResultCode::SUCCESS), stored);
}

RefundOutcome inquire_refund(MerchantState& m, std::string_view refund_id, std::string_view refund_request_id,
                             TimePoint now, const FxTable* fx) {
  Refund* r = !refund_id.empty() ? m.payments.refund(refund_id) : m.payments.refund_by_request(refund_request_id);
  if (r == nullptr) return answer(make_result(ResultCode::REFUND_NOT_EXIST));
  RefundOutcome out = answer(make_result(ResultCode::SUCCESS), *r);
  if (r->status == RefundStatus::Processing && r->pending && r->pending->inquiries_left > 0 &&
      --r->pending->inquiries_left == 0)
    settle_refund(m, *r, r->pending->code, now, fx);
  return out;
}

void settle_refund(MerchantState& m, Refund& r, ResultCode code, TimePoint at, const FxTable* fx) {
  if (r.status != RefundStatus::Processing) return;
  Payment* p = m.payments.payment(r.payment_id);
  r.finished_at = at;
  r.pending.reset();
  if (code == ResultCode::SUCCESS) {
    r.status = RefundStatus::Success;
    r.result_code = ResultCode::SUCCESS;
    // The quote of the success time replaces the one of the request (same quote id); without a
    // table, or when it no longer knows a currency, the request's stays.
    if (fx != nullptr && p != nullptr && p->settlement) {
      std::string quote_id = r.settlement ? r.settlement->quote.quote_id : m.ids.numeric_id(at, "1970");
      if (auto s = settle(*fx, r.amount, p->settlement->gross.currency, std::move(quote_id), at)) r.settlement = std::move(s);
    }
    if (p != nullptr && p->debited) credit(m.payments.buyers, p->buyer_id, r.amount.currency, r.amount.value);
    if (r.reverse_after) r.reversal_due = at + *r.reverse_after;
  } else {
    r.status = RefundStatus::Fail;
    r.result_code = code;
    if (p != nullptr) p->refunded -= r.amount.value;  // the held amount is refundable again
  }
  queue_refund_notice(m, r, at);
}

void advance_refunds(MerchantState& m, TimePoint now, const FxTable* fx) {
  auto& book = m.payments;
  std::erase_if(book.pending_refunds, [&](std::uint32_t i) {
    Refund& r = book.refunds()[i];
    if (r.status == RefundStatus::Processing && r.pending) {
      if (r.pending->due > now) return false;
      settle_refund(m, r, r.pending->code, r.pending->due, fx);
    }
    // A successful refund the bank returns later: it stays listed until then. Antom documents
    // no notification nor inquiryRefund change for it, only the REFUND_REVERSAL settlement line.
    if (r.status != RefundStatus::Success || !r.reversal_due || r.reversed_at) return true;
    if (*r.reversal_due > now) return false;
    r.reversed_at = *r.reversal_due;
    return true;
  });
}

}  // namespace antom::state
