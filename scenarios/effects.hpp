#pragma once
// Turns a matched rule's Effect into the Plan the pipeline and state carry out.
#include "scenarios/plan.hpp"
#include "scenarios/rng.hpp"
#include "scenarios/scenario.hpp"

namespace antom::scenarios {

// `latency_draw` seeds the latency sample (uniform and log-normal need two draws).
[[nodiscard]] Plan plan_for(const Scenario& scenario, const Rule& rule, const DrawKey& latency_draw);
[[nodiscard]] std::chrono::milliseconds sample_latency(const Latency& latency, const DrawKey& draw);

}  // namespace antom::scenarios
