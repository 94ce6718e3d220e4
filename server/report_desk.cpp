#include "server/report_desk.hpp"

#include <map>
#include <memory>
#include <mutex>

namespace antom::server {
namespace {

// One producer at a time per merchant: held across take, render and keep (not the state lock,
// which API requests take meanwhile). Process-wide: Apps sharing a process only wait for each other.
std::mutex& production_lock(const std::string& client_id) {
  static std::mutex guard;
  static std::map<std::string, std::unique_ptr<std::mutex>, std::less<>> locks;
  std::lock_guard lock(guard);
  auto& slot = locks[client_id];
  if (!slot) slot = std::make_unique<std::mutex>();
  return *slot;
}

ProducedBatch describe(const state::SettlementBatch& b) {
  ProducedBatch out{b.batch_id, b.currency, b.payment_method, b.business_day, b.settled_at, b.lines.size(), 0, 0};
  for (const auto& l : b.lines) {
    out.amount += l.settled.value;
    out.fee += l.fee;
  }
  return out;
}

}  // namespace

state::SettlementContract settlement_contract(const Merchant& merchant) {
  state::SettlementContract c = merchant.settlement;
  c.settlement_currencies = merchant.settlement_currencies;
  return c;
}

Produced produce_reports(App& app, const Merchant& merchant, ProduceMode mode) {
  const state::SettlementContract contract = settlement_contract(merchant);
  const auto fx = app.world.fx();
  const auto wallets = app.world.wallets(merchant.client_id);
  const state::SettlementInputs in{contract, *fx, *wallets};
  std::lock_guard producing(production_lock(merchant.client_id));
  const auto now = app.world.now(merchant.client_id);  // its own clock (scoped worlds) or the shared one
  auto due = app.world.with_merchant(merchant.client_id, [&](state::MerchantState& m) {
    return mode == ProduceMode::Run ? state::take_run_reports(m, in, now) : state::take_due_reports(m, in, now);
  });
  Produced out;
  out.now = now;
  if (due.days.empty() && due.batches.empty()) return out;
  for (const auto& b : due.batches) out.batches.push_back(describe(b));
  auto files = state::render_reports(contract, due);
  const auto kept_from = now - state::kReportRetention;
  for (const auto& f : files)
    if (f.produced_at >= kept_from) out.paths.push_back(f.path);
  app.world.with_merchant(merchant.client_id,
                          [&](state::MerchantState& m) { (void)state::keep_reports(m, std::move(files), now); });
  return out;
}

}  // namespace antom::server
