#pragma once
// Finds a record by its key (a paymentId, a paymentRequestId, ...) among records kept in order in
// a deque. One flat array of (hash, position) slots with linear probing: a lookup touches one
// slot, where std::unordered_map touched a bucket, a node and the key, each a cache miss once a
// world holds many payments (~7% of the CPU of a pay under load, docs/benchmarks.md). Keys are
// not stored; the records hold them, so an index copies with its records as plain data.
// Kept for the 60 000 req/s goal with verification and signing off (median 60 441 req/s on
// 2026-12-05, gateway_bench: at the goal, with no margin to give): a live server with tens of
// thousands of payments spent ~7 % of its CPU in the unordered_map lookups this replaced. Memory
// alone would not need it (751 -> 646 bytes a payment; goal 1 KB).
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace antom::state {

class KeyIndex {
 public:
  // `key_of(position)` gives the key of the record at `position`, to confirm a match.
  template <class KeyOf>
  [[nodiscard]] std::optional<std::uint32_t> find(std::string_view key, KeyOf&& key_of) const {
    if (slots_.empty()) return std::nullopt;
    const std::uint32_t hash = hash_of(key);
    for (std::size_t i = hash & mask(); slots_[i].position_plus_one != 0; i = (i + 1) & mask())
      if (slots_[i].hash == hash && key_of(slots_[i].position_plus_one - 1) == key) return slots_[i].position_plus_one - 1;
    return std::nullopt;
  }
  // Adds a key. A key added twice keeps its first position (probing finds that one first).
  void insert(std::string_view key, std::uint32_t position);
  void clear();
  [[nodiscard]] std::size_t size() const { return size_; }

 private:
  struct Slot {
    std::uint32_t hash = 0;
    std::uint32_t position_plus_one = 0;  // 0: empty
  };
  [[nodiscard]] static std::uint32_t hash_of(std::string_view key);
  [[nodiscard]] std::size_t mask() const { return slots_.size() - 1; }
  void place(Slot slot);

  std::vector<Slot> slots_;  // a power of two in size, at most half full
  std::size_t size_ = 0;
};

}  // namespace antom::state
