#pragma once
// The notification sender: takes due outbox records of every merchant (under that merchant's
// lock, copied out), renders and signs them outside any lock, POSTs them, and writes each attempt
// back as the journal. It runs on its own thread and io_context, so a slow or dead merchant
// endpoint never occupies the API's threads; attempts run concurrently, capped per host.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "server/notify/notify_targets.hpp"
#include "server/notify/retry_schedule.hpp"

namespace antom::server {

class App;

struct NotifierSettings {
  std::chrono::milliseconds attempt_timeout{5000};  // real time: connect + TLS + write + answer
  std::size_t connections_per_host = 8;
  std::size_t max_in_flight = 256;                  // attempts in flight over all merchants
  std::size_t journal_cap = 10000;                  // records kept per merchant; oldest finished evicted
  std::chrono::milliseconds idle_poll{250};         // real-time check of time-driven transitions
  std::shared_ptr<const NotifyTargets> targets;     // where attempts may connect; nullptr = loopback only
};

struct NotifierStats {
  std::uint64_t attempts = 0;
  std::uint64_t delivered = 0;
  std::uint64_t failed_attempts = 0;
  std::uint64_t expired = 0;   // journal records dropped by --retention-days
  // Payments (with their refunds and declarations) dropped by --retention-days (state/retention.hpp).
  std::uint64_t expired_payments = 0;
  std::uint64_t expired_refunds = 0;
  std::uint64_t expired_declarations = 0;
  std::uint64_t expired_authorizations = 0;  // with their codes and tokens
  std::uint64_t trims = 0;     // malloc_trim calls after large drops
  std::size_t in_flight = 0;
  bool running = false;
};

class Notifier {
 public:
  explicit Notifier(App& app, NotifierSettings settings = {});
  ~Notifier();
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;

  void start();  // begins the delivery loop
  void wake();   // thread-safe, non-blocking: something may be due now
  // Thread-safe, non-blocking: after a large drop of state (reset, a merchant deleted), gives freed
  // heap back to the system (malloc_trim) on the sender's thread, never an I/O thread.
  void trim_memory_soon();
  // Stops taking new attempts, lets in-flight ones finish within `grace` (journaling those that
  // do not as failed attempts "shutdown"), returns how many notifications remain undelivered.
  std::size_t shutdown(std::chrono::milliseconds grace);

  // Calls `done` (on the sender's thread, or at once on the caller's when no sender runs) once
  // nothing is due and nothing is in flight (true), or `timeout` (real time) passed or the sender
  // shut down (false). Never blocks: POST /_sim/notifications/flush answers from `done`.
  void when_idle(std::chrono::milliseconds timeout, std::function<void(bool idle)> done);
  // Blocks until idle (true) or `timeout` passes (false): benchmarks and tests, never an I/O thread.
  bool wait_idle(std::chrono::milliseconds timeout);
  // For the BEFORE_RESPONSE fault: wakes the sender and calls `done` (on the sender's thread, or at
  // once on the caller's when nothing waits or no sender runs) once every BEFORE_RESPONSE
  // notification of the merchant has had its first attempt (true), or `timeout` (real time) passed
  // or the sender shut down (false). Never blocks: the pipeline holds its answer back until then.
  void after_before_response(const std::string& client_id, std::chrono::milliseconds timeout,
                             std::function<void(bool delivered)> done);
  [[nodiscard]] ScheduleBook& schedules();
  [[nodiscard]] NotifierStats stats() const;
  [[nodiscard]] const NotifierSettings& settings() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace antom::server
