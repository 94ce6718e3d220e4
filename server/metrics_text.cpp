#include "server/metrics_text.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "server/notify/notifier.hpp"

namespace antom::server {
namespace {

struct Text {
  std::string out;

  void family(std::string_view name, std::string_view type, std::string_view help) {
    out.append("# HELP ").append(name).append(" ").append(help).append("\n");
    out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
  }
  // Label values here are names from our own tables (operations, result codes, outcomes): no
  // character needs escaping, which the tests check through promtool.
  void sample(std::string_view name, std::string_view labels, std::uint64_t value) {
    out.append(name);
    if (!labels.empty()) out.append("{").append(labels).append("}");
    out.append(" ").append(std::to_string(value)).append("\n");
  }
  void sample(std::string_view name, std::string_view labels, double value) {
    out.append(name);
    if (!labels.empty()) out.append("{").append(labels).append("}");
    char buf[64];
    std::snprintf(buf, sizeof buf, " %.6f\n", value);
    out.append(buf);
  }
};

std::string_view operation_name(std::size_t index) {
  const auto ops = all_operations();
  for (const auto& op : ops)
    if (static_cast<std::size_t>(op.op) == index) return op.name;
  return "none";
}

std::string label(std::string_view name, std::string_view value) {
  return std::string(name) + "=\"" + std::string(value) + "\"";
}

std::string le_text(std::uint32_t bound_us) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", bound_us / 1e6);
  return buf;
}

}  // namespace

std::string render_metrics(App& app) {
  const Metrics& m = app.metrics;
  Text t;
  const auto codes = state::all_result_codes();

  t.family("antom_sim_requests_total", "counter",
           "Antom API requests (/ams/) by operation and resultCode answered (\"none\": refused before an Antom answer).");
  for (std::size_t op = 0; op < Metrics::kOperations; ++op) {
    for (std::size_t c = 0; c < Metrics::kResultCodes; ++c) {
      const std::uint64_t n = m.requests(op, c);
      if (n == 0) continue;
      const std::string_view code = c < codes.size() ? codes[c].name : std::string_view("none");
      t.sample("antom_sim_requests_total", label("operation", operation_name(op)) + "," + label("result_code", code), n);
    }
  }

  t.family("antom_sim_request_duration_seconds", "histogram",
           "Time to produce the answer of an Antom API request (real time; scenario latency and the write excluded).");
  for (std::size_t op = 0; op < Metrics::kOperations; ++op) {
    std::uint64_t cumulative = 0;
    std::array<std::uint64_t, Metrics::kLatencyBoundsUs.size() + 1> buckets{};
    for (std::size_t b = 0; b < buckets.size(); ++b) buckets[b] = m.latency_bucket(op, b);
    std::uint64_t total = 0;
    for (auto n : buckets) total += n;
    if (total == 0) continue;
    const std::string op_label = label("operation", operation_name(op));
    for (std::size_t b = 0; b < Metrics::kLatencyBoundsUs.size(); ++b) {
      cumulative += buckets[b];
      t.sample("antom_sim_request_duration_seconds_bucket", op_label + "," + label("le", le_text(Metrics::kLatencyBoundsUs[b])),
               cumulative);
    }
    t.sample("antom_sim_request_duration_seconds_bucket", op_label + ",le=\"+Inf\"", total);
    t.sample("antom_sim_request_duration_seconds_sum", op_label, static_cast<double>(m.latency_sum_us(op)) / 1e6);
    t.sample("antom_sim_request_duration_seconds_count", op_label, total);
  }

  t.family("antom_sim_notification_attempts_total", "counter", "Notification delivery attempts by outcome.");
  for (std::size_t o = 0; o < kAttemptOutcomes; ++o)
    t.sample("antom_sim_notification_attempts_total", label("outcome", to_string(static_cast<AttemptOutcome>(o))), m.attempts(o));

  // Gauges from state: each merchant's lock is held only to count, never across the text.
  std::size_t queued = 0;
  std::size_t journal = 0;
  state::Millis oldest_age{0};  // on each merchant's own clock
  for (const auto& id : app.world.client_ids()) {
    const auto now = app.world.now(id);
    app.world.with_merchant(id, [&](state::MerchantState& s) {
      queued += s.outbox.undelivered();
      journal += s.outbox.size();
      if (auto at = s.outbox.oldest_undelivered(); at && *at < now) oldest_age = std::max(oldest_age, now - *at);
    });
  }
  t.family("antom_sim_notifications_queued", "gauge", "Notifications not yet delivered, given up or dropped.");
  t.sample("antom_sim_notifications_queued", "", static_cast<std::uint64_t>(queued));
  t.family("antom_sim_notification_oldest_queued_age_seconds", "gauge",
           "Virtual-clock age of the oldest queued notification (0 when none).");
  t.sample("antom_sim_notification_oldest_queued_age_seconds", "",
           std::chrono::duration<double>(oldest_age).count());
  const NotifierStats sender = app.notifier ? app.notifier->stats() : NotifierStats{};
  t.family("antom_sim_notifications_in_flight", "gauge", "Notification attempts being sent now.");
  t.sample("antom_sim_notifications_in_flight", "", static_cast<std::uint64_t>(sender.in_flight));
  t.family("antom_sim_retention_expired_total", "counter", "Finished records dropped by --retention-days.");
  t.sample("antom_sim_retention_expired_total", label("record", "notifications"), sender.expired);
  t.sample("antom_sim_retention_expired_total", label("record", "payments"), sender.expired_payments);
  t.sample("antom_sim_retention_expired_total", label("record", "refunds"), sender.expired_refunds);
  t.sample("antom_sim_retention_expired_total", label("record", "declarations"), sender.expired_declarations);
  t.sample("antom_sim_retention_expired_total", label("record", "authorizations"), sender.expired_authorizations);

  t.family("antom_sim_scenario_plans_total", "counter",
           "Requests shaped by a scenario rule, by how the scenario was selected.");
  for (std::size_t s = 0; s < kScenarioSources.size(); ++s)
    t.sample("antom_sim_scenario_plans_total", label("source", kScenarioSources[s]), m.scenario_plans(s));
  t.family("antom_sim_http_faults_total", "counter", "HTTP faults applied by scenarios.");
  for (std::size_t f = 1; f < Metrics::kHttpFaults; ++f)
    t.sample("antom_sim_http_faults_total", label("fault", scenarios::to_string(static_cast<scenarios::HttpFault>(f))),
             m.http_faults(f));
  t.family("antom_sim_scenario_activations", "gauge", "Scenarios activated now (per merchant and global).");
  t.sample("antom_sim_scenario_activations", "", static_cast<std::uint64_t>(app.scenarios.active(app.world.clock().now()).size()));

  t.family("antom_sim_journal_entries", "gauge", "Entries kept in the simulator's bounded journals.");
  t.sample("antom_sim_journal_entries", label("journal", "notifications"), static_cast<std::uint64_t>(journal));
  t.sample("antom_sim_journal_entries", label("journal", "signature_diagnoses"),
           static_cast<std::uint64_t>(app.signature_diagnoses.size()));
  t.sample("antom_sim_journal_entries", label("journal", "requests"), static_cast<std::uint64_t>(app.journal.size()));
  t.family("antom_sim_journal_dropped_total", "counter", "Entries the bounded journals dropped to stay in bounds.");
  t.sample("antom_sim_journal_dropped_total", label("journal", "requests"), app.journal.dropped_total());
  return std::move(t.out);
}

}  // namespace antom::server
