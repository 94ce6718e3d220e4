#include "state/key_index.hpp"

#include <functional>

namespace antom::state {

std::uint32_t KeyIndex::hash_of(std::string_view key) {
  const std::size_t h = std::hash<std::string_view>{}(key);
  return static_cast<std::uint32_t>(h ^ (h >> 32));
}

void KeyIndex::place(Slot slot) {
  std::size_t i = slot.hash & mask();
  while (slots_[i].position_plus_one != 0) i = (i + 1) & mask();
  slots_[i] = slot;
}

void KeyIndex::insert(std::string_view key, std::uint32_t position) {
  if ((size_ + 1) * 2 > slots_.size()) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 16 : old.size() * 2, Slot{});
    for (const Slot& s : old)
      if (s.position_plus_one != 0) place(s);
  }
  place(Slot{hash_of(key), position + 1});
  ++size_;
}

void KeyIndex::clear() {
  slots_.clear();
  size_ = 0;
}

}  // namespace antom::state
