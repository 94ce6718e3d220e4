#include "state/settlement.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>

#include "state/wallets.hpp"

namespace antom::state {
namespace {

struct DefaultRate {
  std::string_view currency;
  std::int64_t per_usd;  // scaled by kRateScale
};
// antom-sim's deterministic defaults (not market rates): round figures, the same ones the wallet
// balances use ("roughly USD 1,000"), CNY as the customs rate.
constexpr DefaultRate kDefaults[] = {
    {"USD", 1'000'000},        {"CNY", 7'200'000},       {"HKD", 7'800'000},   {"MYR", 4'500'000},
    {"IDR", 16'000'000'000},   {"PHP", 58'000'000},      {"KRW", 1'400'000'000}, {"THB", 35'000'000},
    {"VND", 25'000'000'000},   {"SGD", 1'300'000},       {"JPY", 150'000'000}, {"EUR", 920'000},
    {"GBP", 790'000},          {"TWD", 32'000'000},      {"AUD", 1'500'000},   {"NZD", 1'650'000},
    {"CAD", 1'350'000},        {"BRL", 5'000'000},       {"MXN", 17'000'000},  {"PKR", 280'000'000},
    {"BDT", 110'000'000},      {"PLN", 4'000'000},       {"PEN", 3'750'000},   {"CLP", 900'000'000},
};

std::int64_t pow10(int n) {
  std::int64_t v = 1;
  while (n-- > 0) v *= 10;
  return v;
}

// round(num / den), half away from zero, for non-negative num and positive den.
__int128 round_div(__int128 num, __int128 den) { return (num * 2 + den) / (den * 2); }

}  // namespace

FxTable::FxTable() {
  for (const auto& d : kDefaults) rates_[std::string(d.currency)][TimePoint{}] = d.per_usd;
}

std::optional<std::int64_t> FxTable::per_usd(std::string_view currency, TimePoint at) const {
  const auto it = rates_.find(currency);
  if (it == rates_.end()) return std::nullopt;
  auto r = it->second.upper_bound(at);  // first change after `at`
  if (r == it->second.begin()) return std::nullopt;
  return std::prev(r)->second;
}

void FxTable::set(std::string currency, std::int64_t per_usd_scaled, TimePoint from) {
  rates_[std::move(currency)][from] = per_usd_scaled;
}

std::map<std::string, std::int64_t, std::less<>> FxTable::rates_at(TimePoint at) const {
  std::map<std::string, std::int64_t, std::less<>> out;
  for (const auto& [currency, changes] : rates_)
    if (auto r = per_usd(currency, at)) out.emplace(currency, *r);
  return out;
}

std::string format_price(std::int64_t price) {
  std::string whole = std::to_string(price / kPriceScale);
  std::string frac = std::to_string(price % kPriceScale);
  frac.insert(0, 8 - frac.size(), '0');
  while (frac.size() > 1 && frac.back() == '0') frac.pop_back();
  return whole + "." + frac;
}

std::optional<Settlement> settle(const FxTable& fx, const Money& amount, std::string_view to, std::string quote_id,
                                 TimePoint at) {
  const int from_dec = currency_decimals(amount.currency);
  const int to_dec = currency_decimals(to);
  const auto from_rate = fx.per_usd(amount.currency, at);
  const auto to_rate = fx.per_usd(to, at);
  if (from_dec < 0 || to_dec < 0 || !from_rate || !to_rate || *from_rate <= 0 || amount.value < 0) return std::nullopt;
  // Settlement units per transaction unit, then the gross amount from that printed price.
  const auto price = static_cast<std::int64_t>(round_div(static_cast<__int128>(*to_rate) * kPriceScale, *from_rate));
  const __int128 gross = round_div(static_cast<__int128>(amount.value) * price * pow10(to_dec),
                                   static_cast<__int128>(kPriceScale) * pow10(from_dec));
  if (gross > INT64_MAX) return std::nullopt;
  Settlement s;
  s.gross = Money{static_cast<std::int64_t>(gross), std::string(to)};
  s.quote.quote_id = std::move(quote_id);
  s.quote.pair = amount.currency + "/" + std::string(to);
  s.quote.price = price;
  s.quote.start = at;
  s.quote.expiry = at + std::chrono::hours(24);
  return s;
}

SettlementChoice choose_settlement_currency(const Contract& contract, std::string_view requested,
                                            std::string_view payment_currency) {
  const auto& list = contract.settlement_currencies;
  SettlementChoice out;
  if (!requested.empty()) {
    if (!list.empty() && std::find(list.begin(), list.end(), requested) == list.end()) {
      out.refused = make_result(ResultCode::INVALID_CONTRACT, "settlementStrategy.settlementCurrency " +
                                                                  std::string(requested) +
                                                                  " is not a settlement currency of the contract.");
      return out;
    }
    out.currency = std::string(requested);
  } else if (list.size() == 1) {
    out.currency = list.front();
  } else if (list.size() > 1) {
    out.refused = make_result(ResultCode::INVALID_CONTRACT,
                              "The contract settles in several currencies: settlementStrategy.settlementCurrency is required.");
    return out;
  }
  if (out.currency == payment_currency) out.currency.clear();
  return out;
}

}  // namespace antom::state
