#pragma once
// The portal's files (server/portal/assets/*), compiled into the binary by a build step
// (cmake/embed_files.cmake), so the portal works offline and from any directory.
#include <span>

#include "scenarios/builtin_catalog.hpp"

namespace antom::server {

using EmbeddedFile = scenarios::EmbeddedFile;

// Every portal asset, sorted by name.
[[nodiscard]] std::span<const EmbeddedFile> portal_asset_files();

}  // namespace antom::server
