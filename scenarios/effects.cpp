#include "scenarios/effects.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace antom::scenarios {

std::chrono::milliseconds sample_latency(const Latency& l, const DrawKey& draw) {
  using std::chrono::milliseconds;
  switch (l.kind) {
    case Latency::Kind::None: return milliseconds(0);
    case Latency::Kind::Fixed: return l.low;
    case Latency::Kind::Uniform: {
      auto span = static_cast<double>((l.high - l.low).count() + 1);
      auto offset = static_cast<long long>(draw.unit() * span);
      return l.low + milliseconds(std::min<long long>(offset, (l.high - l.low).count()));
    }
    case Latency::Kind::LogNormal: {
      // Box-Muller from two independent draws; median * exp(sigma * z), capped.
      double u1 = std::max(DrawKey(draw.value()).add("u1").unit(), 1e-12);
      double u2 = DrawKey(draw.value()).add("u2").unit();
      double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
      double ms = static_cast<double>(l.low.count()) * std::exp(l.sigma * z);
      return milliseconds(std::clamp<long long>(std::llround(ms), 0, l.high.count()));
    }
  }
  return milliseconds(0);
}

Plan plan_for(const Scenario& scenario, const Rule& rule, const DrawKey& latency_draw) {
  Plan plan;
  plan.scenario = scenario.name;
  plan.rule = rule.name;
  plan.directive = rule.effect.directive;
  plan.directive.scenario = scenario.name;
  plan.latency = sample_latency(rule.effect.latency, latency_draw);
  plan.http_fault = rule.effect.http_fault;
  if (rule.effect.stall) plan.stall = *rule.effect.stall;
  return plan;
}

}  // namespace antom::scenarios
