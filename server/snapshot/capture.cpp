#include "server/snapshot/capture.hpp"

#include <mutex>

#include "server/notify/notifier.hpp"

namespace antom::server {

namespace {

void save_own_clock(App& app, Snapshot& s, const std::string& client_id) {
  if (app.world.has_own_clock(client_id)) s.own_clocks[client_id] = app.world.clock_for(client_id)->save();
  if (app.world.has_own_wallets(client_id)) s.own_wallets[client_id] = app.world.wallets(client_id);
}

// The restored merchants' clocks: their own as saved, or the shared one.
void restore_own_clocks(App& app, const Snapshot& s) {
  for (const auto& m : s.merchants) {
    if (auto it = s.own_clocks.find(m->client_id); it != s.own_clocks.end())
      app.world.own_clock(m->client_id)->restore(it->second);
    else
      app.world.follow_shared_clock(m->client_id);
    if (auto it = s.own_wallets.find(m->client_id); it != s.own_wallets.end() && it->second)
      app.world.set_wallets(m->client_id, *it->second);
    else
      app.world.follow_shared_wallets(m->client_id);
  }
}

}  // namespace

Snapshot take_snapshot(App& app, std::string name, std::optional<std::string> client_id) {
  Snapshot s;
  s.name = std::move(name);
  s.created_at = app.world.clock().now();
  s.created_wall = std::chrono::system_clock::now();
  s.clock = app.world.clock().save();
  s.seed = app.world.seed();
  if (client_id) {
    s.client_id = *client_id;
    if (auto m = app.merchants.find(*client_id)) s.merchants.push_back(m);
    // Through the door, so a merchant without state yet gets its fresh partition (and its sequences).
    s.states.push_back(app.world.share(*client_id));
    s.scenarios = app.scenarios.save_state(*client_id);
    save_own_clock(app, s, *client_id);
    return s;
  }
  s.merchants = app.merchants.all();
  for (const auto& m : s.merchants) save_own_clock(app, s, m->client_id);
  s.states = app.world.share_all();
  s.scenarios = app.scenarios.save_state(std::nullopt);
  s.wallets = app.world.wallets();
  s.fx = app.world.fx();
  s.auto_approve_all = app.auto_approve_all.load();
  return s;
}

void restore_snapshot(App& app, const Snapshot& snapshot, bool merge) {
  static std::mutex one_at_a_time;  // two restores at once would interleave their merchants
  std::lock_guard restoring(one_at_a_time);
  std::vector<state::MerchantState> states;  // the copies, made before anything changes
  states.reserve(snapshot.states.size());
  for (const auto& st : snapshot.states) states.push_back(*st);
  restore_own_clocks(app, snapshot);  // first, like the shared clock: a request meanwhile ticks on the right one
  if (snapshot.whole() && merge) {
    for (const auto& m : snapshot.merchants) app.merchants.put(m);
    if (snapshot.seed) app.world.set_seed(*snapshot.seed);
    if (snapshot.clock) app.world.clock().restore(*snapshot.clock);
    app.world.restore(std::move(states), /*forget_others=*/false);
    if (snapshot.wallets) app.world.set_wallets(*snapshot.wallets);
    if (snapshot.fx) app.world.set_fx(*snapshot.fx);
    if (snapshot.auto_approve_all) app.auto_approve_all.store(true);
    scenarios::EngineState sc = app.scenarios.save_state(std::nullopt);
    for (const auto& m : snapshot.merchants) {
      sc.merchant_activations.erase(m->client_id);
      std::erase_if(sc.attempts, [&](const auto& kv) { return kv.first.starts_with(m->client_id + '\x1f'); });
    }
    for (const auto& [id, a] : snapshot.scenarios.merchant_activations) sc.merchant_activations[id] = a;
    for (const auto& [key, n] : snapshot.scenarios.attempts) sc.attempts[key] = n;
    if (snapshot.scenarios.global_activation) sc.global_activation = snapshot.scenarios.global_activation;
    app.scenarios.restore_state(sc, std::nullopt);
  } else if (snapshot.whole()) {
    app.merchants.replace_all(snapshot.merchants);
    if (snapshot.seed) app.world.set_seed(*snapshot.seed);
    if (snapshot.clock) app.world.clock().restore(*snapshot.clock);  // first: a request meanwhile ticks no state past it
    app.world.restore(std::move(states), /*forget_others=*/true);
    if (snapshot.wallets) app.world.set_wallets(*snapshot.wallets);
    if (snapshot.fx) app.world.set_fx(*snapshot.fx);
    app.auto_approve_all.store(snapshot.auto_approve_all);
    app.scenarios.restore_state(snapshot.scenarios, std::nullopt);
  } else {
    for (const auto& m : snapshot.merchants) app.merchants.put(m);
    app.world.restore(std::move(states), /*forget_others=*/false);
    app.scenarios.restore_state(snapshot.scenarios, *snapshot.client_id);
  }
  if (app.notifier) app.notifier->trim_memory_soon();
  app.state_changed();
}

}  // namespace antom::server
