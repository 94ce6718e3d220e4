#pragma once
// All merchants' state, partitioned by Client-Id: one mutex per merchant, so merchants never wait
// for each other. Callers pass a function that runs under the merchant's lock; it must not do
// I/O, crypto or JSON work (copy out, then work outside). This is also the one door for time:
// every access first brings the merchant up to the virtual clock's now (state/tick.hpp).
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "state/clock.hpp"
#include "state/merchant_state.hpp"
#include "state/settlement.hpp"
#include "state/tick.hpp"
#include "state/wallets.hpp"

namespace antom::state {

class World {
 public:
  explicit World(std::uint64_t seed = 0);

  // Runs fn(MerchantState&) under that merchant's lock, creating the partition on first use,
  // after the time-driven transitions due by now have run.
  template <class F>
  decltype(auto) with_merchant(std::string_view client_id, F&& fn) {
    Partition& p = partition(client_id);
    std::lock_guard lock(p.mu);
    MerchantState& state = writable(p);
    const auto fx = fx_for(state);
    tick(state, clock_of(p).now(), fx.get());
    return std::forward<F>(fn)(state);
  }

  [[nodiscard]] std::vector<std::string> client_ids() const;
  [[nodiscard]] std::optional<MerchantState> copy_of(std::string_view client_id);  // also through the door

  // Snapshots (server/snapshot/): the merchants' states shared, not copied (copy on write: the
  // next access of a shared state copies it first), taken under each merchant's lock in turn. A
  // save of a million payments is then a pointer per merchant; the copy is paid by each merchant's
  // next request (~3 ms per 10 000 payments), never by the others. States are as of their last
  // access: what is due since runs at the next one, the same either way.
  [[nodiscard]] std::shared_ptr<const MerchantState> share(std::string_view client_id);
  [[nodiscard]] std::vector<std::shared_ptr<const MerchantState>> share_all();
  // Puts saved states in, one merchant's lock at a time (the caller built and checked them all
  // first). Each id stream and notification sequence keeps the further of its live and saved
  // positions, so no id handed out since the save is handed out again. `forget_others`: merchants
  // absent from `states` are reset (their sequences kept likewise), as for a whole-simulator restore.
  void restore(std::vector<MerchantState> states, bool forget_others);

  void reset_all();                       // forget every merchant's state (merchants stay registered)
  void reset(std::string_view client_id);

  // The shared clock: every merchant follows it unless it has a clock of its own.
  [[nodiscard]] VirtualClock& clock() { return clock_; }
  [[nodiscard]] const VirtualClock& clock() const { return clock_; }

  // Scoped worlds: a merchant may have its own virtual clock, so one test job can move its time
  // without moving another's. Its lifecycles (token and payment expiry, notification retries, the
  // cancel window, settlement) then follow that clock. Lock-free for readers, like the wallet table.
  [[nodiscard]] TimePoint now(std::string_view client_id) const;
  // The clock the merchant follows: its own, or the shared one.
  [[nodiscard]] std::shared_ptr<VirtualClock> clock_for(std::string_view client_id) const;
  [[nodiscard]] bool has_own_clock(std::string_view client_id) const;
  // Gives the merchant a clock of its own, starting where the shared one is (frozen if it is), and
  // returns it; an existing one is kept.
  std::shared_ptr<VirtualClock> own_clock(std::string_view client_id);
  void follow_shared_clock(std::string_view client_id);  // drops its own clock
  void follow_shared_clock_all();

  // The wallet table is replaced whole, never edited in place, so readers need no lock.
  [[nodiscard]] std::shared_ptr<const WalletTable> wallets() const;
  void set_wallets(WalletTable table);
  // Scoped worlds: a merchant may have a wallet table of its own (a test job's wallet settings),
  // else it reads the shared one. Like the clock, lock-free for readers.
  [[nodiscard]] std::shared_ptr<const WalletTable> wallets(std::string_view client_id) const;
  [[nodiscard]] bool has_own_wallets(std::string_view client_id) const;
  void set_wallets(std::string_view client_id, WalletTable table);
  void follow_shared_wallets(std::string_view client_id);
  void follow_shared_wallets_all();
  // The FX table, replaced whole like the wallet table.
  [[nodiscard]] std::shared_ptr<const FxTable> fx() const;
  void set_fx(FxTable table);

  [[nodiscard]] std::uint64_t seed() const { return seed_; }
  void set_seed(std::uint64_t seed);  // applies to merchants created or reset from now on

 private:
  struct Partition {
    std::mutex mu;
    std::shared_ptr<MerchantState> state;  // shared with snapshots until the next access copies it
    std::shared_ptr<VirtualClock> own_clock;  // null: the shared clock; atomic_load/atomic_store
    std::shared_ptr<const WalletTable> own_wallets;  // null: the shared table; atomic_load/atomic_store
  };
  [[nodiscard]] const VirtualClock& clock_of(const Partition& p) const;
  // The partition's state, copied first when a snapshot shares it (under p.mu: snapshots take
  // their share under it too, so the count cannot grow meanwhile).
  static MerchantState& writable(Partition& p) {
    if (p.state.use_count() > 1) p.state = std::make_shared<MerchantState>(*p.state);
    return *p.state;
  }
  Partition& partition(std::string_view client_id);
  // The FX table when refunds wait to settle (they are quoted at their success time), else none:
  // most doors pass without loading it.
  [[nodiscard]] std::shared_ptr<const FxTable> fx_for(const MerchantState& m) const {
    return m.payments.pending_refunds.empty() ? nullptr : fx();
  }
  [[nodiscard]] MerchantState fresh_state(std::string_view client_id) const;

  mutable std::shared_mutex map_mu_;
  std::map<std::string, std::unique_ptr<Partition>, std::less<>> partitions_;
  std::shared_ptr<VirtualClock> shared_clock_ = std::make_shared<VirtualClock>();
  VirtualClock& clock_ = *shared_clock_;
  std::shared_ptr<const WalletTable> wallets_;
  std::shared_ptr<const FxTable> fx_;
  std::uint64_t seed_;
};

}  // namespace antom::state
