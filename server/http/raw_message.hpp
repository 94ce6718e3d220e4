#pragma once
// HTTP messages as plain values, so the protocol and control code never see Beast and can be
// tested with strings.
#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace antom::server {

using Headers = std::vector<std::pair<std::string, std::string>>;

// ASCII case-insensitive equality (header names, media types, signature parts).
[[nodiscard]] bool iequals(std::string_view a, std::string_view b);

// Case-insensitive lookup; the first of duplicates wins. nullptr when absent.
[[nodiscard]] const std::string* find_header(const Headers& headers, std::string_view name);

struct RawRequest {
  std::string method;   // "POST"
  std::string target;   // as sent: origin form "/ams/..." or absolute form "https://host/ams/..."
  Headers headers;
  std::string body;     // raw bytes, exactly as received
  bool tls = false;
  std::string remote;   // "127.0.0.1:53122"
  std::string local;    // "127.0.0.1:8080", the listening address it arrived on
  bool body_too_large = false;  // the body passed the limit and was not read

  // The path of the target without scheme, host or query ("/ams/api/v1/payments/pay").
  [[nodiscard]] std::string path() const;
  // The target as signed: path plus query, without scheme and host.
  [[nodiscard]] std::string signed_path() const;
  [[nodiscard]] std::string query() const;
  // "http://host:port" as the client reached us (Host header, else the local address).
  [[nodiscard]] std::string base_url() const;
};

// What the edge does besides writing the response.
enum class WireAction {
  Write,          // write the response
  Reset,          // close the connection without answering
  Stall,          // answer nothing for `stall`, then close
  WriteTruncated, // write half of the body, then close
};

struct RawResponse {
  int status = 200;
  Headers headers;
  std::string body;
  std::chrono::milliseconds delay{0};  // wait this long before acting (latency scenarios)
  WireAction action = WireAction::Write;
  std::chrono::milliseconds stall{0};
  bool close = false;                  // close the connection after writing
  // When set, the connection calls it before acting and acts once it calls `ready` (from any
  // thread): the answer waits for something else to happen first (a BEFORE_RESPONSE
  // notification's attempt) without holding an I/O thread.
  std::function<void(std::function<void()> ready)> wait_before_acting;
  // When set, the handler answers later: the connection calls it with `answer` and, once `answer`
  // is called (once, from any thread), logs and writes that response instead of this one. The I/O
  // thread serves other connections meanwhile (POST /_sim/notifications/flush waits this way).
  std::function<void(std::function<void(RawResponse)> answer)> answer_later;
  std::string log_code;                // resultCode (or control status) for the request log
  std::string log_client_id;
  std::string log_scenario;            // "NAME (via SOURCE)" when a scenario shaped the answer
  std::string_view log_operation;      // the Antom operation's name ("pay"); empty outside /ams/
  Headers log_fields;                  // more for the log line: ids, scenario rule, fault (name, value)
  std::string log_detail_text;         // why, for the text log (e.g. a signature diagnosis); "" = nothing
  std::string log_detail_json;         // the same as a JSON object, for the JSON log

  void set_header(std::string name, std::string value);
};

}  // namespace antom::server
