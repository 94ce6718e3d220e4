#pragma once
// Authorization records of one merchant: consult attempts, auth codes and access tokens.
// Plain values; the lifecycle functions live in authorization_flow.hpp.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "state/directive.hpp"
#include "state/time.hpp"

namespace antom::state {

enum class AttemptState { Pending, Approved, Declined, Abandoned };
// Replaced: superseded by a refresh (the newest access token is the live one).
enum class TokenState { Active, Revoked, Canceled, Replaced };
[[nodiscard]] std::string_view to_string(AttemptState state);
[[nodiscard]] std::string_view to_string(TokenState state);

struct AuthAttempt {
  std::string id;              // "aut_..." used in the wallet page URL
  std::string wallet;          // customerBelongsTo
  std::vector<std::string> scopes;
  std::string auth_state;
  std::string redirect_url;
  std::string terminal_type;
  std::string os_type;
  std::string notify_url;      // authNotifyUrl; empty = merchant default
  std::string auth_client_id;
  std::string merchant_account_id;
  TimePoint created_at{};
  AttemptState state = AttemptState::Pending;
  std::string auth_code;       // set on approval
  TimePoint decided_at{};
  // What the scenario made the simulated user do, and when (None = wait for a click).
  WalletAction planned_action = WalletAction::None;
  TimePoint planned_at{};
  Millis code_ttl{600000};     // the wallet's authCode lifetime, or the scenario's ttl_override
  NotifyFaults notification_faults;  // copied onto AUTHCODE_CREATED
  std::string live_token;      // newest access token of this authorization ("" = none yet)
  std::string buyer_id;        // the simulated wallet user who sees the page
  std::string user_login_id;   // their login, masked
  bool minted = false;         // created by /_sim/ without a consult
};

struct AuthCode {
  std::string code;
  std::string attempt_id;
  std::string wallet;
  std::string buyer_id;
  TimePoint created_at{};
  TimePoint expires_at{};
  bool used = false;
  TimePoint used_at{};
};

struct AccessToken {
  std::string access_token;
  std::string refresh_token;   // empty when the wallet has no refresh
  std::string wallet;
  std::string buyer_id;        // the simulated wallet user behind the token
  std::string user_login_id;   // masked, as applyToken returns it
  std::string attempt_id;
  std::vector<std::string> scopes;
  TimePoint created_at{};
  TimePoint access_expires_at{};
  TimePoint refresh_expires_at{};
  TokenState state = TokenState::Active;
  bool refresh_used = false;   // a refresh token works once; the newest one is the live one
  TimePoint ended_at{};        // when it stopped being Active
  std::string ended_reason;    // "revoked by merchant", "canceled in wallet", "refreshed"
};

struct AuthorizationBook {
  std::map<std::string, AuthAttempt, std::less<>> attempts;
  std::map<std::string, AuthCode, std::less<>> codes;
  std::map<std::string, AccessToken, std::less<>> tokens;             // by access token
  std::map<std::string, std::string, std::less<>> by_refresh_token;   // refresh token -> access token
  // Attempts with a scenario's late wallet decision, by due time, so the tick visits only those.
  std::set<std::pair<TimePoint, std::string>> planned;
};

// What pay needs to know about a token it is given.
struct TokenView {
  std::string wallet;
  std::string buyer_id;
  std::string user_login_id;
  bool may_pay = false;  // the user granted the AGREEMENT_PAY scope
};

// The token if it is active and not past accessTokenExpiryTime at `now`; nullopt means
// INVALID_ACCESS_TOKEN (unknown, expired, revoked or cancelled all look the same to pay).
[[nodiscard]] std::optional<TokenView> usable_token(const AuthorizationBook& book, std::string_view access_token,
                                                    TimePoint now);

}  // namespace antom::state
