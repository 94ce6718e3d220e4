#include "server/wallet/wallet_page.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace antom::server {
namespace {

// Dark text on light brand colours (KakaoPay yellow), white text otherwise.
std::string_view text_color_on(std::string_view hex) {
  if (hex.size() != 7 || hex[0] != '#') return "#ffffff";
  const long rgb = std::strtol(std::string(hex.substr(1)).c_str(), nullptr, 16);
  const double luminance = 0.299 * ((rgb >> 16) & 255) + 0.587 * ((rgb >> 8) & 255) + 0.114 * (rgb & 255);
  return luminance > 160 ? "#1b1b1b" : "#ffffff";
}

std::string safe_color(std::string_view hex) {
  if (hex.size() != 7 || hex[0] != '#') return "#5b6b7f";
  for (char c : hex.substr(1))
    if (!std::isxdigit(static_cast<unsigned char>(c))) return "#5b6b7f";
  return std::string(hex);
}

std::string page(std::string_view title, std::string_view color, const std::string& body) {
  const std::string brand = safe_color(color);
  std::string out;
  out += "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<meta name=\"robots\" content=\"noindex\"><title>";
  out += html_escape(title);
  out += "</title><style>"
         ":root{--brand:" + brand + ";--on-brand:" + std::string(text_color_on(brand)) + "}"
         "body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;background:#f2f4f7;color:#1b1b1b}"
         "header{background:var(--brand);color:var(--on-brand);padding:20px 24px}"
         "header h1{margin:0;font-size:20px}header p{margin:4px 0 0;font-size:13px;opacity:.85}"
         "main{max-width:480px;margin:24px auto;background:#fff;border-radius:12px;padding:24px;"
         "box-shadow:0 2px 8px rgba(0,0,0,.08)}"
         "h2{font-size:18px;margin:0 0 12px}ul{padding-left:20px}li{margin:6px 0}"
         "dl{display:grid;grid-template-columns:auto 1fr;gap:6px 12px;font-size:14px}dt{color:#5b6b7f}dd{margin:0}"
         ".actions{display:flex;gap:12px;margin-top:24px}.actions form{flex:1}"
         "button{width:100%;padding:12px;font-size:16px;border-radius:8px;border:1px solid var(--brand);cursor:pointer}"
         "#approve{background:var(--brand);color:var(--on-brand)}#decline{background:#fff;color:#1b1b1b;border-color:#c5ccd6}"
         ".sim{font-size:12px;color:#7a8699;text-align:center;margin-top:16px}"
         "</style></head><body>";
  out += body;
  out += "<p class=\"sim\">Simulated by antom-sim. No real wallet, account or money is involved.</p></body></html>\n";
  return out;
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string format_minor_amount(std::int64_t minor, std::string_view currency) {
  int decimals = state::currency_decimals(currency);
  if (decimals < 0) decimals = 2;
  std::int64_t scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  const bool negative = minor < 0;
  const std::uint64_t abs_minor = negative ? static_cast<std::uint64_t>(-(minor + 1)) + 1 : static_cast<std::uint64_t>(minor);
  std::string whole = std::to_string(abs_minor / static_cast<std::uint64_t>(scale));
  for (int i = static_cast<int>(whole.size()) - 3; i > 0; i -= 3) whole.insert(static_cast<std::size_t>(i), ",");
  std::string out = negative ? "-" + whole : whole;
  if (decimals > 0) {
    std::string frac = std::to_string(abs_minor % static_cast<std::uint64_t>(scale));
    out += "." + std::string(static_cast<std::size_t>(decimals) - frac.size(), '0') + frac;
  }
  return out + " " + std::string(currency);
}

std::string describe_scope(std::string_view scope, std::string_view merchant, std::string_view wallet) {
  const std::string m(merchant), w(wallet);
  if (scope == "AGREEMENT_PAY") return "Allow " + m + " to charge your " + w + " account automatically, without asking you each time";
  if (scope == "BASE_USER_INFO") return "Share your " + w + " user ID with " + m;
  if (scope == "USER_INFO") return "Share your " + w + " profile (name and avatar) with " + m;
  if (scope == "USER_LOGIN_ID") return "Share your " + w + " login ID with " + m;
  if (scope == "HASH_LOGIN_ID") return "Share a hashed form of your " + w + " login ID with " + m;
  if (scope == "SEND_OTP") return "Let " + w + " send you one-time passwords for " + m;
  if (scope == "TAOBAO_REBIND") return "Re-link your Taobao account for " + m;
  return std::string(scope);
}

std::string render_consent_page(const ConsentView& v) {
  const state::WalletSpec& w = *v.wallet;
  const std::string currency = w.currencies.empty() ? std::string("USD") : w.currencies.front();
  std::string body;
  body += "<header><h1>" + html_escape(w.display_name) + "</h1><p>Auto Debit authorization</p></header><main>";
  body += "<h2 id=\"merchant\">" + html_escape(v.merchant_name) + " asks for your permission</h2><ul id=\"scopes\">";
  for (const auto& s : v.scopes)
    body += "<li data-scope=\"" + html_escape(s) + "\">" + html_escape(describe_scope(s, v.merchant_name, w.display_name)) + "</li>";
  body += "</ul><dl>";
  auto row = [&](std::string_view term, const std::string& value, std::string_view id) {
    body += "<dt>" + std::string(term) + "</dt><dd id=\"" + std::string(id) + "\">" + html_escape(value) + "</dd>";
  };
  row("Account", v.user_login_id, "account");
  row("Merchant ID", v.client_id, "client-id");
  row("Currency", currency, "currency");
  row("Minimum per payment", format_minor_amount(w.min_payment_minor, currency), "minimum");
  row("Balance of a new buyer", format_minor_amount(w.default_balance_minor, currency), "balance");
  body += "</dl>";
  if (std::find(v.scopes.begin(), v.scopes.end(), "AGREEMENT_PAY") != v.scopes.end())
    body += "<p>Future payments are debited without a further confirmation. You can cancel this service at any time "
            "in the " + html_escape(w.display_name) + " app.</p>";
  body += "<div class=\"actions\">";
  body += "<form method=\"post\" action=\"" + html_escape(v.decline_action) + "\"><button id=\"decline\" type=\"submit\">Decline</button></form>";
  body += "<form method=\"post\" action=\"" + html_escape(v.approve_action) + "\"><button id=\"approve\" type=\"submit\">Approve</button></form>";
  body += "</div></main>";
  return page(w.display_name + " - Authorize " + v.merchant_name, w.brand_color, body);
}

std::string render_notice_page(std::string_view title, std::string_view message, std::string_view brand_color) {
  std::string body = "<header><h1>" + html_escape(title) + "</h1></header><main><p id=\"notice\">" +
                     html_escape(message) + "</p></main>";
  return page(title, brand_color, body);
}

}  // namespace antom::server
