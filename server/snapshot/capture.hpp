#pragma once
// Taking and restoring snapshots against the running simulator.
// Taking one copies each merchant's state under that merchant's lock, one at a time (other
// merchants go on meanwhile); no JSON work, no I/O. Restoring builds the whole new state first and
// then swaps it in, so a restore cannot fail half-way; ids handed out since the snapshot are never
// handed out again (state::World::restore).
#include <optional>
#include <string>

#include "server/app.hpp"
#include "server/snapshot/snapshot.hpp"

namespace antom::server {

// Of the whole simulator (client_id nullopt) or of one registered merchant (the caller checked it).
[[nodiscard]] Snapshot take_snapshot(App& app, std::string name, std::optional<std::string> client_id);
// Brings it back: a whole snapshot replaces everything (merchants registered since are removed);
// a merchant snapshot replaces that merchant's registration and state only. `merge` (fixtures, the
// state file at start): a whole snapshot replaces the merchants it holds and the shared parts, and
// leaves other merchants (--config's, another fixture's) as they are.
void restore_snapshot(App& app, const Snapshot& snapshot, bool merge = false);

}  // namespace antom::server
