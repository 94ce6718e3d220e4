#pragma once
// The outbound HTTP(S) client of the notification sender: one POST per attempt, a deadline per
// attempt (connect + TLS + write + read), a cap on connections per host with keep-alive reuse, and
// no redirects followed. All calls come from the one thread that runs the given io_context.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "server/notify/notification_message.hpp"
#include "server/notify/notify_targets.hpp"

namespace boost::asio {
class io_context;
}

namespace antom::server {

struct ClientLimits {
  std::chrono::milliseconds timeout{5000};  // whole attempt, real time
  std::size_t connections_per_host = 8;
  std::size_t max_response_bytes = 64 * 1024;
  std::shared_ptr<const NotifyTargets> targets;  // nullptr = loopback only (kDefaultNotifyAllow)
};

struct HttpOutcome {
  int status = 0;            // 0 when no HTTP answer came
  std::string body;
  std::string error;         // transport error text ("" when an answer came)
  std::int64_t latency_us = 0;
};

class NotifyHttpClient {
 public:
  NotifyHttpClient(boost::asio::io_context& ioc, ClientLimits limits);
  ~NotifyHttpClient();
  NotifyHttpClient(const NotifyHttpClient&) = delete;
  NotifyHttpClient& operator=(const NotifyHttpClient&) = delete;

  // Queues the POST behind the host's connection cap; `done` runs exactly once on the io thread.
  void post(OutboundNotification message, std::function<void(HttpOutcome)> done);
  // Aborts everything queued or in flight (their `done` gets error "shutdown") and idle connections.
  void cancel_all();
  [[nodiscard]] std::size_t in_flight() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace antom::server
