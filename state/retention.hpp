#pragma once
// Optional retention (--retention-days N) of payments, refunds and declarations. A payment is
// dropped, with its refunds, declarations, ids and idempotency keys, once nothing can change it any
// more and N virtual days have passed since:
//  - it is final (SUCCESS, FAIL or CANCELLED), every refund is final (SUCCESS or FAIL, and a
//    reversal a scenario scheduled has happened) and every declaration has its customs answer
//    (SUCCESS or FAIL);
//  - no notification about it or its refunds is pending or in flight;
//  - Antom would refuse any further change: the cancel window (until 00:15 GMT+8 the day after the
//    payment) has closed, and for a SUCCESS payment that can be refunded the refund window (the
//    wallet's refundWindowDays after it succeeded; 365 for an unknown wallet) has closed too.
// Its settled time is the latest of its last change and those window ends; it goes once that is
// before the cutoff (now - N days). Afterwards Antom's answers for an unknown id apply:
// inquiryPayment / cancel / refund / declare name ORDER_NOT_EXIST, inquiryRefund REFUND_NOT_EXIST,
// and a pay that repeats the dropped paymentRequestId is a new payment.
//
// An authorization (a consult's attempt, with its auth codes and every access token issued for it)
// is dropped the same way once nothing can change it any more and N days have passed since: the
// buyer decided (a pending page can still be approved), each code was used or expired, and each
// token ended (revoked, cancelled, refreshed) or expired with its refresh token. Payments keep
// what they need (the buyer, the method), so no record points at it. Afterwards its ids answer as
// unknown ones: INVALID_ACCESS_TOKEN, INVALID_CODE, INVALID_REFRESH_TOKEN.
#include <optional>
#include <vector>

#include "state/authorizations.hpp"
#include "state/merchant_state.hpp"
#include "state/payments.hpp"
#include "state/time.hpp"
#include "state/wallets.hpp"

namespace antom::state {

// The cutoff moves this far between scans of the book: the scan reads every payment, so a merchant
// with many is not scanned on each of the sender's passes.
inline constexpr Millis kRetentionScanStep = std::chrono::hours(1);

// When `p` (found in `book`) stopped being able to change; nullopt while it still can. `latest_declaration`:
// the latest change of its declarations, nullopt if one waits for customs or there are none
// (then `declarations_pending` says which).
[[nodiscard]] std::optional<TimePoint> settled_at(const PaymentBook& book, const Payment& p, const WalletTable& wallets,
                                                  std::optional<TimePoint> latest_declaration, bool declarations_pending);

// When the authorization `attempt` (with `codes` and `tokens`, those naming it) stopped being
// able to change; nullopt while it still can.
[[nodiscard]] std::optional<TimePoint> authorization_settled_at(const AuthAttempt& attempt,
                                                                const std::vector<const AuthCode*>& codes,
                                                                const std::vector<const AccessToken*>& tokens);

// Drops the payments and authorizations settled before `cutoff` (see above) and returns the counts.
// Scans only when `cutoff` has moved kRetentionScanStep past the last scan (or moved back).
ExpiredRecords expire_finished_before(MerchantState& m, const WalletTable& wallets, TimePoint cutoff);

}  // namespace antom::state
