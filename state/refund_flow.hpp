#pragma once
// refund and inquiryRefund on one merchant's book, and the settling of PROCESSING refunds.
// Runs under the merchant's lock; notifyRefund is queued in the same call that finishes a refund.
#include <optional>
#include <string>
#include <string_view>

#include "state/directive.hpp"
#include "state/merchant_state.hpp"
#include "state/payments.hpp"
#include "state/result_code.hpp"
#include "state/wallets.hpp"

namespace antom::state {

struct RefundRequest {
  std::string refund_request_id;
  std::string payment_id;
  std::string reference_refund_id;
  std::string notify_url;  // refundNotifyUrl
  std::string metadata;
  Money amount;
  const FxTable* fx = nullptr;  // settles a refund of a payment settled in another currency
};

struct RefundOutcome {
  Result result;
  std::optional<Refund> refund;  // a copy, to render outside the lock
};

[[nodiscard]] RefundOutcome refund_payment(MerchantState& m, const RefundRequest& req, const WalletTable& wallets,
                                           const Directive& d, TimePoint now);
// refundId wins when both are given.
// `fx` quotes a refund that an inquiry settles.
[[nodiscard]] RefundOutcome inquire_refund(MerchantState& m, std::string_view refund_id,
                                           std::string_view refund_request_id, TimePoint now,
                                           const FxTable* fx = nullptr);

// A refund that succeeds settles at the rate of its success time (Antom: "the rate of the day the
// refund succeeds", https://docs.antom.com/ac/scantopay/refund): with `fx`, its settlement quote
// is taken at `at`, in its payment's settlement currency.
void settle_refund(MerchantState& m, Refund& r, ResultCode code, TimePoint at, const FxTable* fx = nullptr);
void advance_refunds(MerchantState& m, TimePoint now, const FxTable* fx = nullptr);  // through state/tick.hpp

}  // namespace antom::state
