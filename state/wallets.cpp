#include "state/wallets.hpp"

#include <array>

namespace antom::state {
namespace {

using namespace std::chrono_literals;
constexpr std::chrono::seconds kDay = 24h;

WalletSpec wallet(std::string code, std::string name, std::string psp, std::string region,
                  std::vector<std::string> currencies, std::int64_t min_minor, bool published,
                  std::int64_t balance_minor, std::string color) {
  WalletSpec w;
  w.code = std::move(code);
  w.display_name = std::move(name);
  w.psp_name = std::move(psp);
  w.region = std::move(region);
  w.currencies = std::move(currencies);
  w.min_payment_minor = min_minor;
  w.min_refund_minor = min_minor;
  w.published_minimum = published;
  w.default_balance_minor = balance_minor;
  w.brand_color = std::move(color);
  return w;
}

std::vector<WalletSpec> build_defaults() {
  std::vector<WalletSpec> v;
  // Minimums marked `true` are Antom's published ones (ref/cc); balances are antom-sim's choice:
  // roughly USD 1,000 in the home currency.
  v.push_back(wallet("ALIPAY_CN", "Alipay", "ALIPAY_CN", "CN", {"CNY", "USD"}, 10, true, 700000, "#1677ff"));
  v.push_back(wallet("ALIPAY_HK", "AlipayHK", "ALIPAY_HK", "HK", {"HKD"}, 1, true, 800000, "#1677ff"));
  v.push_back(wallet("BOOST", "Boost", "BOOST", "MY", {"MYR"}, 10, false, 450000, "#ee2e24"));
  v.push_back(wallet("DANA", "DANA", "DANA", "ID", {"IDR"}, 30000, true, 1600000000, "#118eea"));
  v.push_back(wallet("GCASH", "GCash", "GCASH", "PH", {"PHP"}, 100, true, 5800000, "#007dfe"));
  v.push_back(wallet("KAKAOPAY", "KakaoPay", "KAKAOPAY", "KR", {"KRW"}, 50, true, 1400000, "#ffeb00"));
  v.push_back(wallet("NAVERPAY", "NAVER Pay", "NAVERPAY", "KR", {"KRW"}, 100, false, 1400000, "#03c75a"));
  v.push_back(wallet("RABBIT_LINE_PAY", "Rabbit LINE Pay", "RABBIT_LINE_PAY", "TH", {"THB"}, 100, false, 3500000, "#00c300"));
  v.push_back(wallet("TOSSPAY", "Toss Pay", "TOSSPAY", "KR", {"KRW"}, 100, false, 1400000, "#0064ff"));
  v.push_back(wallet("TNG", "Touch 'n Go eWallet", "TNG", "MY", {"MYR"}, 5, true, 450000, "#005abb"));
  v.push_back(wallet("TRUEMONEY", "TrueMoney", "TRUEMONEY", "TH", {"THB"}, 100, true, 3500000, "#ff8300"));
  v.push_back(wallet("ZALOPAY", "Zalopay", "ZALOPAY", "VN", {"VND"}, 1000, false, 25000000, "#0068ff"));
  v.push_back(wallet("DIRECT_DEBIT_KRUNGTHAIBANK", "Krungthai Bank", "KRUNGTHAIBANK", "TH", {"THB"}, 100, false, 3500000, "#00a6e6"));
  v.push_back(wallet("DIRECT_DEBIT_SIAMCOMMERCIALBANK", "Siam Commercial Bank", "SIAMCOMMERCIALBANK", "TH", {"THB"}, 100, false, 3500000, "#4e2a84"));
  v.push_back(wallet("GRABPAY_MY", "GrabPay (MY)", "GRABPAY_MY", "MY", {"MYR"}, 100, false, 450000, "#00b14f"));
  v.push_back(wallet("GRABPAY_SG", "GrabPay (SG)", "GRABPAY_SG", "SG", {"SGD"}, 50, false, 130000, "#00b14f"));
  v.push_back(wallet("MAYA", "Maya", "MAYA", "PH", {"PHP"}, 100, false, 5800000, "#00d17f"));
  v.push_back(wallet("PAYPAY", "PayPay", "PAYPAY", "JP", {"JPY"}, 1, false, 150000, "#ff0033"));
  v.push_back(wallet("KPLUS", "K PLUS", "KPLUS", "TH", {"THB"}, 100, false, 3500000, "#00a950"));
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
