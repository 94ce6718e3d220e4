#include "scenarios/matcher.hpp"

#include <algorithm>
#include <charconv>

namespace antom::scenarios {
namespace {

bool one_of(const std::vector<std::string>& allowed, std::string_view value) {
  return allowed.empty() || std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

std::optional<double> as_number(std::string_view s) {
  double d = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return d;
}

}  // namespace

bool field_matches(const FieldMatch& m, const PlanInput& input) {
  const std::optional<std::string_view> value = input.field ? input.field(m.path) : std::nullopt;
  if (m.kind == FieldMatch::Kind::Absent) return !value;
  if (!value) return false;
  switch (m.kind) {
    case FieldMatch::Kind::Equals: return one_of(m.values, *value);
    case FieldMatch::Kind::Prefix: return value->starts_with(m.values.front());
    case FieldMatch::Kind::Contains: return value->find(m.values.front()) != std::string::npos;
    case FieldMatch::Kind::Range: {
      auto n = as_number(*value);
      return n && (!m.min || *n >= *m.min) && (!m.max || *n <= *m.max);
    }
    case FieldMatch::Kind::Absent: break;
  }
  return false;
}

bool rule_matches(const Match& m, const MatchFacts& f) {
  const PlanInput& in = f.input;
  if (!one_of(m.operations, in.operation) || !one_of(m.merchants, in.client_id) || !one_of(m.wallets, in.wallet))
    return false;
  if (!m.args.empty() && !one_of(m.args, f.arg)) return false;
  if (m.from && in.now < *m.from) return false;
  if (m.until && in.now >= *m.until) return false;
  if (m.attempts && (f.attempt < m.attempts->from || (m.attempts->to && f.attempt > *m.attempts->to))) return false;
  for (const auto& field : m.fields)
    if (!field_matches(field, in)) return false;
  if (m.probability && f.draw >= *m.probability) return false;
  return true;
}

}  // namespace antom::scenarios
