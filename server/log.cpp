#include "server/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>

#include "server/protocol/utf8.hpp"
#include "state/time.hpp"

namespace antom::server {
namespace {

std::atomic<LogFormat> g_format{LogFormat::Text};

std::string json_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out.push_back(c);
    }
  }
  return is_valid_utf8(out) ? out : to_valid_utf8(out);  // values a client sent may be any bytes
}

// Values a client sent, on one text line: control characters become spaces.
std::string one_line(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  return out;
}

std::string real_time_text() {
  return state::format_iso8601(std::chrono::time_point_cast<state::Millis>(std::chrono::system_clock::now()), 0);
}

}  // namespace

void set_log_format(LogFormat format) { g_format.store(format); }

bool log_enabled() { return g_format.load() != LogFormat::Off; }

void log_request(std::string_view method, std::string_view path, std::string_view client_id,
                 std::string_view result_code, std::int64_t micros, std::string_view scenario) {
  log_request(RequestLogLine{method, path, client_id, result_code, micros, scenario});
}

void log_request(const RequestLogLine& l) {
  const LogFormat format = g_format.load();
  if (format == LogFormat::Off) return;
  std::string line;
  if (format == LogFormat::Json) {
    line = "{\"time\":\"" + real_time_text() + "\",\"method\":\"" + json_escape(l.method) + "\",\"path\":\"" +
           json_escape(l.path) + "\",\"clientId\":\"" + json_escape(l.client_id) + "\",\"resultCode\":\"" +
           json_escape(l.result_code) + "\",\"micros\":" + std::to_string(l.micros);
    if (!l.scenario.empty()) line += ",\"scenario\":\"" + json_escape(l.scenario) + "\"";
    if (!l.operation.empty()) line += ",\"operation\":\"" + json_escape(l.operation) + "\"";
    if (l.fields)
      for (const auto& [name, value] : *l.fields) line += ",\"" + json_escape(name) + "\":\"" + json_escape(value) + "\"";
    if (!l.detail_json.empty()) line += ",\"detail\":" + std::string(l.detail_json);
    line += "}\n";
  } else {
    line = real_time_text() + " " + std::string(l.method) + " " + std::string(l.path) + " " +
           std::string(l.client_id.empty() ? "-" : l.client_id) + " " +
           std::string(l.result_code.empty() ? "-" : l.result_code) + " " + std::to_string(l.micros) + "us";
    if (!l.scenario.empty()) line += " scenario=" + one_line(l.scenario);
    if (!l.operation.empty()) line += " operation=" + std::string(l.operation);
    if (l.fields)
      for (const auto& [name, value] : *l.fields) line += " " + name + "=" + one_line(value);
    if (!l.detail_text.empty()) line += " " + std::string(l.detail_text);
    line += "\n";
  }
  std::fwrite(line.data(), 1, line.size(), stderr);
}

void log_attempt(const AttemptLogLine& l) {
  const LogFormat format = g_format.load();
  if (format == LogFormat::Off) return;
  std::string line;
  if (format == LogFormat::Json) {
    line = "{\"time\":\"" + real_time_text() + "\",\"notification\":\"" + json_escape(l.notification_id) +
           "\",\"clientId\":\"" + json_escape(l.client_id) + "\",\"notifyType\":\"" + json_escape(l.notify_type) +
           "\",\"attempt\":" + std::to_string(l.number) + ",\"url\":\"" + json_escape(l.url) + "\",\"outcome\":\"" +
           json_escape(l.outcome) + "\",\"httpStatus\":" + (l.http_status ? std::to_string(l.http_status) : "null") +
           ",\"error\":\"" + json_escape(l.error) + "\",\"micros\":" + std::to_string(l.latency_us) +
           ",\"nextAttempt\":" + (l.next_attempt.empty() ? "null" : "\"" + json_escape(l.next_attempt) + "\"") + "}\n";
  } else {
    line = real_time_text() + " NOTIFY " + std::string(l.notification_id) + " " + std::string(l.client_id) + " " +
           std::string(l.notify_type) + " attempt " + std::to_string(l.number) + " " + one_line(l.url) + " " +
           std::string(l.outcome) + (l.http_status ? " HTTP " + std::to_string(l.http_status) : std::string{}) +
           (l.error.empty() ? std::string{} : " (" + one_line(l.error) + ")") + " " + std::to_string(l.latency_us) +
           "us next=" + (l.next_attempt.empty() ? std::string("none") : std::string(l.next_attempt)) + "\n";
  }
  std::fwrite(line.data(), 1, line.size(), stderr);
}

void log_message(std::string_view text) {
  if (g_format.load() == LogFormat::Off) return;
  std::string line(text);
  line.push_back('\n');
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace antom::server
