#pragma once
// The scenario catalog table, generated from the catalog so the two never disagree
// (docs/scenario-catalog.md is this text; a unit test checks it is current).
#include <memory>
#include <string>
#include <vector>

#include "scenarios/scenario.hpp"

namespace antom::scenarios {

[[nodiscard]] std::string render_catalog_markdown(const std::vector<std::shared_ptr<const Scenario>>& scenarios);

}  // namespace antom::scenarios
