#pragma once
// The loaded scenarios, indexed by name and by magic amount. Immutable: changes build a new
// Catalog that the engine swaps in whole, so readers never lock.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "scenarios/scenario.hpp"

namespace antom::scenarios {

struct Catalog {
  std::map<std::string, std::shared_ptr<const Scenario>, std::less<>> by_name;
  std::map<std::string, std::string, std::less<>> by_magic_amount;  // amount value -> scenario name

  [[nodiscard]] std::shared_ptr<const Scenario> find(std::string_view name) const;
};

struct BuiltCatalog {
  std::shared_ptr<const Catalog> catalog;
  std::string error;  // two scenarios claiming one magic amount
};

// `base` plus `added` (same name replaces), minus `removed`.
[[nodiscard]] BuiltCatalog build_catalog(const Catalog& base, std::vector<Scenario> added,
                                         const std::vector<std::string>& removed = {});

}  // namespace antom::scenarios
