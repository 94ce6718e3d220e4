#include "state/payment_flow.hpp"

#include <algorithm>

#include "state/authorizations.hpp"
#include "state/declaration_flow.hpp"
#include "state/payment_fields.hpp"
#include "state/refund_flow.hpp"
#include "state/tick.hpp"

namespace antom::state {
namespace {

std::uint64_t pay_fingerprint(const PayRequest& req) {
  const auto value = std::to_string(req.amount.value);
  return fingerprint_of({"AGREEMENT_PAYMENT", req.amount.currency, value, req.wallet, req.access_token});
}

PaymentOutcome answer(Result r) { return PaymentOutcome{std::move(r), std::nullopt, {}}; }
PaymentOutcome answer(Result r, const Payment& p) { return PaymentOutcome{std::move(r), p, {}}; }

// What a repeated pay with the same paymentRequestId and key fields answers.
Result replay_result(const Payment& p) {
  switch (p.status) {
    case PaymentStatus::Success: return make_result(ResultCode::SUCCESS);
    case PaymentStatus::Processing: return make_result(ResultCode::PAYMENT_IN_PROCESS);
    case PaymentStatus::Cancelled:
      return make_result(ResultCode::ORDER_IS_CLOSED, "The payment with this paymentRequestId was cancelled.");
    case PaymentStatus::Fail: return make_result(p.result_code, p.result_message);
  }
  return make_result(ResultCode::UNKNOWN_EXCEPTION);
}

void queue_payment_notice(MerchantState& m, const Payment& p, TimePoint now) {
  OutboxRecord rec;
  rec.kind = NotifyKind::Payment;
  rec.notify_type = is_reported_pending(p) ? "PAYMENT_PENDING" : "PAYMENT_RESULT";
  rec.url = p.notify_url;
  rec.payload = payment_notify_payload(p);
  rec.subject_id = p.payment_id;
  rec.faults = p.notification_faults;
  m.outbox.enqueue(std::move(rec), now);
}

void finish(MerchantState& m, Payment& p, PaymentStatus status, ResultCode code, std::string message, TimePoint at) {
  p.status = status;
  p.result_code = code;
  p.result_message = std::move(message);
  p.finished_at = at;
  p.pending.reset();
  queue_payment_notice(m, p, at);
}

// Checks made before a payment exists; a failure here records nothing (a corrected retry with
// the same paymentRequestId is a new request).
std::optional<Result> reject_request(const PayRequest& req, const WalletSpec* wallet, TimePoint now) {
  if (wallet == nullptr)
    return make_result(ResultCode::PARAM_ILLEGAL,
                       "paymentMethod.paymentMethodType is not an Auto Debit wallet antom-sim knows.");
  if (req.expiry && (*req.expiry <= now || *req.expiry > now + kPaymentExpiry))
    return make_result(ResultCode::PARAM_ILLEGAL,
                       "paymentExpiryTime must be after the request and at most 1 minute after it.");
  if (currency_decimals(req.amount.currency) < 0 ||
      std::find(wallet->currencies.begin(), wallet->currencies.end(), req.amount.currency) == wallet->currencies.end())
    return make_result(ResultCode::CURRENCY_NOT_SUPPORT,
                       "paymentAmount.currency " + req.amount.currency + " is not supported by " + wallet->code + ".");
  if (req.amount.value <= 0)
    return make_result(ResultCode::PARAM_ILLEGAL, "paymentAmount.value must be a positive integer.");
  if (!wallet->currencies.empty() && req.amount.currency == wallet->currencies.front() &&
      req.amount.value < wallet->min_payment_minor)
    return make_result(ResultCode::PARAM_ILLEGAL, "paymentAmount.value is below the minimum payment of " +
                                                      std::to_string(wallet->min_payment_minor) + " for " +
                                                      wallet->code + ".");
  return std::nullopt;
}

Payment new_payment(MerchantState& m, const PayRequest& req, TimePoint now) {
  Payment p;
  p.payment_id = m.ids.numeric_id(now, "1940");
  p.payment_request_id = req.payment_request_id;
  p.wallet = req.wallet;
  p.reference_order_id = req.reference_order_id;
  p.order_description = req.order_description;
  p.notify_url = req.notify_url;
  p.amount = req.amount;
  p.fingerprint = pay_fingerprint(req);
  p.need_declaration = req.need_declaration;
  p.created_at = now;
  p.expires_at = req.expiry.value_or(now + kPaymentExpiry);
  if (req.settlement) {
    p.settlement = req.settlement;
    p.settlement->quote.quote_id = m.ids.numeric_id(now, "1970");
  }
  return p;
}

PendingSettle pending_from(const Directive& d, ResultCode code, TimePoint now) {
  PendingSettle s;
  s.code = code;
  s.inquiries_left = static_cast<std::uint16_t>(std::clamp(d.settle_after_inquiries, 0, 65535));
  s.report_pending = d.report_pending;
  if (d.settle_after)
    s.due = now + *d.settle_after;
  else if (s.inquiries_left == 0)
    s.due = now + kDefaultSettleDelay;
  return s;
}

std::vector<Refund> refunds_of(const MerchantState& m, const Payment& p) {
  std::vector<Refund> out;
  out.reserve(p.refunds.size());
  for (auto i : p.refunds) out.push_back(m.payments.refunds()[i]);
  return out;
}

Payment* find_payment(MerchantState& m, std::string_view payment_id, std::string_view payment_request_id) {
  if (!payment_id.empty()) return m.payments.payment(payment_id);
  return m.payments.payment_by_request(payment_request_id);
}

}  // namespace

bool refuses_request(ResultCode code) {
  using enum ResultCode;
  switch (code) {
    case ACCESS_DENIED: case CLIENT_FORBIDDEN_ACCESS_API: case INVALID_API: case INVALID_CLIENT:
    case INVALID_CLIENT_STATUS: case INVALID_SIGNATURE: case KEY_NOT_FOUND: case MEDIA_TYPE_NOT_ACCEPTABLE:
    case METHOD_NOT_SUPPORTED: case MERCHANT_NOT_REGISTERED: case INVALID_MERCHANT_STATUS: case NO_INTERFACE_DEF:
    case PARAM_ILLEGAL: case SYSTEM_ERROR: case UNKNOWN_CLIENT: case REPEAT_REQ_INCONSISTENT: case ORDER_IS_CLOSED:
    case CURRENCY_NOT_SUPPORT: case ORDER_NOT_EXIST: case ORDER_STATUS_INVALID: case ORDER_IS_CANCELED:
    case REFUND_AMOUNT_EXCEED: case REFUND_WINDOW_EXCEED: case REFUND_NOT_EXIST: case CANCEL_WINDOW_EXCEED:
    case PAYMENT_METHOD_NOT_SUPPORTED:
      return true;
    default:
      return status_of(code) == ResultStatus::U;
  }
}

PaymentOutcome pay(MerchantState& m, const PayRequest& req, const WalletTable& wallets, const Directive& d,
                   TimePoint now) {
  auto& book = m.payments;
  if (Payment* existing = book.payment_by_request(req.payment_request_id)) {
    if (existing->fingerprint != pay_fingerprint(req))
      return answer(make_result(ResultCode::REPEAT_REQ_INCONSISTENT,
                                "paymentRequestId was used before with different paymentAmount or paymentMethod."));
    return answer(replay_result(*existing), *existing);
  }
  const bool processing = d.processing || d.force == ResultCode::PAYMENT_IN_PROCESS;
  // A forced refusal or "unknown" answer means the request never reached the wallet.
  if (d.force && !processing && refuses_request(*d.force)) return answer(make_result(*d.force, d.force_message));
  const WalletSpec* wallet = wallets.find(req.wallet);
  if (auto rejected = reject_request(req, wallet, now)) return answer(std::move(*rejected));

  Payment p = new_payment(m, req, now);
  p.notification_faults = d.notification_faults;
  const auto token = usable_token(m.auth, req.access_token, now);
  Buyer* buyer = nullptr;
  ResultCode code = ResultCode::SUCCESS;
  std::string message;
  if (!token) {
    code = ResultCode::INVALID_ACCESS_TOKEN;
  } else if (token->wallet != req.wallet) {
    code = ResultCode::INVALID_ACCESS_TOKEN;
    message = "The access token was issued by " + token->wallet + ", not by " + req.wallet + ".";
  } else if (!token->may_pay) {
    // Auto Debit needs the AGREEMENT_PAY scope; Antom names no code for a token without it
    // (docs/fidelity.md): the token cannot pay, as an invalid one cannot.
    code = ResultCode::INVALID_ACCESS_TOKEN;
    message = "The access token was not granted the AGREEMENT_PAY scope.";
  } else {
    p.buyer_id = token->buyer_id;
    p.buyer_login_id = token->user_login_id;
    buyer = &book.buyers.get(token->buyer_id, *wallet);
  }
  if (d.force && !processing) {
    code = *d.force;  // a scenario's outcome overrides the wallet's checks
    message = d.force_message;
  } else if (buyer != nullptr) {
    code = check_debit(*buyer, *wallet, req.amount.currency, req.amount.value, now);
  }

  if (processing && buyer != nullptr) {
    const ResultCode settle = code == ResultCode::SUCCESS ? d.settle_code : code;
    if (settle == ResultCode::SUCCESS) {
      debit(*buyer, *wallet, req.amount.currency, req.amount.value, now);  // held until it settles
      p.debited = true;
    }
    p.status = PaymentStatus::Processing;
    p.result_code = ResultCode::PAYMENT_IN_PROCESS;
    p.pending = pending_from(d, settle, now);
    Payment& stored = book.add(std::move(p));
    book.pending_payments.push_back(static_cast<std::uint32_t>(book.payments().size() - 1));
    if (stored.pending->report_pending) queue_payment_notice(m, stored, now);  // PAYMENT_PENDING
    return answer(make_result(ResultCode::PAYMENT_IN_PROCESS), stored);
  }
  Payment& stored = book.add(std::move(p));
  if (code == ResultCode::SUCCESS) {
    if (buyer != nullptr && !(d.force == ResultCode::SUCCESS)) {
      debit(*buyer, *wallet, req.amount.currency, req.amount.value, now);
      stored.debited = true;
    }
    finish(m, stored, PaymentStatus::Success, code, {}, now);
  } else {
    finish(m, stored, PaymentStatus::Fail, code, message, now);
  }
  return answer(make_result(code, stored.result_message), stored);
}

PaymentOutcome inquire_payment(MerchantState& m, std::string_view payment_id, std::string_view payment_request_id,
                               TimePoint now) {
  Payment* p = find_payment(m, payment_id, payment_request_id);
  if (p == nullptr) return answer(make_result(ResultCode::ORDER_NOT_EXIST));
  PaymentOutcome out{make_result(ResultCode::SUCCESS), *p, refunds_of(m, *p)};
  // "Settle after N inquiries": this inquiry has seen PROCESSING; the next one sees the result.
  if (p->status == PaymentStatus::Processing && p->pending && p->pending->inquiries_left > 0 &&
      --p->pending->inquiries_left == 0)
    settle_payment(m, *p, p->pending->code, now);
  return out;
}

TimePoint cancel_deadline(TimePoint created_at) {
  constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;
  const std::int64_t next_day_start_gmt8 = (gmt8_day(created_at) + 1) * kDayMs;
  return from_epoch_ms(next_day_start_gmt8 + 15LL * 60 * 1000 - 8LL * 3600 * 1000);
}

PaymentOutcome cancel_payment(MerchantState& m, std::string_view payment_id, std::string_view payment_request_id,
                              const WalletTable& wallets, const Directive& d, TimePoint now) {
  // A forced code applies to a payment that exists, as docs/scenarios.md says: Antom finds the
  // payment before it judges the cancel.
  Payment* p = find_payment(m, payment_id, payment_request_id);
  if (p == nullptr) return answer(make_result(ResultCode::ORDER_NOT_EXIST));
  if (d.force && *d.force != ResultCode::SUCCESS) return answer(make_result(*d.force, d.force_message));
  if (p->status == PaymentStatus::Cancelled) return answer(make_result(ResultCode::SUCCESS), *p);  // idempotent
  const WalletSpec* wallet = wallets.find(p->wallet);
  for (auto i : p->refunds)
    if (m.payments.refunds()[i].status != RefundStatus::Fail)
      return answer(make_result(ResultCode::PROCESS_FAIL, "A payment with a refund cannot be cancelled."));
  if (now >= cancel_deadline(p->created_at)) return answer(make_result(ResultCode::CANCEL_WINDOW_EXCEED));
  // Some methods (Thai bank direct debit) can be cancelled only before the payment completes.
  if (p->status == PaymentStatus::Success && wallet != nullptr && !wallet->cancel_after_success)
    return answer(make_result(ResultCode::ORDER_STATUS_INVALID,
                              wallet->code + " payments can be cancelled only before they complete; use refund."));
  if (p->debited) {
    credit(m.payments.buyers, p->buyer_id, p->amount.currency, p->amount.value);
    p->debited = false;
  }
  p->cancelled_after_success = p->status == PaymentStatus::Success;
  p->status = PaymentStatus::Cancelled;
  p->result_code = ResultCode::ORDER_IS_CLOSED;
  p->result_message = "The payment was cancelled.";
  p->cancelled_at = now;
  p->pending.reset();
  return answer(make_result(ResultCode::SUCCESS), *p);
}

void settle_payment(MerchantState& m, Payment& p, ResultCode code, TimePoint at) {
  if (p.status != PaymentStatus::Processing) return;
  if (code == ResultCode::SUCCESS) {
    finish(m, p, PaymentStatus::Success, code, {}, at);
    return;
  }
  if (p.debited) {
    credit(m.payments.buyers, p.buyer_id, p.amount.currency, p.amount.value);
    p.debited = false;
  }
  finish(m, p, PaymentStatus::Fail, code, {}, at);
}

void advance_payments(MerchantState& m, TimePoint now) {
  auto& book = m.payments;
  auto& pending = book.pending_payments;
  std::erase_if(pending, [&](std::uint32_t i) {
    Payment& p = book.payments()[i];
    if (p.status != PaymentStatus::Processing || !p.pending) return true;
    const TimePoint due = p.pending->due;
    if (due <= now && due < p.expires_at) {
      settle_payment(m, p, p.pending->code, due);
      return true;
    }
    if (p.expires_at <= now) {  // the wallet never answered: closed at paymentExpiryTime
      settle_payment(m, p, ResultCode::ORDER_IS_CLOSED, p.expires_at);
      return true;
    }
    return false;
  });
}

}  // namespace antom::state
