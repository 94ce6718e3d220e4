#pragma once
// "Did you mean": the known names nearest to a misspelled one, by edit distance.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace antom::scenarios {

// Levenshtein distance (insertions, deletions, substitutions of bytes).
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);
// Up to `limit` of `known`, nearest first (ties by name).
[[nodiscard]] std::vector<std::string> nearest_names(std::string_view name, const std::vector<std::string>& known,
                                                     std::size_t limit = 3);

}  // namespace antom::scenarios
