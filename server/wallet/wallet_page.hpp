#pragma once
// The simulated wallet's consent page: what the buyer sees after the merchant's consult, styled
// per wallet, with Approve and Decline. Pure string rendering (every value is HTML-escaped), so it
// is tested without a server.
#include <string>
#include <string_view>
#include <vector>

#include "state/wallets.hpp"

namespace antom::server {

struct ConsentView {
  std::string merchant_name;
  std::string client_id;
  std::string attempt_id;
  const state::WalletSpec* wallet = nullptr;  // never null when rendering
  std::vector<std::string> scopes;
  std::string user_login_id;  // the simulated buyer, masked
  std::string terminal_type;
  std::string approve_action;  // form targets (POST)
  std::string decline_action;
};

[[nodiscard]] std::string render_consent_page(const ConsentView& view);

// A page without choices: unknown, abandoned or already used authorization links.
[[nodiscard]] std::string render_notice_page(std::string_view title, std::string_view message,
                                             std::string_view brand_color = "#5b6b7f");

[[nodiscard]] std::string html_escape(std::string_view text);
// "1,234.50 PHP" from minor units and the currency's decimals.
[[nodiscard]] std::string format_minor_amount(std::int64_t minor, std::string_view currency);
// What the buyer agrees to for one scope, in plain words.
[[nodiscard]] std::string describe_scope(std::string_view scope, std::string_view merchant, std::string_view wallet);

}  // namespace antom::server
