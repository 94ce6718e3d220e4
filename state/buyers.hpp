#pragma once
// The simulated wallet users behind access tokens: a balance per currency and the limits a wallet
// enforces, so USER_BALANCE_NOT_ENOUGH and the limit codes arise from state. A buyer appears on
// first use with the wallet's default balance; /_sim/buyers reads and changes them.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "state/result_code.hpp"
#include "state/time.hpp"
#include "state/wallets.hpp"

namespace antom::state {

// antom-sim's defaults where Antom publishes nothing (README lists them).
inline constexpr int kDefaultDailyPaymentCount = 100;
inline constexpr std::int64_t kContractMaxFactor = 50;  // max payment = 50 x default balance

struct Purse {
  std::int64_t balance = 0;
  std::int64_t spent_today = 0;  // successful payments on `day`, minor units
};

struct Buyer {
  std::string wallet;
  std::map<std::string, Purse, std::less<>> purses;   // by currency
  std::optional<std::int64_t> single_limit;           // per payment, USER_AMOUNT_EXCEED_LIMIT
  std::optional<std::int64_t> daily_limit;            // per GMT+8 day and currency, same code
  std::optional<int> daily_count_limit = kDefaultDailyPaymentCount;  // PAYMENT_COUNT_EXCEED_LIMIT; nullopt = none
  std::int64_t day = -1;                              // GMT+8 day number of the counters
  int payments_today = 0;
};

class BuyerBook {
 public:
  // The buyer, created with the wallet's default balance on first use.
  Buyer& get(std::string_view buyer_id, const WalletSpec& wallet);
  [[nodiscard]] Buyer* find(std::string_view buyer_id);
  [[nodiscard]] const std::map<std::string, Buyer, std::less<>>& all() const { return buyers_; }
  // A snapshot's import; false when the id is taken.
  bool put(std::string buyer_id, Buyer buyer) { return buyers_.emplace(std::move(buyer_id), std::move(buyer)).second; }

 private:
  std::map<std::string, Buyer, std::less<>> buyers_;
};

// The purse for a currency, opened with the wallet's default balance on first use.
Purse& purse_of(Buyer& buyer, std::string_view currency, const WalletSpec& wallet);

// Checks the wallet's and the buyer's rules for a debit; SUCCESS when it may go through.
[[nodiscard]] ResultCode check_debit(Buyer& buyer, const WalletSpec& wallet, std::string_view currency,
                                     std::int64_t amount, TimePoint now);
// Takes the money and counts the payment for today's limits.
void debit(Buyer& buyer, const WalletSpec& wallet, std::string_view currency, std::int64_t amount, TimePoint now);
// Gives money back (cancel, refund, a failed settlement); the purse was opened by the debit.
void credit(BuyerBook& buyers, std::string_view buyer_id, std::string_view currency, std::int64_t amount);

// Day number in GMT+8, the day Antom's windows count in.
[[nodiscard]] std::int64_t gmt8_day(TimePoint t);

}  // namespace antom::state
