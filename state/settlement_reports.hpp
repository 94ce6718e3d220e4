#pragma once
// Antom's three reconciliation files as bytes: transaction details (one per day), settlement
// details and settlement summary (one each per batch), with their SFTP paths
// (/v1/settlements/<customerId>/<date>/<name>). Layout of the Auto Debit era: header line, one
// record per line, "<END>", amounts in minor units, datetimes with the merchant's offset.
// Antom: https://global.alipay.com/docs/ac/ams/transactionitems_online,
// https://global.alipay.com/docs/ac/ams/settlementitems_online,
// https://docs.antom.com/ac/autodebitpay/settlementsummary.
#include <string>
#include <string_view>

#include "state/settlement_book.hpp"
#include "state/settlement_contract.hpp"
#include "state/settlement_ledger.hpp"

namespace antom::state {

inline constexpr std::string_view kTransactionItemsHeader =
    "customerId,referenceMerchantId,referenceStoreId,transactionId,originalTransactionId,transactionRequestId,"
    "referenceTransactionId,orderDescription,paymentMethodType,pspName,transactionType,paymentTime,productCode,"
    "transactionAmountValue,transactionCurrency";
inline constexpr std::string_view kSettlementItemsHeader =
    "settlementBatchId,customerId,referenceMerchantId,referenceStoreId,transactionId,originalTransactionId,"
    "transactionRequestId,referenceTransactionId,paymentMethodType,pspName,transactionType,paymentTime,"
    "settlementTime,productCode,transactionAmountValue,transactionCurrency,settlementAmountValue,"
    "settlementCurrency,quoteCurrencyPair,quotePrice,feeAmountValue,feeCurrency,nonGuaranteeCouponValue,"
    "nonGuaranteeCouponCurrency";
inline constexpr std::string_view kSettlementSummaryHeader =
    "settlementBatchId,customerId,acquirer,summaryType,settlementTime,count,settlementAmountValue,"
    "settlementCurrency,feeAmountValue,feeCurrency,processingFeeAmountValue,processingFeeCurrency,"
    "nonGuaranteeCouponValue,nonGuaranteeCouponCurrency,disputeHandlingFee,disputeHandlingFeeCurrency,"
    "disputeReverseFee,disputeReverseFeeCurrency,interchangeFeeAmountValue,interchangeFeeCurrency,"
    "schemeFeeAmountValue,schemeFeeCurrency,acquirerMarkupAmountValue,acquirerMarkupCurrency";

// A CSV field: as is, or in double quotes (quotes doubled) when it holds a comma, quote or line
// break, so a merchant's orderDescription cannot shift the columns.
void append_csv_field(std::string& out, std::string_view field);

[[nodiscard]] ReportFile transaction_details_file(const SettlementContract& c, const TransactionDay& day);
[[nodiscard]] ReportFile settlement_details_file(const SettlementContract& c, const SettlementBatch& batch);
[[nodiscard]] ReportFile settlement_summary_file(const SettlementContract& c, const SettlementBatch& batch);

// How long produced files are kept (Antom: files older than 7 days may be deleted from SFTP).
inline constexpr std::chrono::days kReportRetention{7};

// Producing the files in three steps, so that rendering runs outside the merchant's lock:
// take_due_reports (under the lock: what is due by `now`, moving the book on), render_reports
// (anywhere: transaction details first, then each batch's details and summary; an empty cycle
// has a summary only), keep_reports (under the lock: adds them and drops files produced more
// than kReportRetention before `now`).
struct DueReports {
  std::vector<TransactionDay> days;
  std::vector<SettlementBatch> batches;
};
[[nodiscard]] DueReports take_due_reports(MerchantState& m, const SettlementInputs& in, TimePoint now);
// take_due_reports for a run (settle_now): today's open business day closes at `now` too.
[[nodiscard]] DueReports take_run_reports(MerchantState& m, const SettlementInputs& in, TimePoint now);
[[nodiscard]] std::vector<ReportFile> render_reports(const SettlementContract& c, const DueReports& due);
std::size_t keep_reports(MerchantState& m, std::vector<ReportFile> files, TimePoint now);  // how many added
// The three in one call; returns how many files were added.
std::size_t produce_reports(MerchantState& m, const SettlementInputs& in, TimePoint now);

}  // namespace antom::state
