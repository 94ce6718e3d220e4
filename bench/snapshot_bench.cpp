// Snapshot save and restore (#19): one merchant with 10 000 payments (goal: at most 5 ms each), and
// (a save shares the states, copy on write, so the copy each merchant's next request makes is printed too)
// a whole simulator with 1 000 000 payments over 100 merchants (goal: at most 1 s each), in process
// through server/snapshot/capture.hpp as POST /_sim/snapshots and .../restore do. Also the JSON
// export and import of the small case, for scale. Payments are made through state::pay as the API
// makes them (notifications dropped, so the figures are the payments'). Speed is printed, never
// asserted; on a loaded machine the figures carry its noise.
// Usage: snapshot_bench [payments-of-one-merchant] [payments-of-the-whole]   (default 10000 1000000)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/support/args.hpp"
#include "bench/support/stored_payments.hpp"
#include "server/app.hpp"
#include "server/snapshot/capture.hpp"
#include "server/snapshot/document.hpp"
#include "state/payment_flow.hpp"

using namespace antom;
using Clock = std::chrono::steady_clock;

namespace {

void fill(server::App& app, const std::string& client_id, std::size_t count) {
  static const server::RsaKey key = server::RsaKey::generate(2048);
  server::Merchant merchant;  // registered, so the document (which writes registered merchants) holds it
  merchant.client_id = client_id;
  merchant.public_keys.emplace(1, key);
  merchant.public_key_text.emplace(1, key.public_base64());
  app.merchants.upsert(std::move(merchant));
  bench::store_payments(app, client_id, count, "SNAP");
}

template <class F>
double best_ms(int runs, F&& f) {
  double best = 1e18;
  for (int i = 0; i < runs; ++i) {
    const auto t0 = Clock::now();
    f();
    best = std::min(best, std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  constexpr const char* kUsage = "snapshot_bench [one] [whole]";
  const std::size_t one = bench::count_arg(argc, argv, 1, 10000, kUsage);
  const std::size_t whole = bench::count_arg(argc, argv, 2, 1000000, kUsage);
  server::Options options;
  {
    server::App app(options);
    app.world.clock().freeze();
    fill(app, "SANDBOX_BENCH_ONE", one);
    fill(app, "SANDBOX_BENCH_OTHER", 1000);
    server::Snapshot snap;
    const double save = best_ms(5, [&] { snap = server::take_snapshot(app, "one", std::string("SANDBOX_BENCH_ONE")); });
    // A save shares the state (copy on write): the merchant's next request makes the copy.
    const double copy = best_ms(1, [&] { app.world.with_merchant("SANDBOX_BENCH_ONE", [](state::MerchantState&) {}); });
    const double restore = best_ms(5, [&] { server::restore_snapshot(app, snap); });
    std::string doc;
    const double exported = best_ms(3, [&] { doc = server::export_document(snap); });
    const double imported = best_ms(3, [&] { (void)server::import_document(doc, [](std::string_view) { return true; }); });
    std::printf("one merchant, %zu payments: save %.2f ms, restore %.2f ms (goal <= 5 ms each); its next request "
                "after the save copies its state: %.2f ms; JSON export %.1f ms, import %.1f ms, %.1f MB\n",
                one, save, restore, copy, exported, imported, static_cast<double>(doc.size()) / 1e6);
  }
  {
    server::App app(options);
    app.world.clock().freeze();
    const std::size_t merchants = 100;
    for (std::size_t i = 0; i < merchants; ++i) fill(app, "SANDBOX_BENCH_" + std::to_string(i), whole / merchants);
    server::Snapshot snap;
    // The first save takes memory the process never had (page faults); a save after a snapshot was
    // deleted or restored reuses freed memory. Both are printed.
    const double first_save = best_ms(1, [&] { snap = server::take_snapshot(app, "whole", std::nullopt); });
    // Copy on write: each merchant's next request copies its state (into new memory, the first time).
    double copies = 0, worst_copy = 0;
    for (std::size_t i = 0; i < merchants; ++i) {
      const double ms = best_ms(1, [&] { app.world.with_merchant("SANDBOX_BENCH_" + std::to_string(i), [](state::MerchantState&) {}); });
      copies += ms;
      worst_copy = std::max(worst_copy, ms);
    }
    const double restore = best_ms(3, [&] { server::restore_snapshot(app, snap); });
    snap = {};
    double save = 1e18;
    for (int i = 0; i < 3; ++i) {
      save = std::min(save, best_ms(1, [&] { snap = server::take_snapshot(app, "whole", std::nullopt); }));
      snap = {};
    }
    std::printf("whole simulator, %zu merchants, %zu payments: save %.0f ms (the first: %.0f ms), "
                "restore %.0f ms (goal <= 1000 ms each); after the first save each merchant's next request copied "
                "its state: %.0f ms in all, %.1f ms the slowest\n",
                merchants, whole, save, first_save, restore, copies, worst_copy);
  }
  return 0;
}
