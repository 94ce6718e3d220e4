// Settlement values: the FX table on the virtual clock, quotes, rounding per minor units, and the
// choice of settlement currency from the contract.
#include <doctest/doctest.h>

#include "state/settlement.hpp"
#include "tests/state/state_test_bed.hpp"

using namespace antom::state;
using namespace std::chrono_literals;

TEST_CASE("settle converts at the rate of its time, rounds half up to the target's minor units") {
  FxTable fx;
  auto s = settle(fx, Money{29900, "PHP"}, "USD", "q1", test::kT0);
  REQUIRE(s);
  CHECK(s->gross == Money{516, "USD"});
  CHECK(format_price(s->quote.price) == "0.01724138");
  CHECK(s->quote.pair == "PHP/USD");
  CHECK(s->quote.quote_id == "q1");
  CHECK(s->quote.expiry == s->quote.start + 24h);
  // Half up: 29 PHP-cents at 0.02 USD per PHP is 0.58 cents -> 1 cent; 24 -> 0.48 -> 0.
  fx.set("PHP", 50'000'000, test::kT0 + 1h);
  CHECK(settle(fx, Money{25, "PHP"}, "USD", "", test::kT0 + 1h)->gross.value == 1);
  CHECK(settle(fx, Money{24, "PHP"}, "USD", "", test::kT0 + 1h)->gross.value == 0);
  // Before the change the old rate holds.
  CHECK(settle(fx, Money{29900, "PHP"}, "USD", "", test::kT0 + 59min)->gross.value == 516);
  // Zero-decimal targets and sources.
  CHECK(settle(fx, Money{15000, "JPY"}, "USD", "", test::kT0)->gross == Money{10000, "USD"});
  CHECK(settle(fx, Money{100, "USD"}, "KRW", "", test::kT0)->gross == Money{1400, "KRW"});
  // Unknown currencies and overflow give nothing.
  CHECK_FALSE(settle(fx, Money{100, "PHP"}, "XXX", "", test::kT0));
  CHECK_FALSE(settle(fx, Money{9'000'000'000'000'000'000, "USD"}, "IDR", "", test::kT0));
  CHECK(format_price(100'000'000) == "1.0");
  CHECK(format_price(258'620'690) == "2.5862069");
}

TEST_CASE("the settlement currency: asked for, the contract's only one, or refused") {
  CHECK(choose_settlement_currency({}, "", "PHP").currency.empty());
  CHECK(choose_settlement_currency({}, "USD", "PHP").currency == "USD");
  CHECK(choose_settlement_currency({{"USD"}}, "", "PHP").currency == "USD");
  CHECK(choose_settlement_currency({{"USD"}}, "", "USD").currency.empty());  // same currency
  CHECK(choose_settlement_currency({{"USD"}}, "SGD", "PHP").refused->code == ResultCode::INVALID_CONTRACT);
  CHECK(choose_settlement_currency({{"USD", "SGD"}}, "", "PHP").refused->code == ResultCode::INVALID_CONTRACT);
  CHECK(choose_settlement_currency({{"USD", "SGD"}}, "SGD", "PHP").currency == "SGD");
}
