#include "server/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>

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
  return out;
}

std::string real_time_text() {
  return state::format_iso8601(std::chrono::time_point_cast<state::Millis>(std::chrono::system_clock::now()), 0);
}

}  // namespace

void set_log_format(LogFormat format) { g_format.store(format); }

void log_request(std::string_view method, std::string_view path, std::string_view client_id,
                 std::string_view result_code, std::int64_t micros, std::string_view scenario) {
  const LogFormat format = g_format.load();
  if (format == LogFormat::Off) return;
  std::string line;
  if (format == LogFormat::Json) {
    line = "{\"time\":\"" + real_time_text() + "\",\"method\":\"" + json_escape(method) + "\",\"path\":\"" +
           json_escape(path) + "\",\"clientId\":\"" + json_escape(client_id) + "\",\"resultCode\":\"" +
           json_escape(result_code) + "\",\"micros\":" + std::to_string(micros) +
           (scenario.empty() ? std::string() : ",\"scenario\":\"" + json_escape(scenario) + "\"") + "}\n";
  } else {
    line = real_time_text() + " " + std::string(method) + " " + std::string(path) + " " +
           std::string(client_id.empty() ? "-" : client_id) + " " + std::string(result_code.empty() ? "-" : result_code) +
           " " + std::to_string(micros) + "us" +
           (scenario.empty() ? std::string() : " scenario=" + std::string(scenario)) + "\n";
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
