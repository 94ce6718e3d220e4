#include "state/world.hpp"

#include <atomic>
#include <set>

namespace antom::state {
namespace {

std::uint64_t hash_name(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a: stable across runs and platforms
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

}  // namespace

World::World(std::uint64_t seed)
    : wallets_(std::make_shared<const WalletTable>()), fx_(std::make_shared<const FxTable>()), seed_(seed) {}

MerchantState World::fresh_state(std::string_view client_id) const {
  MerchantState s;
  s.client_id = std::string(client_id);
  s.ids.reseed(seed_ ^ hash_name(client_id));
  return s;
}

World::Partition& World::partition(std::string_view client_id) {
  {
    std::shared_lock read(map_mu_);
    if (auto it = partitions_.find(client_id); it != partitions_.end()) return *it->second;
  }
  std::unique_lock write(map_mu_);
  auto [it, inserted] = partitions_.try_emplace(std::string(client_id));
  if (inserted) {
    it->second = std::make_unique<Partition>();
    it->second->state = std::make_shared<MerchantState>(fresh_state(client_id));
  }
  return *it->second;
}

std::vector<std::string> World::client_ids() const {
  std::shared_lock read(map_mu_);
  std::vector<std::string> ids;
  for (const auto& [id, p] : partitions_) ids.push_back(id);
  return ids;
}

std::optional<MerchantState> World::copy_of(std::string_view client_id) {
  std::shared_lock read(map_mu_);
  auto it = partitions_.find(client_id);
  if (it == partitions_.end()) return std::nullopt;
  std::lock_guard lock(it->second->mu);
  MerchantState& state = writable(*it->second);
  const auto fx = fx_for(state);
  tick(state, clock_of(*it->second).now(), fx.get());
  return state;
}

const VirtualClock& World::clock_of(const Partition& p) const {
  const auto own = std::atomic_load(&p.own_clock);
  return own ? *own : clock_;  // called under p.mu, which follow_shared_clock takes to drop it
}

TimePoint World::now(std::string_view client_id) const { return clock_for(client_id)->now(); }

// Never creates a partition: a request naming an unknown Client-Id must not make one.
std::shared_ptr<VirtualClock> World::clock_for(std::string_view client_id) const {
  std::shared_lock read(map_mu_);
  if (auto it = partitions_.find(client_id); it != partitions_.end())
    if (auto own = std::atomic_load(&it->second->own_clock)) return own;
  return shared_clock_;
}

bool World::has_own_clock(std::string_view client_id) const { return clock_for(client_id) != shared_clock_; }

std::shared_ptr<VirtualClock> World::own_clock(std::string_view client_id) {
  Partition& p = partition(client_id);
  std::lock_guard lock(p.mu);
  if (auto own = std::atomic_load(&p.own_clock)) return own;
  auto own = std::make_shared<VirtualClock>();
  (void)own->set(clock_.now());
  if (clock_.frozen()) own->freeze();
  std::atomic_store(&p.own_clock, own);
  return own;
}

void World::follow_shared_clock(std::string_view client_id) {
  Partition& p = partition(client_id);
  std::lock_guard lock(p.mu);
  std::atomic_store(&p.own_clock, std::shared_ptr<VirtualClock>{});
}

std::shared_ptr<const WalletTable> World::wallets(std::string_view client_id) const {
  {
    std::shared_lock read(map_mu_);
    if (auto it = partitions_.find(client_id); it != partitions_.end())
      if (auto own = std::atomic_load(&it->second->own_wallets)) return own;
  }
  return wallets();
}

bool World::has_own_wallets(std::string_view client_id) const {
  std::shared_lock read(map_mu_);
  auto it = partitions_.find(client_id);
  return it != partitions_.end() && std::atomic_load(&it->second->own_wallets) != nullptr;
}

void World::set_wallets(std::string_view client_id, WalletTable table) {
  std::atomic_store(&partition(client_id).own_wallets, std::make_shared<const WalletTable>(std::move(table)));
}

void World::follow_shared_wallets(std::string_view client_id) {
  std::atomic_store(&partition(client_id).own_wallets, std::shared_ptr<const WalletTable>{});
}

void World::follow_shared_wallets_all() {
  for (const auto& id : client_ids()) follow_shared_wallets(id);
}

void World::follow_shared_clock_all() {
  for (const auto& id : client_ids()) follow_shared_clock(id);
}

std::shared_ptr<const MerchantState> World::share(std::string_view client_id) {
  Partition& p = partition(client_id);
  std::lock_guard lock(p.mu);
  return p.state;
}

std::vector<std::shared_ptr<const MerchantState>> World::share_all() {
  std::vector<std::shared_ptr<const MerchantState>> out;
  for (const auto& id : client_ids()) out.push_back(share(id));
  return out;
}

namespace {

// The saved state takes the place of the live one, with the live sequences if they are further on.
void keep_sequences(MerchantState& incoming, const MerchantState& live) {
  if (incoming.ids.seed() == 0 && incoming.ids.counter() == 0) {  // a hand-written fixture names no sequence
    incoming.ids = live.ids;
  }
  if (live.ids.seed() == incoming.ids.seed() && live.ids.counter() > incoming.ids.counter())
    incoming.ids.restore(incoming.ids.seed(), live.ids.counter());
  incoming.outbox.keep_sequence_at_least(live.outbox.next_sequence());
  incoming.outbox.requeue_in_flight();
}

}  // namespace

void World::restore(std::vector<MerchantState> states, bool forget_others) {
  std::set<std::string, std::less<>> restored;
  for (auto& incoming : states) {
    restored.insert(incoming.client_id);
    Partition& p = partition(incoming.client_id);
    auto next = std::make_shared<MerchantState>(std::move(incoming));
    {
      std::lock_guard lock(p.mu);
      keep_sequences(*next, *p.state);
      std::swap(p.state, next);
    }
    // `next` now holds the old state: freed here (when no snapshot shares it), outside the lock.
  }
  if (!forget_others) return;
  for (const auto& id : client_ids()) {
    if (restored.contains(id)) continue;
    auto fresh = std::make_shared<MerchantState>(fresh_state(id));
    Partition& p = partition(id);
    std::lock_guard lock(p.mu);
    keep_sequences(*fresh, *p.state);
    std::swap(p.state, fresh);
  }
}

void World::reset_all() {
  std::shared_lock read(map_mu_);
  for (auto& [id, p] : partitions_) {
    std::lock_guard lock(p->mu);
    p->state = std::make_shared<MerchantState>(fresh_state(id));
  }
}

void World::reset(std::string_view client_id) {
  std::shared_lock read(map_mu_);
  if (auto it = partitions_.find(client_id); it != partitions_.end()) {
    std::lock_guard lock(it->second->mu);
    it->second->state = std::make_shared<MerchantState>(fresh_state(client_id));
  }
}

std::shared_ptr<const WalletTable> World::wallets() const { return std::atomic_load(&wallets_); }

void World::set_wallets(WalletTable table) {
  std::atomic_store(&wallets_, std::make_shared<const WalletTable>(std::move(table)));
}

void World::set_seed(std::uint64_t seed) { seed_ = seed; }

std::shared_ptr<const FxTable> World::fx() const { return std::atomic_load(&fx_); }

void World::set_fx(FxTable table) { std::atomic_store(&fx_, std::make_shared<const FxTable>(std::move(table))); }

}  // namespace antom::state
