#pragma once
// A merchant's notification endpoint for tests: a real HTTP or HTTPS server on 127.0.0.1:0 that
// verifies every notification's signature the way the official SDKs' webhook helpers do, records
// every request, and answers as the test scripts it: correct acknowledgement, a wrong body,
// HTTP 500, a redirect, slowly, by closing the connection without answering, or with any status
// and body the test sets (Custom).
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "server/crypto/rsa_key.hpp"
#include "server/http/raw_message.hpp"

namespace antom::test {

enum class ReceiverMode { Ack, WrongBody, Http500, Redirect, Slow, Close, Custom };

struct ReceivedNotification {
  std::string target;          // as on the request line
  std::string path;            // without the query: what the merchant passes as requestUri
  antom::server::Headers headers;
  std::string body;
  std::string client_id;       // `client-id` header
  std::string request_time;    // `request-time` header
  std::string signature;       // `signature` header, verbatim
  int key_version = 0;         // parsed from the signature header (0 if absent)
  bool signature_ok = false;   // sdk_check_signature with the simulator's public key
  bool tls = false;
  ReceiverMode answered = ReceiverMode::Ack;
};

// WebhookTool.checkSignature(requestUri, httpMethod, clientId, requestTime, signature, body, key):
// takes the text after "signature=", URL-decodes it, Base64-decodes it, and verifies SHA256withRSA
// over "<method> <requestUri>\n<clientId>.<requestTime>.<body>".
[[nodiscard]] bool sdk_check_signature(std::string_view request_uri, std::string_view method,
                                       std::string_view client_id, std::string_view request_time,
                                       std::string_view signature_header, std::string_view body,
                                       const antom::server::RsaKey& antom_public);

class NotifyReceiver {
 public:
  // `antom_public`: the key merchants download (GET /_sim/keys); `tls`: serve HTTPS with a fresh
  // self-signed certificate.
  explicit NotifyReceiver(antom::server::RsaKey antom_public, bool tls = false);
  ~NotifyReceiver();
  NotifyReceiver(const NotifyReceiver&) = delete;
  NotifyReceiver& operator=(const NotifyReceiver&) = delete;

  [[nodiscard]] std::string url(std::string_view path = "/antom/notify") const;
  [[nodiscard]] std::uint16_t port() const;

  // Answer every request this way from now on (after any scripted answers).
  void set_mode(ReceiverMode mode);
  // Answer the next requests in this order, then fall back to the set mode.
  void script(std::vector<ReceiverMode> answers);
  void set_slow_delay(std::chrono::milliseconds delay);
  // What ReceiverMode::Custom answers: this HTTP status and body, verbatim.
  void set_custom_answer(int status, std::string body);

  [[nodiscard]] std::vector<ReceivedNotification> received() const;
  [[nodiscard]] std::size_t count() const;
  // Waits (real time) until at least `n` requests arrived.
  bool wait_for(std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
  void clear();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

// The simulator's public key as merchants get it.
[[nodiscard]] antom::server::RsaKey antom_public_key(const antom::server::RsaKey& antom_private);

}  // namespace antom::test
