#include "state/wallets.hpp"

#include <array>

namespace antom::state {
namespace {

using namespace std::chrono_literals;
constexpr std::chrono::seconds kDay = 24h;

// Figures from the method's Antom page, in the home currency's minor units; 0 = not published.
struct Amounts {
  std::int64_t min_minor;
  std::int64_t max_minor;
  std::int64_t daily_max_minor;
  int refund_days;
};

// What a method allows after a payment.
struct AfterPayment {
  bool cancel_after_success = true;
  bool refund = true;
  bool partial_refund = true;
  bool multiple_refunds = true;
  bool wallet_cancel = false;
  bool wallet_cancel_notifies = false;
};
constexpr AfterPayment kUsual{};
// The buyer can end the authorization in the wallet app, and Antom notifies it (or does not).
// https://docs.antom.com/ac/easypay_zh-cn/revoke and https://docs.antom.com/ac/easypay/revoke
constexpr AfterPayment kWalletCancelNotifies{true, true, true, true, true, true};
constexpr AfterPayment kWalletCancelSilent{true, true, true, true, true, false};
// Thai bank direct debit: cancel only before the payment completes
// (https://docs.antom.com/ac/ams/paymentc_online), no refund
// (https://docs.antom.com/ac/antomop/kyb, https://docs.antom.com/ac/antomop/scb).
constexpr AfterPayment kThaiBankDebit{false, false, false, false, false, false};

WalletSpec wallet(std::string code, std::string name, std::string psp, std::string region,
                  std::vector<std::string> currencies, Amounts amounts, bool published, AfterPayment after,
                  std::int64_t balance_minor, std::string color, std::string source) {
  WalletSpec w;
  w.code = std::move(code);
  w.display_name = std::move(name);
  w.psp_name = std::move(psp);
  w.region = std::move(region);
  w.currencies = std::move(currencies);
  w.min_payment_minor = amounts.min_minor;
  w.min_refund_minor = amounts.min_minor;
  w.max_payment_minor = amounts.max_minor;
  w.daily_max_minor = amounts.daily_max_minor;
  w.refund_window_days = amounts.refund_days;
  w.published_minimum = published;
  w.cancel_after_success = after.cancel_after_success;
  w.refund_supported = after.refund;
  w.partial_refund = after.partial_refund;
  w.multiple_refunds = after.multiple_refunds;
  w.wallet_side_cancel = after.wallet_cancel;
  w.wallet_side_cancel_notifies = after.wallet_cancel_notifies;
  w.default_balance_minor = balance_minor;
  w.brand_color = std::move(color);
  w.source = std::move(source);
  return w;
}

std::vector<WalletSpec> build_defaults() {
  std::vector<WalletSpec> v;
  // Amounts {min, max per payment, max per day, refund days}; `published` marks a minimum taken
  // from Antom's pages. Balances are antom-sim's choice: roughly USD 1,000 in the home currency.
  // Rows without a page read keep antom-sim's earlier defaults (docs/fidelity.md lists them).
  const std::string pm = "https://docs.antom.com/ac/antomop/";
  const std::string cc = "https://docs.antom.com/ac/ref/cc";
  v.push_back(wallet("ALIPAY_CN", "Alipay", "ALIPAY_CN", "CN", {"CNY"}, {10, 30000000, 0, 365}, true,
                     kWalletCancelNotifies, 700000, "#1677ff", pm + "alipay_cn?platform=auto_debit"));
  v.push_back(wallet("ALIPAY_HK", "AlipayHK", "ALIPAY_HK", "HK", {"HKD"}, {1, 0, 0, 365}, true, kUsual, 800000,
                     "#1677ff", cc));
  v.push_back(wallet("BOOST", "Boost", "BOOST", "MY", {"MYR"}, {5, 0, 0, 365}, true, kWalletCancelNotifies, 450000,
                     "#ee2e24", pm + "boost?platform=auto_debit"));
  v.push_back(wallet("DANA", "DANA", "DANA", "ID", {"IDR"}, {30000, 0, 0, 365}, true, kUsual, 1600000000, "#118eea", cc));
  v.push_back(wallet("GCASH", "GCash", "GCASH", "PH", {"PHP"}, {100, 0, 10000000, 365}, true, kUsual, 5800000,
                     "#007dfe", pm + "gcash?platform=auto_debit"));
  v.push_back(wallet("KAKAOPAY", "KakaoPay", "KAKAOPAY", "KR", {"KRW"}, {50, 0, 0, 365}, true, kUsual, 1400000,
                     "#ffeb00", cc));
  v.push_back(wallet("NAVERPAY", "NAVER Pay", "NAVERPAY", "KR", {"KRW"}, {100, 0, 0, 365}, false, kUsual, 1400000,
                     "#03c75a", ""));
  v.push_back(wallet("RABBIT_LINE_PAY", "Rabbit LINE Pay", "RABBIT_LINE_PAY", "TH", {"THB"}, {1, 5000000, 0, 365}, true,
                     kUsual, 3500000, "#00c300", pm + "rabbitlinepay?platform=auto_debit"));
  v.push_back(wallet("TOSSPAY", "Toss Pay", "TOSSPAY", "KR", {"KRW"}, {100, 0, 0, 365}, false, kUsual, 1400000,
                     "#0064ff", ""));
  v.push_back(wallet("TNG", "Touch 'n Go eWallet", "TNG", "MY", {"MYR"}, {5, 0, 0, 365}, true, kWalletCancelNotifies,
                     450000, "#005abb", cc));
  v.push_back(wallet("TRUEMONEY", "TrueMoney", "TRUEMONEY", "TH", {"THB"}, {100, 3000000, 5000000, 365}, true,
                     kWalletCancelSilent, 3500000, "#ff8300", pm + "truemoney?platform=auto_debit"));
  v.push_back(wallet("ZALOPAY", "Zalopay", "ZALOPAY", "VN", {"VND"}, {1000, 10000000, 20000000, 180}, true, kUsual,
                     25000000, "#0068ff", pm + "zalopay?platform=auto_debit"));
  v.push_back(wallet("DIRECT_DEBIT_KRUNGTHAIBANK", "Krungthai Bank", "KRUNGTHAIBANK", "TH", {"THB"},
                     {100, 200000000, 0, 0}, true, kThaiBankDebit, 3500000, "#00a6e6", pm + "kyb"));
  v.push_back(wallet("DIRECT_DEBIT_SIAMCOMMERCIALBANK", "Siam Commercial Bank", "SIAMCOMMERCIALBANK", "TH", {"THB"},
                     {100, 200000000, 0, 0}, true, kThaiBankDebit, 3500000, "#4e2a84", pm + "scb"));
  v.push_back(wallet("GRABPAY_MY", "GrabPay (MY)", "GRABPAY_MY", "MY", {"MYR"}, {100, 0, 0, 365}, false, kUsual, 450000,
                     "#00b14f", ""));
  v.push_back(wallet("GRABPAY_SG", "GrabPay (SG)", "GRABPAY_SG", "SG", {"SGD"}, {50, 0, 0, 365}, false, kUsual, 130000,
                     "#00b14f", ""));
  v.push_back(wallet("MAYA", "Maya", "MAYA", "PH", {"PHP"}, {100, 0, 0, 365}, false, kUsual, 5800000, "#00d17f", ""));
  v.push_back(wallet("PAYPAY", "PayPay", "PAYPAY", "JP", {"JPY"}, {1, 0, 0, 365}, false, kUsual, 150000, "#ff0033", ""));
  v.push_back(wallet("KPLUS", "K PLUS", "KPLUS", "TH", {"THB"}, {100, 200000000, 0, 365}, true, kUsual, 3500000,
                     "#00a950", pm + "kplus?platform=auto_debit"));
  for (auto& w : v) {
    w.auth_code_ttl = 600s;  // legacy AlipayHK docs: 10 minutes; used for every wallet
    w.access_token_ttl = 30 * kDay;
    w.refresh_token_ttl = 365 * kDay;
  }
  // Antom's methods table: Zalopay has no token refresh, so its access token is long-lived.
  for (auto& w : v)
    if (w.code == "ZALOPAY") {
      w.supports_refresh = false;
      w.access_token_ttl = 365 * kDay;
    }
  return v;
}

struct CurrencyDecimals {
  std::string_view code;
  int decimals;
};
constexpr std::array kCurrencies = {
    CurrencyDecimals{"AUD", 2}, CurrencyDecimals{"BDT", 2}, CurrencyDecimals{"BRL", 2},
    CurrencyDecimals{"CAD", 2}, CurrencyDecimals{"CLP", 0}, CurrencyDecimals{"CNY", 2},
    CurrencyDecimals{"EUR", 2}, CurrencyDecimals{"GBP", 2}, CurrencyDecimals{"HKD", 2},
    CurrencyDecimals{"IDR", 2}, CurrencyDecimals{"JPY", 0}, CurrencyDecimals{"KRW", 0},
    CurrencyDecimals{"MXN", 2}, CurrencyDecimals{"MYR", 2}, CurrencyDecimals{"NZD", 2},
    CurrencyDecimals{"PEN", 2}, CurrencyDecimals{"PHP", 2}, CurrencyDecimals{"PKR", 2},
    CurrencyDecimals{"PLN", 2}, CurrencyDecimals{"SGD", 2}, CurrencyDecimals{"THB", 2},
    CurrencyDecimals{"TWD", 2}, CurrencyDecimals{"USD", 2}, CurrencyDecimals{"VND", 0},
};

}  // namespace

const std::vector<WalletSpec>& default_wallets() {
  static const std::vector<WalletSpec> defaults = build_defaults();
  return defaults;
}

WalletTable::WalletTable() : wallets_(default_wallets()) {}

const WalletSpec* WalletTable::find(std::string_view code) const {
  for (const auto& w : wallets_)
    if (w.code == code) return &w;
  return nullptr;
}

WalletSpec* WalletTable::find(std::string_view code) {
  for (auto& w : wallets_)
    if (w.code == code) return &w;
  return nullptr;
}

int currency_decimals(std::string_view currency) {
  for (const auto& c : kCurrencies)
    if (c.code == currency) return c.decimals;
  return -1;
}

}  // namespace antom::state
