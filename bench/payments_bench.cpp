// Memory per stored payment and inquiryPayment latency with 1k and 1M stored payments.
// Payments are made through state::pay (the same code the API runs); the outbox is emptied as it
// goes so only the payment book is measured. Latency covers the state call under the merchant's
// lock plus building the response fields (the part that grows with the book, if anything).
// Usage: payments_bench [max_payments]   (default 1000000)
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench/support/args.hpp"
#include "state/payment_fields.hpp"
#include "state/payment_flow.hpp"
#include "state/world.hpp"

using namespace antom::state;
using Clock = std::chrono::steady_clock;

namespace {

std::size_t heap_in_use() { return mallinfo2().uordblks; }

PayRequest request(std::size_t i) {
  PayRequest r;
  r.payment_request_id = "PRQ-2026030110-" + std::to_string(i);
  r.wallet = "GCASH";
  r.access_token = "tok";
  r.reference_order_id = "ORD-" + std::to_string(i);
  r.order_description = "Monthly plan March";
  r.notify_url = "https://merchant.example/antom/notify";
  r.amount = Money{29900, "PHP"};
  return r;
}

void fill(World& world, std::size_t from, std::size_t to, TimePoint now, std::vector<std::string>& ids) {
  const auto wallets = world.wallets();
  Directive forced;  // skip the buyer's balance so a million payments fit one buyer
  forced.force = ResultCode::SUCCESS;
  world.with_merchant("BENCH", [&](MerchantState& m) {
    for (std::size_t i = from; i < to; ++i) {
      auto out = pay(m, request(i), *wallets, forced, now);
      if (i % 997 == 0) ids.push_back(out.payment->payment_id);
      if (i % 10000 == 9999) m.outbox = Outbox{};
    }
    m.outbox = Outbox{};
  });
}

void measure_latency(World& world, const std::vector<std::string>& ids, std::size_t stored, TimePoint now) {
  constexpr int kRounds = 20000;
  std::vector<double> us;
  us.reserve(kRounds);
  std::size_t bytes = 0;
  for (int i = 0; i < kRounds; ++i) {
    const std::string& id = ids[static_cast<std::size_t>(i) * 7919 % ids.size()];
    const auto t0 = Clock::now();
    auto out = world.with_merchant("BENCH", [&](MerchantState& m) { return inquire_payment(m, id, "", now); });
    Fields f = inquiry_payment_fields(*out.payment, out.refunds);
    const auto t1 = Clock::now();
    bytes += f.size();
    us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
  }
  std::sort(us.begin(), us.end());
  std::printf("inquiryPayment (state + fields) with %zu stored: p50 %.2f us, p99 %.2f us, max %.2f us (%zu)\n",
              stored, us[us.size() / 2], us[us.size() * 99 / 100], us.back(), bytes % 10);
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t max = antom::bench::count_arg(argc, argv, 1, 1'000'000, "payments_bench [max_payments]");
  World world;
  const TimePoint now = *parse_iso8601("2026-03-01T10:00:00+08:00");
  world.with_merchant("BENCH", [&](MerchantState& m) {
    AccessToken t;
    t.access_token = "tok";
    t.wallet = "GCASH";
    t.buyer_id = "buyer";
    t.access_expires_at = now + std::chrono::hours(24);
    m.auth.tokens.emplace("tok", t);
  });
  std::vector<std::string> ids;
  const std::size_t before = heap_in_use();
  const std::size_t first = std::min<std::size_t>(1000, max);
  fill(world, 0, first, now, ids);
  measure_latency(world, ids, first, now);
  const auto t0 = Clock::now();
  fill(world, first, max, now, ids);
  const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  const std::size_t after = heap_in_use();
  std::printf("stored %zu payments (%.0f pay calls/s); heap %.1f MiB, %.0f bytes per payment\n", max,
              static_cast<double>(max - first) / secs, static_cast<double>(after - before) / (1 << 20),
              static_cast<double>(after - before) / static_cast<double>(max));
  measure_latency(world, ids, max, now);
  return 0;
}
