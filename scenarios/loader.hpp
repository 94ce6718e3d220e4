#pragma once
// Reads scenario files. A file is refused whole, with an error naming the file, the rule and the
// field; nothing of a refused file is ever used.
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/builtin_catalog.hpp"
#include "scenarios/scenario.hpp"

namespace antom::scenarios {

inline constexpr std::size_t kMaxScenarioBytes = 256 * 1024;
inline constexpr std::size_t kMaxRules = 200;

struct ParsedScenario {
  Scenario scenario;
  std::string error;  // non-empty: refused, `scenario` is meaningless
  [[nodiscard]] bool ok() const { return error.empty(); }
};

// `origin` names the source in errors (a file path, or "PUT /_sim/scenarios/x").
[[nodiscard]] ParsedScenario parse_scenario(std::string_view json_text, std::string_view origin);

struct ParsedDirectory {
  std::vector<Scenario> scenarios;
  std::string error;
};
// Every *.json of each directory (sorted by name), in the order of `dirs`. All or nothing.
[[nodiscard]] ParsedDirectory parse_directories(const std::vector<std::filesystem::path>& dirs);
// `built_in` first (origin "built-in:<file name>"), then every directory as above.
inline constexpr std::string_view kBuiltInOrigin = "built-in:";
[[nodiscard]] ParsedDirectory parse_catalog(std::span<const EmbeddedFile> built_in,
                                            const std::vector<std::filesystem::path>& dirs);

// The operations a rule may name (the wire names: "pay", "inquiryPayment", ...).
[[nodiscard]] bool is_known_operation(std::string_view name);
// Scenario names: 1-48 of [a-z0-9-], starting with a letter or digit.
[[nodiscard]] bool is_valid_scenario_name(std::string_view name);

}  // namespace antom::scenarios
