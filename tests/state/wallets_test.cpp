// The Auto Debit wallet table: every row is usable by consult, applyToken and pay.
#include <doctest/doctest.h>

#include <set>

#include "state/wallets.hpp"

using namespace antom::state;

TEST_CASE("the wallet table has Antom's Auto Debit methods, each complete and unique") {
  WalletTable table;
  CHECK(table.all().size() == 19);  // 18 methods, GrabPay split into MY and SG
  std::set<std::string> codes;
  for (const WalletSpec& w : table.all()) {
    CAPTURE(w.code);
    CHECK(codes.insert(w.code).second);
    CHECK(table.find(w.code) == &w);
    CHECK_FALSE(w.display_name.empty());
    CHECK_FALSE(w.psp_name.empty());
    CHECK(w.region.size() == 2);
    REQUIRE_FALSE(w.currencies.empty());
    for (const auto& c : w.currencies) CHECK(currency_decimals(c) >= 0);
    CHECK(w.brand_color.size() == 7);
    CHECK(w.auth_code_ttl.count() > 0);
    CHECK(w.access_token_ttl > w.auth_code_ttl);
    if (w.supports_refresh) CHECK(w.refresh_token_ttl > w.access_token_ttl);
    CHECK(w.min_payment_minor > 0);
  }
  for (const char* code : {"ALIPAY_CN", "ALIPAY_HK", "GCASH", "DANA", "TNG", "KAKAOPAY", "TRUEMONEY", "GRABPAY_MY",
                           "GRABPAY_SG", "MAYA", "PAYPAY", "KPLUS", "DIRECT_DEBIT_KRUNGTHAIBANK"})
    CHECK(table.find(code) != nullptr);
  CHECK(table.find("GRABPAY_ID") == nullptr);  // no Antom value exists
  CHECK(table.find("gcash") == nullptr);       // codes are exact
}

TEST_CASE("Zalopay has no token refresh; the table is a copy that can be changed") {
  WalletTable table;
  CHECK_FALSE(table.find("ZALOPAY")->supports_refresh);
  table.find("GCASH")->supports_refresh = false;
  CHECK_FALSE(table.find("GCASH")->supports_refresh);
  CHECK(WalletTable{}.find("GCASH")->supports_refresh);  // defaults untouched
}
