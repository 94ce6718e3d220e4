#pragma once
// The settlement ledger: which transactions of a merchant fall into which settlement batch, at
// which rate and fee, and when the batch closes on the virtual clock. Pure functions of the
// merchant's state and `now`; amounts are integers in minor units.
// Antom: https://docs.antom.com/ac/reconcile/settlement_details,
// https://docs.antom.com/ac/reconcile/transaction_details.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "state/merchant_state.hpp"
#include "state/money.hpp"
#include "state/settlement.hpp"
#include "state/settlement_book.hpp"
#include "state/settlement_contract.hpp"
#include "state/wallets.hpp"

namespace antom::state {

// A refund reversal: a successful refund the bank returned (forced by a scenario), positive.
enum class SettlementType : std::uint8_t { Payment, Refund, Cancel, RefundReversal };
[[nodiscard]] std::string_view to_string(SettlementType t);  // "PAYMENT", "REFUND", ...

// One transaction as the reports show it. Negative amounts return money to the buyer; a negative
// fee is charged to the merchant, a positive one returned.
struct SettlementLine {
  SettlementType type = SettlementType::Payment;
  std::string transaction_id;           // paymentId or refundId
  std::string original_transaction_id;  // the paymentId of a refund or cancel
  std::string transaction_request_id;   // paymentRequestId or refundRequestId
  std::string reference_transaction_id; // referenceOrderId or referenceRefundId
  std::string order_description;
  std::string payment_method;           // paymentMethodType
  std::string psp_name;
  TimePoint time{};                     // when it succeeded (or was cancelled)
  Money amount;                         // transaction currency, signed
  Money settled;                        // settlement currency, signed
  std::string quote_pair;               // "" when the currencies are the same
  std::int64_t quote_price = 0;         // scaled by kPriceScale
  std::int64_t fee = 0;                 // settlement currency minor units
};

struct SettlementBatch {
  std::string batch_id;        // settlementBatchId; all zeros for an empty cycle's summary
  std::string currency;        // settlementCurrency
  std::string payment_method;  // set only with ReportNaming::PerPaymentMethod
  std::chrono::sys_days business_day{};
  TimePoint settled_at{};      // settlementTime
  std::vector<SettlementLine> lines;  // by time, then transaction id
};

// The transactions of one calendar day (merchant's time zone), reported the next day.
struct TransactionDay {
  std::chrono::sys_days day{};
  TimePoint produced_at{};
  std::vector<SettlementLine> lines;
};

// What the ledger reads besides the merchant.
struct SettlementInputs {
  const SettlementContract& contract;
  const FxTable& fx;
  const WalletTable& wallets;
};

// Every settling transaction with its time in [from, to), unsorted.
[[nodiscard]] std::vector<SettlementLine> settlement_lines(const MerchantState& m, const SettlementInputs& in,
                                                           TimePoint from, TimePoint to);

// "2024030211021040001": the settlement date, a fixed infix, and the batch's number that day.
[[nodiscard]] std::string settlement_batch_id(std::chrono::sys_days settlement_date, int seq);

// Zero summaries are made for cycles that settled at most this long before `now` (the files
// Antom keeps on SFTP, 7 days).
inline constexpr std::chrono::days kEmptySummaryHorizon{7};

// The batches whose cycle ended at or before `now` and were not returned before, in order; a
// contract currency without transactions in a cycle gives an empty batch (when the contract says
// so, within kEmptySummaryHorizon). Moves `book` on.
[[nodiscard]] std::vector<SettlementBatch> settle_due(const MerchantState& m, SettlementBook& book,
                                                      const SettlementInputs& in, TimePoint now);

// A run (POST /_sim/settlements/run): settle_due, then every business day still open up to `now`
// (today included, what succeeded so far) closes into batches settled at `now`, numbered on
// after the settlement date's earlier batches. Transactions of today after `now` settle in a
// later batch: today's own at its cycle's end, or the next run's. No zero summaries for a run.
[[nodiscard]] std::vector<SettlementBatch> settle_now(const MerchantState& m, SettlementBook& book,
                                                      const SettlementInputs& in, TimePoint now);

// The calendar days that ended at or before `now` (their details are produced at the next local
// midnight) and were not returned before; days without transactions are skipped.
[[nodiscard]] std::vector<TransactionDay> transaction_details_due(const MerchantState& m, SettlementBook& book,
                                                                  const SettlementInputs& in, TimePoint now);

}  // namespace antom::state
