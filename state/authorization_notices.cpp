#include "state/authorization_notices.hpp"

#include <cstdio>

#include "state/fields.hpp"
#include "state/outbox.hpp"

namespace antom::state {
namespace {

Fields success_result() {
  Fields r;
  put(r, "resultCode", "SUCCESS");
  put(r, "resultStatus", "S");
  put(r, "resultMessage", "success");
  return r;
}

void queue(MerchantState& m, std::string type, std::string url, std::string subject, Fields payload,
           NotifyFaults faults, TimePoint now) {
  OutboxRecord r;
  r.kind = NotifyKind::Authorization;
  r.notify_type = std::move(type);
  r.url = std::move(url);
  r.subject_id = std::move(subject);
  r.payload = std::move(payload);
  r.created_at = now;
  r.next_attempt_at = now;
  r.faults = std::move(faults);
  (void)m.outbox.enqueue(std::move(r), now);
}

// Calling codes of the wallets' regions, so a masked login looks like the phone numbers wallets use.
std::string calling_code(std::string_view region) {
  struct Entry {
    std::string_view region, code;
  };
  static constexpr Entry kCodes[] = {{"CN", "86"}, {"HK", "852"}, {"MY", "60"}, {"ID", "62"}, {"PH", "63"},
                                     {"KR", "82"}, {"TH", "66"},  {"VN", "84"}, {"SG", "65"}, {"JP", "81"}};
  for (const auto& e : kCodes)
    if (e.region == region) return std::string(e.code);
  return "1";
}

}  // namespace

void queue_authcode_created(MerchantState& m, const AuthAttempt& attempt, const AuthCode& code, TimePoint now) {
  Fields p;
  put(p, "authorizationNotifyType", "AUTHCODE_CREATED");
  put_if(p, "authClientId", attempt.auth_client_id);
  put(p, "authCode", code.code);
  put(p, "authState", attempt.auth_state);
  put(p, "result", success_result());
  queue(m, "AUTHCODE_CREATED", attempt.notify_url, code.code, std::move(p), attempt.notification_faults, now);
}

void queue_token_created(MerchantState& m, const AuthAttempt& attempt, const AccessToken& token,
                         const NotifyFaults& faults, TimePoint now) {
  Fields p;
  put(p, "authorizationNotifyType", "TOKEN_CREATED");
  put_if(p, "authClientId", attempt.auth_client_id);
  put(p, "accessToken", token.access_token);
  put(p, "authState", attempt.auth_state);
  put_if(p, "userLoginId", token.user_login_id);
  put(p, "result", success_result());
  queue(m, "TOKEN_CREATED", attempt.notify_url, token.access_token, std::move(p), faults, now);
}

void queue_token_canceled(MerchantState& m, const AuthAttempt* attempt, const AccessToken& token,
                          const std::string& reason, const NotifyFaults& faults, TimePoint now) {
  Fields p;
  put(p, "authorizationNotifyType", "TOKEN_CANCELED");
  if (attempt) put_if(p, "authClientId", attempt->auth_client_id);
  put(p, "accessToken", token.access_token);
  put_if(p, "reason", reason);
  put_if(p, "userLoginId", token.user_login_id);
  put(p, "result", success_result());
  queue(m, "TOKEN_CANCELED", attempt ? attempt->notify_url : std::string(), token.access_token, std::move(p),
        faults, now);
}

WalletUser new_wallet_user(MerchantState& m, const WalletSpec& wallet) {
  char buyer[24];
  std::snprintf(buyer, sizeof buyer, "2088%012llu",
                static_cast<unsigned long long>(m.ids.next_random() % 1000000000000ULL));
  char subscriber[16];
  std::snprintf(subscriber, sizeof subscriber, "%09llu",
                static_cast<unsigned long long>(m.ids.next_random() % 1000000000ULL));
  const std::string number = calling_code(wallet.region) + subscriber;
  // Antom masks the middle of the login: keep the first 4 and the last 3 characters.
  std::string masked = number.substr(0, 4) + std::string(number.size() - 7, '*') + number.substr(number.size() - 3);
  return WalletUser{buyer, masked};
}

}  // namespace antom::state
