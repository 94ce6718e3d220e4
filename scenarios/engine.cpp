#include "scenarios/engine.hpp"

#include <algorithm>

#include "scenarios/effects.hpp"
#include "scenarios/loader.hpp"
#include "scenarios/matcher.hpp"
#include "scenarios/rng.hpp"
#include "state/clock.hpp"

namespace antom::scenarios {
namespace {

constexpr std::size_t kMaxAttemptKeys = 100000;  // bound memory; clearing only restarts counts

std::optional<std::string_view> read_field(const PlanInput& input, std::string_view path) {
  if (!input.field) return std::nullopt;
  return input.field(path);
}

}  // namespace

Engine::Engine() : catalog_(std::make_shared<const Catalog>()) {}

std::vector<Engine::Candidate> Engine::candidates(const Catalog& catalog, const PlanInput& input, Plan& notes) {
  std::vector<Candidate> out;
  if (!input.header_scenario.empty()) {
    auto ref = parse_scenario_ref(input.header_scenario);
    auto scenario = ref ? catalog.find(ref->name) : nullptr;
    if (scenario)
      out.push_back({scenario, ref->arg, "header"});
    else
      notes.warning = "x-sim-scenario: unknown scenario '" + std::string(input.header_scenario) + "'";
  }
  const bool may_hold_directive = input.raw_body.empty() || input.raw_body.find("sim:") != std::string_view::npos ||
                                  input.raw_body.find("\\u") != std::string_view::npos;
  for (auto path : kDirectiveFields) {
    if (!may_hold_directive) break;
    auto value = read_field(input, path);
    if (!value) continue;
    auto ref = find_directive(*value);
    if (!ref) continue;
    if (auto scenario = catalog.find(ref->name)) {
      out.push_back({scenario, ref->arg, "directive"});
      break;
    }
    if (notes.warning.empty()) notes.warning = std::string(path) + ": unknown scenario 'sim:" + ref->name + "'";
  }
  if (input.magic_amounts && !catalog.by_magic_amount.empty()) {
    for (auto path : kAmountFields) {
      auto value = read_field(input, path);
      if (!value) continue;
      auto it = catalog.by_magic_amount.find(*value);
      if (it != catalog.by_magic_amount.end()) {
        if (auto scenario = catalog.find(it->second)) out.push_back({scenario, "", "amount"});
      }
      break;
    }
  }
  if (any_activation_.load()) {
    std::lock_guard lock(mu_);
    auto it = merchant_activations_.find(input.client_id);
    if (it != merchant_activations_.end()) {
      if (!it->second.live(input.now)) {
        merchant_activations_.erase(it);
      } else if (auto scenario = catalog.find(it->second.scenario)) {
        out.push_back({scenario, it->second.arg, "merchant"});
      }
    }
    if (global_activation_) {
      if (!global_activation_->live(input.now)) {
        global_activation_.reset();
      } else if (auto scenario = catalog.find(global_activation_->scenario)) {
        out.push_back({scenario, global_activation_->arg, "global"});
      }
    }
    any_activation_ = !merchant_activations_.empty() || global_activation_.has_value();
  }
  return out;
}

std::pair<std::string, int> Engine::next_attempt(const PlanInput& input) {
  std::string key(input.idempotency_key);
  if (key.empty()) {
    for (auto path : kAttemptKeyFields) {
      if (auto value = read_field(input, path)) {
        key = std::string(path) + "=" + std::string(*value);
        break;
      }
    }
  }
  std::string counter_key = std::string(input.client_id) + '\x1f' + std::string(input.operation) + '\x1f' + key;
  std::lock_guard lock(mu_);
  if (attempts_.size() >= kMaxAttemptKeys && !attempts_.contains(counter_key)) attempts_.clear();
  int n = ++attempts_[counter_key];
  return {std::move(key), n};
}

Plan Engine::plan(const PlanInput& input) {
  auto catalog = catalog_.load();
  Plan notes;
  auto cands = candidates(*catalog, input, notes);
  if (cands.empty()) return notes;
  auto [attempt_key, attempt] = next_attempt(input);
  const std::uint64_t seed = input.seed;
  for (const auto& c : cands) {
    for (const auto& rule : c.scenario->rules) {
      DrawKey draw(seed);
      draw.add(c.scenario->name).add(rule.name).add(input.client_id).add(input.operation).add(attempt_key);
      draw.add(static_cast<std::uint64_t>(attempt));
      if (!rule_matches(rule.match, MatchFacts{input, c.arg, attempt, draw.unit()})) continue;
      DrawKey latency_draw(draw.value());
      latency_draw.add("latency");
      Plan plan = plan_for(*c.scenario, rule, latency_draw);
      plan.source = c.source;
      plan.warning = notes.warning;
      return plan;
    }
  }
  return notes;
}

state::Status Engine::swap_in(std::vector<Scenario> added, const std::vector<std::string>& removed) {
  std::lock_guard lock(write_mu_);
  auto base = catalog_.load();
  auto built = build_catalog(*base, std::move(added), removed);
  if (!built.error.empty()) return state::Status::refused(built.error);
  catalog_.store(std::move(built.catalog));
  return {};
}

state::Status Engine::load_directories(const std::vector<std::filesystem::path>& dirs) {
  auto parsed = parse_directories(dirs);
  if (!parsed.error.empty()) return state::Status::refused(parsed.error);
  return swap_in(std::move(parsed.scenarios), {});
}

state::Status Engine::load_catalog(std::span<const EmbeddedFile> built_in,
                                 const std::vector<std::filesystem::path>& dirs) {
  auto parsed = parse_catalog(built_in, dirs);
  if (!parsed.error.empty()) return state::Status::refused(parsed.error);
  return swap_in(std::move(parsed.scenarios), {});
}

state::Status Engine::put(std::string_view name, std::string_view json_text) {
  std::string origin = "PUT /_sim/scenarios/" + std::string(name);
  if (!is_valid_scenario_name(name)) return state::Status::refused(origin + ": field 'name': must be 1-48 of [a-z0-9-]");
  auto parsed = parse_scenario(json_text, origin);
  if (!parsed.ok()) return state::Status::refused(parsed.error);
  if (parsed.scenario.name != name)
    return state::Status::refused(origin + ": field 'name': '" + parsed.scenario.name + "' differs from the name in the path");
  parsed.scenario.origin = "api";
  std::vector<Scenario> added;
  added.push_back(std::move(parsed.scenario));
  return swap_in(std::move(added), {});
}

bool Engine::remove(std::string_view name) {
  if (!find(name)) return false;
  (void)swap_in({}, {std::string(name)});  // removing cannot leave a rule naming a missing scenario
  std::lock_guard lock(mu_);
  std::erase_if(merchant_activations_, [&](const auto& kv) { return kv.second.scenario == name; });
  if (global_activation_ && global_activation_->scenario == name) global_activation_.reset();
  any_activation_ = !merchant_activations_.empty() || global_activation_.has_value();
  return true;
}

std::shared_ptr<const Scenario> Engine::find(std::string_view name) const { return catalog_.load()->find(name); }

std::vector<std::shared_ptr<const Scenario>> Engine::list() const {
  auto catalog = catalog_.load();
  std::vector<std::shared_ptr<const Scenario>> out;
  out.reserve(catalog->by_name.size());
  for (const auto& [name, scenario] : catalog->by_name) out.push_back(scenario);
  return out;
}

state::Status Engine::activate(std::string_view name, std::optional<std::string> merchant, std::string arg,
                               state::TimePoint now, std::optional<state::TimePoint> until) {
  const auto scenario = find(name);
  if (!scenario) return state::Status::refused("unknown scenario '" + std::string(name) + "'");
  if (!arg.empty()) {  // an argument no rule matches would activate a scenario that does nothing
    std::vector<std::string> accepted;
    for (const auto& rule : scenario->rules)
      for (const auto& a : rule.match.args)
        if (std::find(accepted.begin(), accepted.end(), a) == accepted.end()) accepted.push_back(a);
    if (std::find(accepted.begin(), accepted.end(), arg) == accepted.end()) {
      if (accepted.empty()) return state::Status::refused("arg '" + arg + "': scenario '" + std::string(name) + "' takes no argument");
      std::string list;
      for (const auto& a : accepted) list += (list.empty() ? "" : ", ") + a;
      return state::Status::refused("arg '" + arg + "' is not one scenario '" + std::string(name) + "' accepts: " + list);
    }
  }
  if (until && *until <= now) return state::Status::refused("the expiry must be after the current virtual time");
  if (until && *until > state::kClockMax)
    return state::Status::refused("the expiry must be within the virtual clock's range, at most " +
                                  state::format_iso8601(state::kClockMax, 0) + "; leave it out for no end");
  Activation a{std::string(name), std::move(arg), now, until};
  std::lock_guard lock(mu_);
  if (merchant)
    merchant_activations_[*merchant] = std::move(a);
  else
    global_activation_ = std::move(a);
  any_activation_ = true;
  return {};
}

bool Engine::deactivate(const std::optional<std::string>& merchant) {
  std::lock_guard lock(mu_);
  bool had = false;
  if (merchant) {
    had = merchant_activations_.erase(*merchant) > 0;
  } else {
    had = global_activation_.has_value();
    global_activation_.reset();
  }
  any_activation_ = !merchant_activations_.empty() || global_activation_.has_value();
  return had;
}

void Engine::deactivate_all() {
  std::lock_guard lock(mu_);
  merchant_activations_.clear();
  global_activation_.reset();
  any_activation_ = false;
}

std::vector<ActiveScenario> Engine::active(state::TimePoint now) const {
  std::lock_guard lock(mu_);
  std::vector<ActiveScenario> out;
  if (global_activation_ && global_activation_->live(now)) out.push_back({"global", *global_activation_});
  for (const auto& [merchant, a] : merchant_activations_)
    if (a.live(now)) out.push_back({merchant, a});
  return out;
}

void Engine::reset(std::string_view merchant) {
  const std::string prefix = std::string(merchant) + '\x1f';  // next_attempt's counter keys
  std::lock_guard lock(mu_);
  if (auto it = merchant_activations_.find(std::string(merchant)); it != merchant_activations_.end())
    merchant_activations_.erase(it);
  std::erase_if(attempts_, [&](const auto& kv) { return kv.first.starts_with(prefix); });
  any_activation_ = !merchant_activations_.empty() || global_activation_.has_value();
}

EngineState Engine::save_state(std::optional<std::string_view> merchant) const {
  EngineState out;
  std::lock_guard lock(mu_);
  if (!merchant) {
    out.merchant_activations = merchant_activations_;
    out.global_activation = global_activation_;
    out.attempts = attempts_;
    return out;
  }
  if (auto it = merchant_activations_.find(*merchant); it != merchant_activations_.end())
    out.merchant_activations.emplace(it->first, it->second);
  const std::string prefix = std::string(*merchant) + '\x1f';
  for (auto it = attempts_.lower_bound(prefix); it != attempts_.end() && it->first.starts_with(prefix); ++it)
    out.attempts.emplace(it->first, it->second);
  return out;
}

void Engine::restore_state(const EngineState& saved, std::optional<std::string_view> merchant) {
  std::lock_guard lock(mu_);
  if (!merchant) {
    merchant_activations_ = saved.merchant_activations;
    global_activation_ = saved.global_activation;
    attempts_ = saved.attempts;
  } else {
    const std::string prefix = std::string(*merchant) + '\x1f';
    if (auto it = merchant_activations_.find(*merchant); it != merchant_activations_.end()) merchant_activations_.erase(it);
    std::erase_if(attempts_, [&](const auto& kv) { return kv.first.starts_with(prefix); });
    if (auto it = saved.merchant_activations.find(*merchant); it != saved.merchant_activations.end())
      merchant_activations_.emplace(it->first, it->second);
    for (const auto& [key, n] : saved.attempts)
      if (key.starts_with(prefix)) attempts_[key] = n;
  }
  any_activation_ = !merchant_activations_.empty() || global_activation_.has_value();
}

void Engine::reset() {
  std::lock_guard lock(mu_);
  merchant_activations_.clear();
  global_activation_.reset();
  attempts_.clear();
  any_activation_ = false;
}


}  // namespace antom::scenarios
