#pragma once
// Money settled in another currency: a merchant's contract (its settlement currencies), an FX
// table on the virtual clock, and the quote and gross settlement amount Antom returns
// (grossSettlementAmount, settlementQuote). Values only; a later settlement report reuses them.
// Defaults and rounding: docs/fidelity.md, "Settlement currency".
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "state/money.hpp"
#include "state/result_code.hpp"
#include "state/time.hpp"

namespace antom::state {

// Rates are units of a currency per 1 USD, scaled by 1e6; a change takes effect at `from` on the
// virtual clock, so earlier payments keep the rate of their time.
inline constexpr std::int64_t kRateScale = 1'000'000;
// quotePrice carries 8 decimals; the gross amount is computed from it, so a merchant who
// multiplies gets the same figure.
inline constexpr std::int64_t kPriceScale = 100'000'000;

class FxTable {
 public:
  FxTable();  // antom-sim's deterministic defaults, effective from the epoch
  // Units of `currency` per USD at `at`, scaled by kRateScale; nullopt when unknown.
  [[nodiscard]] std::optional<std::int64_t> per_usd(std::string_view currency, TimePoint at) const;
  void set(std::string currency, std::int64_t per_usd_scaled, TimePoint from);
  // Every currency's rate at `at`.
  [[nodiscard]] std::map<std::string, std::int64_t, std::less<>> rates_at(TimePoint at) const;
  // Every rate with the time it takes effect, by currency (a snapshot's export).
  [[nodiscard]] const std::map<std::string, std::map<TimePoint, std::int64_t>, std::less<>>& all() const { return rates_; }

 private:
  std::map<std::string, std::map<TimePoint, std::int64_t>, std::less<>> rates_;
};

struct SettlementQuote {
  std::string quote_id;
  std::string pair;            // "PHP/USD": transaction currency / settlement currency
  std::int64_t price = 0;      // settlement units per transaction unit, scaled by kPriceScale
  TimePoint start{};
  TimePoint expiry{};
};

struct Settlement {
  Money gross;                 // grossSettlementAmount
  SettlementQuote quote;       // settlementQuote
};

// "0.01724138": a scaled price as Antom's decimal string.
[[nodiscard]] std::string format_price(std::int64_t price);

// `amount` in `to`, at the table's rate at `at`, rounded half up to `to`'s minor units; nullopt
// when a currency is unknown or the amount overflows.
[[nodiscard]] std::optional<Settlement> settle(const FxTable& fx, const Money& amount, std::string_view to,
                                               std::string quote_id, TimePoint at);

// A merchant's contract: the currencies it settles in (empty = the transaction currency).
struct Contract {
  std::vector<std::string> settlement_currencies;
};

// The settlement currency of a payment: the one asked for (settlementStrategy.settlementCurrency),
// else the contract's only one; "" = the payment's own currency. INVALID_CONTRACT when the one
// asked for is not in the contract, or the contract has several and none was asked for.
struct SettlementChoice {
  std::optional<Result> refused;
  std::string currency;
};
[[nodiscard]] SettlementChoice choose_settlement_currency(const Contract& contract, std::string_view requested,
                                                          std::string_view payment_currency);

}  // namespace antom::state
