#include "state/settlement_contract.hpp"

#include "state/wallets.hpp"

namespace antom::state {
namespace {

Status check_fee(const Fee& f, const std::string& field) {
  if (f.percent_bp < 0 || f.percent_bp > 10'000)
    return Status::refused(field + ".percentBasisPoints must be between 0 and 10000 (100 %).");
  if (f.fixed_minor < 0 || f.fixed_minor > 1'000'000'000'000)
    return Status::refused(field + ".fixed must be between 0 and 10^12 minor units.");
  return {};
}

}  // namespace

Status validate(const SettlementContract& c) {
  if (c.customer_id.empty() || c.customer_id.size() > 64 ||
      c.customer_id.find_first_not_of("0123456789") != std::string::npos)
    return Status::refused("customerId must be 1 to 64 digits.");
  if (c.acquirer.empty() || c.acquirer.size() > 64) return Status::refused("acquirer must be 1 to 64 characters.");
  for (const auto& ccy : c.settlement_currencies)
    if (currency_decimals(ccy) < 0) return Status::refused("settlementCurrencies: unknown currency '" + ccy + "'.");
  if (c.cycle.days < 1 || c.cycle.days > 30) return Status::refused("cycle.days must be between 1 and 30 (T+1 to T+30).");
  if (c.cycle.cut_off_hour < 0 || c.cycle.cut_off_hour > 23)
    return Status::refused("cycle.cutOffHour must be between 0 and 23.");
  if (c.cycle.offset_minutes < -12 * 60 || c.cycle.offset_minutes > 14 * 60)
    return Status::refused("cycle.timeZoneOffsetMinutes must be between -720 and 840.");
  if (auto s = check_fee(c.default_fee, "fees.default"); !s.ok()) return s;
  for (const auto& [method, fee] : c.fees) {
    if (method.empty() || method.size() > 64) return Status::refused("fees: a payment method must be 1 to 64 characters.");
    if (auto s = check_fee(fee, "fees." + method); !s.ok()) return s;
  }
  return {};
}

const Fee& fee_for(const SettlementContract& c, std::string_view payment_method) {
  const auto it = c.fees.find(payment_method);
  return it == c.fees.end() ? c.default_fee : it->second;
}

std::int64_t fee_percent_part(const Fee& f, std::int64_t settled) {
  const __int128 v = static_cast<__int128>(settled < 0 ? -settled : settled) * f.percent_bp;
  return static_cast<std::int64_t>((v * 2 + 10'000) / 20'000);  // half up
}

std::int64_t fee_amount(const Fee& f, std::int64_t settled) { return fee_percent_part(f, settled) + f.fixed_minor; }

std::chrono::sys_days business_day(const SettlementCycle& c, TimePoint t) {
  using namespace std::chrono;
  return floor<days>(t + minutes{c.offset_minutes} - hours{c.cut_off_hour});
}

TimePoint business_day_start(const SettlementCycle& c, std::chrono::sys_days d) {
  using namespace std::chrono;
  return TimePoint{d} + hours{c.cut_off_hour} - minutes{c.offset_minutes};
}

TimePoint settles_at(const SettlementCycle& c, std::chrono::sys_days d) {
  return business_day_start(c, d) + std::chrono::days{c.days};
}

}  // namespace antom::state
