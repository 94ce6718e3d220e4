#include "server/metrics.hpp"

#include <algorithm>

namespace antom::server {

std::string_view to_string(AttemptOutcome outcome) {
  switch (outcome) {
    case AttemptOutcome::Acknowledged: return "acknowledged";
    case AttemptOutcome::NotAcknowledged: return "not_acknowledged";
    case AttemptOutcome::Timeout: return "timeout";
    case AttemptOutcome::TransportError: return "transport_error";
    case AttemptOutcome::NoUrl: return "no_url";
    case AttemptOutcome::Shutdown: return "shutdown";
  }
  return "unknown";
}

AttemptOutcome classify_attempt(std::string_view transport_error, bool acknowledged) {
  if (transport_error.empty()) return acknowledged ? AttemptOutcome::Acknowledged : AttemptOutcome::NotAcknowledged;
  if (transport_error.starts_with("shutdown")) return AttemptOutcome::Shutdown;
  if (transport_error.find("timed out") != std::string_view::npos) return AttemptOutcome::Timeout;
  if (transport_error.starts_with("no notification URL") || transport_error.starts_with("invalid notification URL"))
    return AttemptOutcome::NoUrl;
  return AttemptOutcome::TransportError;
}

void Metrics::record_request(std::optional<Operation> op, std::optional<state::ResultCode> code,
                             std::chrono::microseconds elapsed) {
  const std::size_t o = op ? std::min(static_cast<std::size_t>(*op), kOperations - 1) : kOperations - 1;
  const std::size_t c = code ? std::min(static_cast<std::size_t>(*code), kResultCodes - 1) : kResultCodes - 1;
  add(requests_[o][c]);
  const auto us = static_cast<std::uint64_t>(std::max<std::int64_t>(0, elapsed.count()));
  const auto bucket = std::lower_bound(kLatencyBoundsUs.begin(), kLatencyBoundsUs.end(), us) - kLatencyBoundsUs.begin();
  add(latency_[o][static_cast<std::size_t>(bucket)]);
  add(latency_sum_us_[o], us);
}

void Metrics::record_scenario(const scenarios::Plan& plan) {
  if (!plan.scenario.empty())
    for (std::size_t i = 0; i < kScenarioSources.size(); ++i)
      if (plan.source == kScenarioSources[i]) add(scenario_sources_[i]);
  if (plan.http_fault != scenarios::HttpFault::None)
    add(http_faults_[std::min(static_cast<std::size_t>(plan.http_fault), kHttpFaults - 1)]);
}

}  // namespace antom::server

namespace antom::server {
static_assert(static_cast<std::size_t>(Operation::InquiryDeclarationRequests) + 2 == Metrics::kOperations,
              "one slot per operation, and one for none");
static_assert(static_cast<std::size_t>(scenarios::HttpFault::WrongSignature) + 1 == Metrics::kHttpFaults,
              "one slot per HTTP fault");
}  // namespace antom::server
