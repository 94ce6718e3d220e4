#pragma once
// The scenario catalog (scenarios/catalog/*.json), compiled into the binary by a build step
// (cmake/embed_files.cmake), so antom-sim runs from anywhere with its full catalog.
#include <span>
#include <string_view>

namespace antom::scenarios {

struct EmbeddedFile {
  std::string_view name;  // file name, e.g. "pay-errors.json"
  std::string_view text;  // the file's bytes
};

// Every catalog file, sorted by name.
[[nodiscard]] std::span<const EmbeddedFile> builtin_catalog_files();

}  // namespace antom::scenarios
