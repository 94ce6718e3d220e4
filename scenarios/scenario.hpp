#pragma once
// A scenario as loaded from its JSON file: a name, a description and ordered rules. Each rule says
// when it applies (Match) and what it does (Effect). Immutable once loaded.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/plan.hpp"
#include "state/directive.hpp"
#include "state/time.hpp"

namespace antom::scenarios {

// One condition on a request field, by dotted path. Exactly one kind is set.
struct FieldMatch {
  enum class Kind { Equals, Prefix, Contains, Range, Absent };
  std::string path;
  Kind kind = Kind::Equals;
  std::vector<std::string> values;  // Equals: any of; Prefix/Contains: one
  std::optional<double> min;        // Range: inclusive bounds on the numeric value
  std::optional<double> max;
};

// Which tries of one idempotency key (or inquiry target) a rule applies to, 1-based, inclusive.
struct AttemptMatch {
  int from = 1;
  std::optional<int> to;
};

struct Match {
  std::vector<std::string> operations;  // empty = any
  std::vector<std::string> merchants;
  std::vector<std::string> wallets;
  std::vector<std::string> args;        // the "/ARG" of sim:NAME/ARG or the header
  std::vector<FieldMatch> fields;       // all must hold
  std::optional<AttemptMatch> attempts;
  std::optional<double> probability;    // 0..1, drawn from the seed
  std::optional<state::TimePoint> from; // virtual-time window [from, until)
  std::optional<state::TimePoint> until;
};

struct Latency {
  enum class Kind { None, Fixed, Uniform, LogNormal };
  Kind kind = Kind::None;
  std::chrono::milliseconds low{0};   // Fixed: the value; Uniform: lower bound; LogNormal: median
  std::chrono::milliseconds high{0};  // Uniform: upper bound; LogNormal: cap
  double sigma = 0;                   // LogNormal
};

struct Effect {
  state::Directive directive;  // scenario name is filled in when planned
  Latency latency;
  HttpFault http_fault = HttpFault::None;
  std::optional<std::chrono::milliseconds> stall;
};

struct Rule {
  std::string name;
  Match match;
  Effect effect;
};

struct Scenario {
  std::string name;
  std::string description;
  std::vector<Rule> rules;
  std::vector<std::string> magic_amounts;  // amount values that select this scenario
  std::string source;                      // the JSON text it was loaded from
  std::string origin;                      // file path, or "api"
};

}  // namespace antom::scenarios
