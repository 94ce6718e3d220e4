#pragma once
// A blocking HTTP/1.1 client for tests: plain or TLS, one connection per call, raw bytes in and
// out, so tests can send exactly what an SDK sends (absolute-form targets, odd headers).
#include <chrono>
#include <cstdint>
#include <string>

#include "server/http/raw_message.hpp"

namespace antom::test {

struct HttpReply {
  int status = 0;               // 0 when the connection failed or closed without an answer
  antom::server::Headers headers;
  std::string body;
  std::string error;            // transport error text, if any
};

struct HttpCall {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  bool tls = false;
  std::string method = "POST";
  std::string target = "/";
  antom::server::Headers headers;
  std::string body;
  std::chrono::milliseconds timeout{10000};
};

[[nodiscard]] HttpReply http_send(const HttpCall& call);
// Writes `bytes` exactly as given (a whole HTTP request, however odd) and reads one response.
[[nodiscard]] HttpReply raw_send(std::uint16_t port, const std::string& bytes, bool tls = false);

}  // namespace antom::test
