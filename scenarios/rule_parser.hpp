#pragma once
// Turns one rule object of a scenario file into a Rule; errors go into the reader.
#include "scenarios/json_reader.hpp"
#include "scenarios/scenario.hpp"

namespace antom::scenarios::detail {

[[nodiscard]] Rule parse_rule(Reader& rule);

}  // namespace antom::scenarios::detail
