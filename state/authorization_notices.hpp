#pragma once
// notifyAuthorization bodies (https://docs.antom.com/ac/ams/notifyauth) as outbox records, and the simulated wallet
// user behind an approval. Internal to the authorization flow.
#include <string>
#include <vector>

#include "state/authorizations.hpp"
#include "state/merchant_state.hpp"
#include "state/time.hpp"
#include "state/wallets.hpp"

namespace antom::state {

void queue_authcode_created(MerchantState& m, const AuthAttempt& attempt, const AuthCode& code, TimePoint now);
void queue_token_created(MerchantState& m, const AuthAttempt& attempt, const AccessToken& token,
                         const NotifyFaults& faults, TimePoint now);
void queue_token_canceled(MerchantState& m, const AuthAttempt* attempt, const AccessToken& token,
                          const std::string& reason, const NotifyFaults& faults, TimePoint now);

struct WalletUser {
  std::string buyer_id;         // pspCustomerId, the balance key of payments
  std::string masked_login_id;  // userLoginId as Antom returns it
};
[[nodiscard]] WalletUser new_wallet_user(MerchantState& m, const WalletSpec& wallet);

}  // namespace antom::state
