// The settlement contract: its defaults, the refusals naming the field, the fee arithmetic and
// where the cut-off puts a transaction on the settlement calendar.
#include <doctest/doctest.h>

#include "state/settlement_contract.hpp"

using namespace antom::state;
using namespace std::chrono_literals;

TEST_CASE("the default contract is valid: T+1, midnight GMT+8, 2 % fee returned on refunds") {
  const SettlementContract c;
  CHECK(validate(c).ok());
  CHECK(c.cycle.days == 1);
  CHECK(c.cycle.cut_off_hour == 0);
  CHECK(c.cycle.offset_minutes == 480);
  CHECK(fee_for(c, "GCASH").percent_bp == 200);
  CHECK(c.refund_fee_returned);
}

TEST_CASE("validation refuses a contract naming the field at fault") {
  const auto reason = [](auto change) {
    SettlementContract c;
    change(c);
    const Status s = validate(c);
    return s.reason();
  };
  CHECK(reason([](auto& c) { c.settlement_currencies = {"USD", "XYZ"}; }).find("unknown currency 'XYZ'") != std::string::npos);
  CHECK(reason([](auto& c) { c.default_fee.percent_bp = -1; }).find("fees.default.percentBasisPoints") == 0);
  CHECK(reason([](auto& c) { c.fees["GCASH"] = Fee{10, -5}; }).find("fees.GCASH.fixed") == 0);
  CHECK(reason([](auto& c) { c.fees["GCASH"] = Fee{10'001, 0}; }).find("fees.GCASH.percentBasisPoints") == 0);
  CHECK(reason([](auto& c) { c.fees[""] = Fee{}; }).find("fees:") == 0);
  CHECK(reason([](auto& c) { c.cycle.days = 0; }).find("cycle.days") == 0);
  CHECK(reason([](auto& c) { c.cycle.cut_off_hour = 24; }).find("cycle.cutOffHour") == 0);
  CHECK(reason([](auto& c) { c.cycle.offset_minutes = 15 * 60; }).find("cycle.timeZoneOffsetMinutes") == 0);
  CHECK(reason([](auto& c) { c.customer_id = "21881x"; }).find("customerId") == 0);
  CHECK(reason([](auto& c) { c.customer_id.clear(); }).find("customerId") == 0);
  CHECK(reason([](auto& c) { c.acquirer.clear(); }).find("acquirer") == 0);
}

TEST_CASE("fees: percent rounded half up plus the fixed part; a method's fee overrides the default") {
  SettlementContract c;
  c.fees["KAKAOPAY"] = Fee{345, 0};
  CHECK(fee_amount(fee_for(c, "KAKAOPAY"), 1450) == 50);  // 50.025
  CHECK(fee_percent_part(fee_for(c, "KAKAOPAY"), -725) == 25);  // the sign is the caller's
  CHECK(fee_amount(Fee{200, 30}, 535) == 41);  // 10.7 -> 11, + 30
  CHECK(fee_amount(Fee{200, 0}, 25) == 1);   // 0.5 -> 1
  CHECK(fee_amount(Fee{200, 0}, 24) == 0);   // 0.48 -> 0
  CHECK(fee_amount(Fee{10'000, 0}, 9'000'000'000'000'000'000) == 9'000'000'000'000'000'000);  // no overflow
}

TEST_CASE("the cut-off hour in the merchant's zone decides the business day and when it settles") {
  SettlementCycle c{2, 10, 8 * 60 + 30};
  const auto day = [&](const char* t) { return business_day(c, *parse_iso8601(t)); };
  CHECK(day("2018-12-25T09:59:59+08:30") == std::chrono::sys_days{std::chrono::year{2018} / 12 / 24});
  CHECK(day("2018-12-25T10:00:00+08:30") == std::chrono::sys_days{std::chrono::year{2018} / 12 / 25});
  const auto d = day("2018-12-25T23:00:00+08:30");
  CHECK(format_iso8601(business_day_start(c, d), c.offset_minutes) == "2018-12-25T10:00:00+08:30");
  CHECK(format_iso8601(settles_at(c, d), c.offset_minutes) == "2018-12-27T10:00:00+08:30");  // T+2
  c.days = 1;
  CHECK(format_iso8601(settles_at(c, d), c.offset_minutes) == "2018-12-26T10:00:00+08:30");
  // A zone west of UTC: 2018-12-25T20:00-05:00 is the 26th in UTC but the 25th locally.
  SettlementCycle west{1, 0, -5 * 60};
  CHECK(business_day(west, *parse_iso8601("2018-12-25T20:00:00-05:00")) ==
        std::chrono::sys_days{std::chrono::year{2018} / 12 / 25});
}
