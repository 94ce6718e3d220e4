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
[[nodiscard]] RefundOutcome inquire_refund(MerchantState& m, std::string_view refund_id,
                                           std::string_view refund_request_id, TimePoint now);

void settle_refund(MerchantState& m, Refund& r, ResultCode code, TimePoint at);
void advance_refunds(MerchantState& m, TimePoint now);  // through state/tick.hpp

}  // namespace antom::state
