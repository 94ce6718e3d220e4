#pragma once
// Counters for GET /metrics (Prometheus text format), cheap enough for the signed path: fixed
// arrays of relaxed atomics indexed by enums, so recording takes no lock and allocates nothing.
// Rendering (metrics_text.cpp) reads them, and the state gauges, when scraped.
#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "scenarios/plan.hpp"
#include "server/protocol/operations.hpp"
#include "state/result_code.hpp"

namespace antom::server {

// How one notification attempt ended, for antom_sim_notification_attempts_total{outcome}.
enum class AttemptOutcome { Acknowledged, NotAcknowledged, Timeout, TransportError, NoUrl, Shutdown };
inline constexpr std::size_t kAttemptOutcomes = 6;
[[nodiscard]] std::string_view to_string(AttemptOutcome outcome);
// From the attempt's transport error text ("" when an answer came) and the verdict on the answer.
[[nodiscard]] AttemptOutcome classify_attempt(std::string_view transport_error, bool acknowledged);

// How a scenario was selected (scenarios::Plan::source).
inline constexpr std::array<std::string_view, 5> kScenarioSources = {"header", "directive", "amount", "merchant", "global"};

class Metrics {
 public:
  // Upper bounds of the latency buckets, in microseconds; +Inf follows.
  static constexpr std::array<std::uint32_t, 12> kLatencyBoundsUs = {100,   250,   500,    1000,   2500,   5000,
                                                                     10000, 25000, 50000, 100000, 250000, 1000000};
  static constexpr std::size_t kOperations = 11;     // every Operation, then "none" (unrouted /ams/ paths)
  static constexpr std::size_t kResultCodes = 128;   // every ResultCode, then "other" (refused before Antom's answer)
  static constexpr std::size_t kHttpFaults = 12;     // scenarios::HttpFault

  // One /ams/ request: its operation (nullopt = unrouted), the resultCode answered (nullopt = none,
  // e.g. refused as a control error), and the time to produce the answer.
  void record_request(std::optional<Operation> op, std::optional<state::ResultCode> code,
                      std::chrono::microseconds elapsed);
  void record_scenario(const scenarios::Plan& plan);
  void record_attempt(AttemptOutcome outcome, std::uint64_t n = 1) { add(attempts_[static_cast<std::size_t>(outcome)], n); }

  [[nodiscard]] std::uint64_t requests(std::size_t op, std::size_t code) const { return load(requests_[op][code]); }
  [[nodiscard]] std::uint64_t latency_bucket(std::size_t op, std::size_t bucket) const { return load(latency_[op][bucket]); }
  [[nodiscard]] std::uint64_t latency_sum_us(std::size_t op) const { return load(latency_sum_us_[op]); }
  [[nodiscard]] std::uint64_t attempts(std::size_t outcome) const { return load(attempts_[outcome]); }
  [[nodiscard]] std::uint64_t scenario_plans(std::size_t source) const { return load(scenario_sources_[source]); }
  [[nodiscard]] std::uint64_t http_faults(std::size_t fault) const { return load(http_faults_[fault]); }

 private:
  using Counter = std::atomic<std::uint64_t>;
  static void add(Counter& c, std::uint64_t n = 1) { c.fetch_add(n, std::memory_order_relaxed); }
  static std::uint64_t load(const Counter& c) { return c.load(std::memory_order_relaxed); }

  std::array<std::array<Counter, kResultCodes>, kOperations> requests_{};
  std::array<std::array<Counter, kLatencyBoundsUs.size() + 1>, kOperations> latency_{};  // not cumulative
  std::array<Counter, kOperations> latency_sum_us_{};
  std::array<Counter, kAttemptOutcomes> attempts_{};
  std::array<Counter, kScenarioSources.size()> scenario_sources_{};
  std::array<Counter, kHttpFaults> http_faults_{};
};

}  // namespace antom::server
