#pragma once
// What a scenario asks the state machine to do with one request, as plain data. The scenario
// engine produces it; state applies it as ordinary input, so every forced outcome is recorded
// consistently (a forced decline leaves a FAIL payment that inquiry reports).
#include <optional>
#include <string>
#include <vector>

#include "state/notify_faults.hpp"
#include "state/result_code.hpp"
#include "state/time.hpp"

namespace antom::state {

enum class WalletAction { None, Approve, Decline, Abandon };

struct Directive {
  std::string scenario;                 // name of the scenario that produced it ("" = none)
  std::optional<ResultCode> force;      // record and answer this outcome
  std::string force_message;            // resultMessage for the forced outcome ("" = default)

  // Asynchronous outcome: answer PROCESSING (U) now, settle to `settle_code` later.
  bool processing = false;
  ResultCode settle_code = ResultCode::SUCCESS;
  std::optional<Millis> settle_after;   // on the virtual clock
  int settle_after_inquiries = 0;       // or once this many inquiries have seen it (0 = off)
  // While processing, the buyer has completed the payment and the wallet's final answer is due:
  // inquiry reports PENDING and a PAYMENT_PENDING notification is sent (Antom's notifyPayment).
  bool report_pending = false;

  // A refund that succeeds is reversed this long after (the bank returned it): a REFUND_REVERSAL
  // line in the settlement files (state/settlement_ledger.hpp).
  std::optional<Millis> reverse_after;

  std::optional<Millis> ttl_override;   // authCode / token lifetime for what this request creates

  // The simulated wallet user's answer on a consult's wallet page (None = wait for a click).
  WalletAction wallet_action = WalletAction::None;
  std::optional<Millis> wallet_delay;   // "approve late": decide after this much virtual time

  NotifyFaults notification_faults;  // copied onto outbox records this request creates

  [[nodiscard]] bool empty() const {
    return scenario.empty() && !force && !processing && !reverse_after && !ttl_override && wallet_action == WalletAction::None &&
           !notification_faults.any();
  }
};

}  // namespace antom::state
