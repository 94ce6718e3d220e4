#pragma once
// The scenario engine: one hook between validation and state. plan() never touches state.
// Thread-safe: the catalog is an immutable snapshot swapped atomically (readers never block each
// other); a small mutex guards only attempt counters and activations.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/activation.hpp"
#include "scenarios/builtin_catalog.hpp"
#include "scenarios/catalog.hpp"
#include "scenarios/plan.hpp"
#include "scenarios/scenario.hpp"
#include "state/status.hpp"

namespace antom::scenarios {

struct ActiveScenario {
  std::string scope;  // "global" or the merchant's Client-Id
  Activation activation;
};

// Activations and attempt counters, as a snapshot keeps them (server/snapshot/).
struct EngineState {
  std::map<std::string, Activation, std::less<>> merchant_activations;
  std::optional<Activation> global_activation;
  std::map<std::string, int, std::less<>> attempts;  // "<clientId>\x1f<operation>\x1f<attempt key>" -> count
};

class Engine {
 public:
  Engine();

  [[nodiscard]] Plan plan(const PlanInput& input);

  // Loads every *.json of each directory, in order (a later directory overrides a same-named
  // scenario). A refusal names file, rule and field; then nothing changes.
  state::Status load_directories(const std::vector<std::filesystem::path>& dirs);
  // The built-in catalog (builtin_catalog.hpp), then `dirs` as above.
  state::Status load_catalog(std::span<const EmbeddedFile> built_in, const std::vector<std::filesystem::path>& dirs);
  // Adds or replaces one scenario from JSON text; the name in the text must equal `name`.
  state::Status put(std::string_view name, std::string_view json_text);
  bool remove(std::string_view name);  // also ends its activations

  [[nodiscard]] std::shared_ptr<const Scenario> find(std::string_view name) const;
  [[nodiscard]] std::vector<std::shared_ptr<const Scenario>> list() const;  // by name

  // Activates for one merchant (merchant set) or as the global default.
  state::Status activate(std::string_view name, std::optional<std::string> merchant, std::string arg,
                       state::TimePoint now, std::optional<state::TimePoint> until);
  // Ends the merchant's activation (or the global one when merchant is nullopt); false if none.
  bool deactivate(const std::optional<std::string>& merchant);
  void deactivate_all();
  [[nodiscard]] std::vector<ActiveScenario> active(state::TimePoint now) const;

  // Whole (merchant nullopt) or one merchant's activation and counters (the global one stays out).
  [[nodiscard]] EngineState save_state(std::optional<std::string_view> merchant) const;
  // Replaces them all, or that merchant's only.
  void restore_state(const EngineState& saved, std::optional<std::string_view> merchant);

  void reset();  // drops activations and attempt counters; the catalog stays
  void reset(std::string_view merchant);  // the same for one merchant; the global activation stays

 private:
  struct Candidate {
    std::shared_ptr<const Scenario> scenario;
    std::string arg;
    const char* source;
  };
  [[nodiscard]] std::vector<Candidate> candidates(const Catalog& catalog, const PlanInput& input, Plan& notes);
  [[nodiscard]] std::pair<std::string, int> next_attempt(const PlanInput& input);
  state::Status swap_in(std::vector<Scenario> added, const std::vector<std::string>& removed);

  std::atomic<std::shared_ptr<const Catalog>> catalog_;
  std::mutex write_mu_;  // serialises catalog writers (load, put, remove)

  mutable std::mutex mu_;  // guards the members below
  std::map<std::string, Activation, std::less<>> merchant_activations_;
  std::optional<Activation> global_activation_;
  std::map<std::string, int, std::less<>> attempts_;
  std::atomic<bool> any_activation_{false};
};

}  // namespace antom::scenarios
