#pragma once
// One line per request on stderr: time, method, path, client-id, resultCode, microseconds, and
// the scenario that shaped the answer, if any, and why when the simulator knows more than the
// answer says (a signature diagnosis).
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/options.hpp"

namespace antom::server {

void set_log_format(LogFormat format);
struct RequestLogLine {
  std::string_view method;
  std::string_view path;
  std::string_view client_id;
  std::string_view result_code;
  std::int64_t micros = 0;
  std::string_view scenario;                                // "NAME (via SOURCE)"; "" = none shaped the answer
  std::string_view operation;                               // "" outside /ams/
  const std::vector<std::pair<std::string, std::string>>* fields = nullptr;  // ids, scenario rule, fault
  std::string_view detail_text;                             // e.g. a signature diagnosis
  std::string_view detail_json;                             // the same, a JSON object
};
void log_request(const RequestLogLine& line);
// The same line with the common fields only.
void log_request(std::string_view method, std::string_view path, std::string_view client_id,
                 std::string_view result_code, std::int64_t micros, std::string_view scenario = {});
[[nodiscard]] bool log_enabled();

// One line per notification attempt: its id, merchant, URL, outcome, HTTP status or error,
// latency, and when the next attempt is due on the virtual clock ("" = none: delivered or given up).
struct AttemptLogLine {
  std::string_view notification_id;
  std::string_view client_id;
  std::string_view notify_type;
  int number = 0;
  std::string_view url;
  std::string_view outcome;
  int http_status = 0;
  std::string_view error;
  std::int64_t latency_us = 0;
  std::string_view next_attempt;
};
void log_attempt(const AttemptLogLine& line);
void log_message(std::string_view text);  // start-up and shutdown lines

}  // namespace antom::server
