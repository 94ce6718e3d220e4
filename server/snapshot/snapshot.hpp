#pragma once
// A snapshot: everything a test can change through the API and /_sim/, as values. Whole simulator
// (client_id unset) or one merchant (its registration, its partition, its scenario activation and
// attempt counters). Built by copies (capture.hpp), kept by SnapshotStore, written and read as a
// versioned JSON document (document.hpp, docs/snapshots.md).
// Not kept: the request journal and signature diagnoses (logs of what was received, not state), the
// settlement report files (regenerated), and the server's options and keys.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/engine.hpp"
#include "server/merchants.hpp"
#include "state/clock.hpp"
#include "state/merchant_state.hpp"
#include "state/settlement.hpp"
#include "state/wallets.hpp"

namespace antom::server {

struct Snapshot {
  std::string name;
  std::optional<std::string> client_id;  // unset: the whole simulator
  state::TimePoint created_at{};          // virtual time
  std::chrono::system_clock::time_point created_wall{};
  std::vector<std::shared_ptr<const Merchant>> merchants;  // registrations (a merchant snapshot: its own)
  std::vector<std::shared_ptr<const state::MerchantState>> states;  // partitions, by Client-Id (shared: World::share)
  scenarios::EngineState scenarios;                        // activations and attempt counters
  // The shared parts, restored by a whole-simulator snapshot only. The shared clock is kept with a
  // merchant snapshot too (for information), not restored by it.
  std::optional<state::VirtualClock::Saved> clock;  // unset (a fixture without "clock"): left as it is
  // Merchants on a clock of their own (docs/scoped-worlds.md), by Client-Id; a restored merchant
  // not listed follows the shared clock.
  std::map<std::string, state::VirtualClock::Saved, std::less<>> own_clocks;
  // Merchants with a wallet table of their own, likewise.
  std::map<std::string, std::shared_ptr<const state::WalletTable>, std::less<>> own_wallets;
  std::shared_ptr<const state::WalletTable> wallets;
  std::shared_ptr<const state::FxTable> fx;
  bool auto_approve_all = false;
  std::optional<std::uint64_t> seed;  // unset: left as it is

  [[nodiscard]] bool whole() const { return !client_id.has_value(); }
};

// What GET /_sim/snapshots lists of a snapshot.
struct SnapshotCounts {
  std::uint64_t merchants = 0, payments = 0, refunds = 0, declarations = 0, tokens = 0, buyers = 0, notifications = 0;
  [[nodiscard]] std::uint64_t records() const { return payments + refunds + declarations + tokens + buyers + notifications; }
};
[[nodiscard]] SnapshotCounts count(const Snapshot& s);

// Snapshot names: 1-64 characters of A-Z a-z 0-9 . _ -; "live" is taken (the live state's export).
// "" when valid, else why not.
[[nodiscard]] std::string snapshot_name_problem(std::string_view name);

}  // namespace antom::server
