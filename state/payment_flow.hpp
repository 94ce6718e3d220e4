#pragma once
// pay, inquiryPayment and cancel on one merchant's book, and the clock-driven settling and expiry
// of PROCESSING payments. Runs under the merchant's lock: no I/O; notifications are outbox records
// queued in the same call that changes the payment.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "state/directive.hpp"
#include "state/merchant_state.hpp"
#include "state/payments.hpp"
#include "state/result_code.hpp"
#include "state/wallets.hpp"

namespace antom::state {

// Auto Debit: the default and the longest paymentExpiryTime after the request.
inline constexpr Millis kPaymentExpiry = std::chrono::minutes(1);
// A PROCESSING payment or refund without a scenario-given delay settles after this long.
inline constexpr Millis kDefaultSettleDelay = std::chrono::seconds(5);

struct PayRequest {
  std::string payment_request_id;
  std::string wallet;        // paymentMethod.paymentMethodType
  std::string access_token;  // paymentMethod.paymentMethodId
  std::string reference_order_id;
  std::string order_description;
  std::string notify_url;
  Money amount;
  std::optional<TimePoint> expiry;  // paymentExpiryTime, parsed
  bool need_declaration = false;
  // Settled in another currency (the contract or settlementStrategy): the amount and quote at the
  // request's time, locked for the payment; its quoteId is given here.
  std::optional<Settlement> settlement;
};

struct PaymentOutcome {
  Result result;
  std::optional<Payment> payment;  // a copy, to render outside the lock
  std::vector<Refund> refunds;     // inquiry only: the payment's refunds
};

[[nodiscard]] PaymentOutcome pay(MerchantState& m, const PayRequest& req, const WalletTable& wallets,
                                 const Directive& d, TimePoint now);
// paymentId wins when both are given.
[[nodiscard]] PaymentOutcome inquire_payment(MerchantState& m, std::string_view payment_id,
                                             std::string_view payment_request_id, TimePoint now);
[[nodiscard]] PaymentOutcome cancel_payment(MerchantState& m, std::string_view payment_id,
                                            std::string_view payment_request_id, const WalletTable& wallets,
                                            const Directive& d, TimePoint now);

// A code that refuses the request itself (protocol, idempotency, validation, refusal codes): a
// scenario forcing it is answered without recording a payment or refund. Other forced F codes are
// business declines and are recorded as a FAIL payment / refund that inquiries report.
[[nodiscard]] bool refuses_request(ResultCode code);

// The end of the cancel window: 00:15 GMT+8 on the day after `created_at` (GMT+8 date).
[[nodiscard]] TimePoint cancel_deadline(TimePoint created_at);

// Settles a PROCESSING payment to `code` (SUCCESS or a failure) at `at`, queuing notifyPayment.
void settle_payment(MerchantState& m, Payment& p, ResultCode code, TimePoint at);

}  // namespace antom::state
