#pragma once
// The snapshot document: a snapshot as versioned JSON (docs/snapshots.md), for
// GET /_sim/snapshots/{name}, POST /_sim/snapshots with a document, --fixture and --state-file.
// The JSON is written from copies, never under a lock.
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "server/snapshot/snapshot.hpp"

namespace antom::server {

// The format's version, the document's "antomSimSnapshot". A change that an older antom-sim would
// misread takes a new number; this one refuses any other.
inline constexpr int kSnapshotFormat = 1;

[[nodiscard]] std::string export_document(const Snapshot& snapshot);

struct ImportResult {
  std::shared_ptr<Snapshot> snapshot;  // set when the whole document holds
  std::string problem;                 // else what is wrong, with the JSON pointer where it is
};
// Reads and checks the whole document (version, fields, references) and builds the snapshot; nothing
// of the live state is touched. `known_scenario` says whether an activation's scenario exists.
[[nodiscard]] ImportResult import_document(std::string_view text,
                                           const std::function<bool(std::string_view)>& known_scenario);

}  // namespace antom::server
