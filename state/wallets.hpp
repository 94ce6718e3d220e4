#pragma once
// The Auto Debit payment methods as data: amounts, windows and the after-payment rules of each
// method, from its Antom payment-method page (the URL is in each row). Antom publishes no token
// lifetimes; where it is silent the defaults below are antom-sim's choice (docs/fidelity.md says
// which), and every number can be changed at run time through /_sim/wallets.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace antom::state {

struct WalletSpec {
  std::string code;          // customerBelongsTo and paymentMethodType
  std::string display_name;  // shown on the wallet page
  std::string psp_name;      // pspCustomerInfo.pspName
  std::string region;        // ISO 3166 alpha-2
  std::vector<std::string> currencies;  // accepted payment currencies, first = home currency
  bool supports_refresh = true;
  std::chrono::seconds auth_code_ttl{600};
  std::chrono::seconds access_token_ttl{30 * 24 * 3600};
  std::chrono::seconds refresh_token_ttl{365 * 24 * 3600};
  std::int64_t min_payment_minor = 1;  // in the home currency's minor units
  std::int64_t min_refund_minor = 1;
  int refund_window_days = 365;
  std::int64_t default_balance_minor = 0;  // a new buyer's balance in the home currency
  std::string brand_color;   // wallet page styling
  bool published_minimum = false;  // true when the minimum comes from Antom's docs
  // Caps in the home currency's minor units; 0 = none published (antom-sim's contract cap applies).
  std::int64_t max_payment_minor = 0;  // per payment: PAYMENT_AMOUNT_EXCEED_LIMIT
  std::int64_t daily_max_minor = 0;    // per buyer and GMT+8 day: USER_AMOUNT_EXCEED_LIMIT
  // After a payment: what the method allows.
  bool cancel_after_success = true;     // cancel reverses a SUCCESS payment (else only before it completes)
  bool refund_supported = true;         // else refund answers PAYMENT_METHOD_NOT_SUPPORTED
  bool partial_refund = true;           // else PARTIAL_REFUND_NOT_SUPPORTED
  bool multiple_refunds = true;         // else MULTIPLE_REFUNDS_NOT_SUPPORTED
  bool wallet_side_cancel = false;      // the buyer can end the authorization in the wallet app
  bool wallet_side_cancel_notifies = false;  // and Antom then sends TOKEN_CANCELED
  std::string source;                   // Antom's page the figures come from ("" = antom-sim's choice)
};

// Antom's defaults, in a fixed order (the README table follows it).
[[nodiscard]] const std::vector<WalletSpec>& default_wallets();

class WalletTable {
 public:
  WalletTable();
  [[nodiscard]] const WalletSpec* find(std::string_view code) const;
  [[nodiscard]] WalletSpec* find(std::string_view code);
  [[nodiscard]] const std::vector<WalletSpec>& all() const { return wallets_; }

 private:
  std::vector<WalletSpec> wallets_;
};

// Decimal places of an ISO 4217 currency as Antom counts them (IDR has 2); -1 when unknown.
[[nodiscard]] int currency_decimals(std::string_view currency);

}  // namespace antom::state
