#pragma once
// A merchant's settlement contract with Antom: when its funds settle (a cycle of T+N days with a
// cut-off hour in the merchant's time zone), in which currencies, and the fees Antom keeps per
// payment method. Values only; the ledger (state/settlement_ledger.hpp) applies them.
// Antom: https://docs.antom.com/ac/reconcile/settlement_details (settlement cycle and fees).
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "state/status.hpp"
#include "state/time.hpp"

namespace antom::state {

// Transactions of one business day (from cut_off_hour to the next day's cut_off_hour, local
// time) settle `days` days after that day started: T+1 settles at the day's end.
struct SettlementCycle {
  int days = 1;
  int cut_off_hour = 0;
  int offset_minutes = kDefaultOffsetMinutes;  // the merchant's time zone, as a UTC offset
};

// Antom's fee on a payment in the settlement currency: a percentage (basis points, 1/100 of a
// percent) of the settled amount, plus a fixed amount in the settlement currency's minor units.
struct Fee {
  std::int64_t percent_bp = 0;
  std::int64_t fixed_minor = 0;
};

// How the settlement files of one batch are named (Antom's three variants, see
// https://docs.antom.com/ac/reconcile/settlement_summary): one file for all methods, the
// Alipay+ "CONNECTWALLET" file, or one batch and file per payment method.
enum class ReportNaming : std::uint8_t { Combined, ConnectWallet, PerPaymentMethod };

struct SettlementContract {
  std::string customer_id = "2188120000000001";  // customerId in the reports and their paths
  std::string acquirer = "Alipay_SG";
  std::vector<std::string> settlement_currencies;  // empty = each transaction's own currency
  SettlementCycle cycle;
  Fee default_fee{200, 0};                       // 2.00 %: antom-sim's choice, not a published rate
  std::map<std::string, Fee, std::less<>> fees;  // per paymentMethodType, overrides default_fee
  bool refund_fee_returned = true;  // a refund (or cancel) gives back its share of the fee
  bool empty_cycle_summary = true;  // a cycle without transactions still gets a zero summary
  ReportNaming naming = ReportNaming::Combined;
};

// Refused with the field named: an unknown currency, a negative or over-100 % fee, a cycle or
// cut-off out of range, an empty or non-numeric customerId.
[[nodiscard]] Status validate(const SettlementContract& c);

[[nodiscard]] const Fee& fee_for(const SettlementContract& c, std::string_view payment_method);

// The fee charged on `settled` minor units: percent rounded half up, plus the fixed part.
[[nodiscard]] std::int64_t fee_amount(const Fee& f, std::int64_t settled);
// The percentage part alone, the share a refund of `settled` gives back.
[[nodiscard]] std::int64_t fee_percent_part(const Fee& f, std::int64_t settled);

// The business day `t` belongs to (local date of t minus the cut-off hour).
[[nodiscard]] std::chrono::sys_days business_day(const SettlementCycle& c, TimePoint t);
// When business day `d` starts (UTC instant) and when it settles.
[[nodiscard]] TimePoint business_day_start(const SettlementCycle& c, std::chrono::sys_days d);
[[nodiscard]] TimePoint settles_at(const SettlementCycle& c, std::chrono::sys_days d);

}  // namespace antom::state
