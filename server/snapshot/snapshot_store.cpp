#include "server/snapshot/snapshot_store.hpp"

namespace antom::server {

state::Status SnapshotStore::put(std::shared_ptr<const Snapshot> snapshot) {
  const std::uint64_t records = count(*snapshot).records();  // outside the lock
  std::shared_ptr<const Snapshot> replaced;                  // freed outside the lock
  std::lock_guard lock(mu_);
  auto it = kept_.find(snapshot->name);
  const std::uint64_t others = records_ - (it == kept_.end() ? 0 : it->second.records);
  if (it == kept_.end() && kept_.size() >= kMaxSnapshots)
    return state::Status::refused("at most " + std::to_string(kMaxSnapshots) +
                                  " snapshots are kept; delete one first (DELETE /_sim/snapshots/{name})");
  if (others + records > kMaxRecords)
    return state::Status::refused("snapshots kept in memory would hold " + std::to_string(others + records) +
                                  " records, over the bound of " + std::to_string(kMaxRecords) +
                                  "; delete one first (DELETE /_sim/snapshots/{name})");
  records_ = others + records;
  if (it == kept_.end()) {
    const std::string name = snapshot->name;
    kept_.emplace(name, Kept{std::move(snapshot), records});
  } else {
    replaced = std::move(it->second.snapshot);
    it->second = Kept{std::move(snapshot), records};
  }
  return state::Status();
}

std::shared_ptr<const Snapshot> SnapshotStore::find(std::string_view name) const {
  std::lock_guard lock(mu_);
  auto it = kept_.find(name);
  return it == kept_.end() ? nullptr : it->second.snapshot;
}

bool SnapshotStore::remove(std::string_view name) {
  std::shared_ptr<const Snapshot> gone;
  std::lock_guard lock(mu_);
  auto it = kept_.find(name);
  if (it == kept_.end()) return false;
  records_ -= it->second.records;
  gone = std::move(it->second.snapshot);
  kept_.erase(it);
  return true;
}

std::vector<std::shared_ptr<const Snapshot>> SnapshotStore::all() const {
  std::lock_guard lock(mu_);
  std::vector<std::shared_ptr<const Snapshot>> out;
  for (const auto& [name, k] : kept_) out.push_back(k.snapshot);
  return out;
}

void SnapshotStore::clear() {
  std::map<std::string, Kept, std::less<>> gone;
  std::lock_guard lock(mu_);
  gone.swap(kept_);
  records_ = 0;
}

}  // namespace antom::server
