#include "state/buyers.hpp"

namespace antom::state {

std::int64_t gmt8_day(TimePoint t) {
  const auto ms = to_epoch_ms(t) + std::int64_t{8} * 3600 * 1000;
  constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;
  return ms >= 0 ? ms / kDayMs : (ms - kDayMs + 1) / kDayMs;
}

Buyer& BuyerBook::get(std::string_view buyer_id, const WalletSpec& wallet) {
  auto it = buyers_.find(buyer_id);
  if (it == buyers_.end()) {
    Buyer b;
    b.wallet = wallet.code;
    it = buyers_.emplace(std::string(buyer_id), std::move(b)).first;
  }
  return it->second;
}

Buyer* BuyerBook::find(std::string_view buyer_id) {
  auto it = buyers_.find(buyer_id);
  return it == buyers_.end() ? nullptr : &it->second;
}

Purse& purse_of(Buyer& buyer, std::string_view currency, const WalletSpec& wallet) {
  auto it = buyer.purses.find(currency);
  if (it == buyer.purses.end()) {
    // Every currency the wallet accepts starts with the wallet's default number of minor units.
    it = buyer.purses.emplace(std::string(currency), Purse{wallet.default_balance_minor, 0}).first;
  }
  return it->second;
}

namespace {
void roll_day(Buyer& buyer, TimePoint now) {
  const auto day = gmt8_day(now);
  if (buyer.day == day) return;
  buyer.day = day;
  buyer.payments_today = 0;
  for (auto& [currency, purse] : buyer.purses) purse.spent_today = 0;
}
}  // namespace

ResultCode check_debit(Buyer& buyer, const WalletSpec& wallet, std::string_view currency, std::int64_t amount,
                       TimePoint now) {
  roll_day(buyer, now);
  Purse& purse = purse_of(buyer, currency, wallet);
  // The method's published caps are in its home currency; without one, antom-sim's contract cap.
  const bool home = !wallet.currencies.empty() && wallet.currencies.front() == currency;
  if (home && wallet.max_payment_minor > 0) {
    if (amount > wallet.max_payment_minor) return ResultCode::PAYMENT_AMOUNT_EXCEED_LIMIT;
  } else if (wallet.default_balance_minor > 0 && amount > kContractMaxFactor * wallet.default_balance_minor) {
    return ResultCode::PAYMENT_AMOUNT_EXCEED_LIMIT;
  }
  if (home && wallet.daily_max_minor > 0 && purse.spent_today + amount > wallet.daily_max_minor)
    return ResultCode::USER_AMOUNT_EXCEED_LIMIT;
  if (buyer.single_limit && amount > *buyer.single_limit) return ResultCode::USER_AMOUNT_EXCEED_LIMIT;
  if (buyer.daily_limit && purse.spent_today + amount > *buyer.daily_limit) return ResultCode::USER_AMOUNT_EXCEED_LIMIT;
  if (buyer.daily_count_limit && buyer.payments_today >= *buyer.daily_count_limit) return ResultCode::PAYMENT_COUNT_EXCEED_LIMIT;
  if (purse.balance < amount) return ResultCode::USER_BALANCE_NOT_ENOUGH;
  return ResultCode::SUCCESS;
}

void debit(Buyer& buyer, const WalletSpec& wallet, std::string_view currency, std::int64_t amount, TimePoint now) {
  roll_day(buyer, now);
  Purse& purse = purse_of(buyer, currency, wallet);
  purse.balance -= amount;
  purse.spent_today += amount;
  ++buyer.payments_today;
}

void credit(BuyerBook& buyers, std::string_view buyer_id, std::string_view currency, std::int64_t amount) {
  Buyer* buyer = buyers.find(buyer_id);
  if (buyer == nullptr) return;  // only reachable for payments that never debited anyone
  auto it = buyer->purses.find(currency);
  if (it == buyer->purses.end()) it = buyer->purses.emplace(std::string(currency), Purse{}).first;
  it->second.balance += amount;
}

}  // namespace antom::state
