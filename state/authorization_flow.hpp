#pragma once
// The Auto Debit authorization lifecycle of one merchant: consult creates an attempt, the
// simulated wallet user approves (an authCode) or declines it, applyToken exchanges the code or a
// refresh token for an access token, revoke and the wallet-side cancel end it. Every function runs
// under the merchant's lock, takes `now`, and queues notifications as outbox records.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "state/authorizations.hpp"
#include "state/directive.hpp"
#include "state/merchant_state.hpp"
#include "state/result_code.hpp"
#include "state/time.hpp"
#include "state/wallets.hpp"

namespace antom::state {

struct ConsultInput {
  std::string wallet;  // customerBelongsTo
  std::vector<std::string> scopes;
  std::string auth_state;
  std::string redirect_url;
  std::string terminal_type;
  std::string os_type;
  std::string notify_url;  // authNotifyUrl ("" = merchant default)
  std::string auth_client_id;
  std::string merchant_account_id;
};

struct ConsultOutcome {
  Result result;
  std::string attempt_id;  // set on SUCCESS
};

[[nodiscard]] ConsultOutcome consult(MerchantState& m, const WalletTable& wallets, const ConsultInput& in,
                                     const Directive& directive, TimePoint now);

// What the wallet page needs after a decision: where to send the browser.
struct WalletDecision {
  bool found = false;
  AttemptState state = AttemptState::Pending;
  bool changed = false;      // false when the attempt was already decided
  std::string redirect_url;  // authRedirectUrl as given in consult
  std::string auth_state;
  std::string auth_code;     // set when approved
};

// The simulated user approves or declines. Deciding an already decided attempt changes nothing
// and reports its earlier outcome, so a reloaded page or a double click is harmless.
[[nodiscard]] WalletDecision approve_attempt(MerchantState& m, std::string_view attempt_id, TimePoint now);
[[nodiscard]] WalletDecision decline_attempt(MerchantState& m, std::string_view attempt_id, TimePoint now);

struct ApplyTokenInput {
  std::string grant_type;  // AUTHORIZATION_CODE or REFRESH_TOKEN
  std::string wallet;      // customerBelongsTo
  std::string auth_code;
  std::string refresh_token;
};

struct TokenGrant {
  Result result;
  AccessToken token;      // the new token on SUCCESS
  bool with_login = false;  // userLoginId is returned only for the AGREEMENT_PAY scope
};

[[nodiscard]] TokenGrant apply_token(MerchantState& m, const WalletTable& wallets, const ApplyTokenInput& in,
                                     const Directive& directive, TimePoint now);

// Merchant revoke: the access token and its refresh token die at once; TOKEN_CANCELED is queued.
[[nodiscard]] Result revoke(MerchantState& m, std::string_view access_token, const Directive& directive,
                            TimePoint now);

// The buyer cancels the service in the wallet app. `id` is an attempt id or an access token of
// the authorization; its live token dies, and TOKEN_CANCELED is queued when the method notifies
// it. Only methods whose wallet-table row allows it (WalletSpec::wallet_side_cancel).
struct WalletCancel {
  enum class Status { Cancelled, NoActiveToken, NotSupported } status = Status::NoActiveToken;
  std::string access_token;  // the token ended
  std::string wallet;        // the authorization's method
  bool notified = false;     // TOKEN_CANCELED was queued
};
[[nodiscard]] WalletCancel cancel_in_wallet(MerchantState& m, const WalletTable& wallets, std::string_view id,
                                            TimePoint now);

// A ready token without consult, for merchants' tests (/_sim/ only; no notifications).
struct MintInput {
  std::string wallet;
  std::vector<std::string> scopes{"AGREEMENT_PAY"};
  std::optional<Millis> access_ttl;
};
[[nodiscard]] std::optional<AccessToken> mint_token(MerchantState& m, const WalletTable& wallets,
                                                    const MintInput& in, TimePoint now);

// The attempt behind an attempt id, authCode or access/refresh token (nullptr = none).
[[nodiscard]] const AuthAttempt* find_authorization(const AuthorizationBook& book, std::string_view id);

}  // namespace antom::state
