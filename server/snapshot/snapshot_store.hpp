#pragma once
// Named snapshots kept in memory, bounded: at most kMaxSnapshots, and at most kMaxRecords records
// (payments, refunds, tokens, notifications, ...) over all of them. Snapshots are immutable once
// stored and shared: a restore copies from one while others may be listed or exported.
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "server/snapshot/snapshot.hpp"
#include "state/status.hpp"

namespace antom::server {

class SnapshotStore {
 public:
  static constexpr std::size_t kMaxSnapshots = 64;
  static constexpr std::uint64_t kMaxRecords = 5'000'000;

  // Stores (or replaces a same-named one); refused when a bound is reached, saying which.
  state::Status put(std::shared_ptr<const Snapshot> snapshot);
  [[nodiscard]] std::shared_ptr<const Snapshot> find(std::string_view name) const;
  bool remove(std::string_view name);
  [[nodiscard]] std::vector<std::shared_ptr<const Snapshot>> all() const;  // by name
  void clear();

 private:
  struct Kept {
    std::shared_ptr<const Snapshot> snapshot;
    std::uint64_t records = 0;
  };
  mutable std::mutex mu_;
  std::map<std::string, Kept, std::less<>> kept_;
  std::uint64_t records_ = 0;
};

}  // namespace antom::server
