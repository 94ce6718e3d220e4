#pragma once
// The state file (--state-file) and fixtures (--fixture): snapshot documents on disk.
// Saving is atomic: the document goes to a temporary file in the same directory, is fsynced, and
// renamed over the state file (then the directory is fsynced), so a crash leaves the old file or the
// new one, never half of one. Loading refuses a damaged file or one of another format version,
// naming the file and the problem, and leaves it untouched.
#include <filesystem>
#include <string>

#include "server/app.hpp"
#include "state/status.hpp"

namespace antom::server {

struct SaveResult {
  state::Status saved;     // refused: why the file was not written
  std::uint64_t bytes = 0;
};
// The whole simulator into `file`, atomically. Saves never overlap (one at a time).
[[nodiscard]] SaveResult save_state_file(App& app, const std::filesystem::path& file);

// At start: each --fixture, in order, then --state-file when the file exists, merged over the
// merchants --config registered. Throws std::runtime_error naming the file and the problem.
void load_startup_state(App& app);

// The document in `file`, checked; the problem names the file. Used by load_startup_state and tests.
struct LoadedDocument {
  std::shared_ptr<Snapshot> snapshot;
  std::string problem;
};
[[nodiscard]] LoadedDocument read_snapshot_file(App& app, const std::filesystem::path& file);

}  // namespace antom::server
