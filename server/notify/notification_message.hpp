#pragma once
// One notification attempt as bytes: the URL split for the client, the JSON body, and the signed
// headers Antom sends (`client-id`, `request-time`, `signature`, content type). No sockets here,
// so it is tested with strings; and the merchant's answer judged as an acknowledgement or not.
#include <optional>
#include <string>
#include <string_view>

#include "server/crypto/rsa_key.hpp"
#include "server/http/raw_message.hpp"
#include "server/notify/notify_url.hpp"
#include "state/outbox.hpp"

namespace antom::server {

struct OutboundNotification {
  NotifyUrl url;
  std::string body;
  Headers headers;          // in sending order, lower-case names
  std::string signature;    // the signature header value (kept for later attempts)
  std::chrono::milliseconds timeout{0};  // this attempt's deadline; 0 = the client's
};

// Renders and signs `due`, reusing `due.signature` when a previous attempt already signed it, so
// every attempt is byte-identical. Faults: BAD_SIGNATURE signs other content, UNKNOWN_KEY_VERSION
// announces keyVersion=99.
[[nodiscard]] OutboundNotification build_notification(const state::DueAttempt& due, const NotifyUrl& url,
                                                      std::string_view client_id, const RsaKey& key, int key_version);

struct AckVerdict {
  bool acknowledged = false;
  std::string reason;  // why not, for the journal
};

// Only HTTP 200 with a JSON body whose result has resultCode SUCCESS and resultStatus S counts.
[[nodiscard]] AckVerdict judge_acknowledgement(int http_status, std::string_view body);

}  // namespace antom::server
