// Issue #17 performance goal: one merchant's business day of 100 000 successful payments and
// 10 000 refunds settles and its three reconciliation files are rendered in <= 2 s on one core,
// with <= 1 KB per settled transaction. The records are built as the API stores them (PHP
// payments settled in USD at a locked quote); the timed part is what the clock does at the
// cycle's end: take_due_reports (settle_due + transaction_details_due under the lock), then
// render_reports and keep_reports. Memory: the heap the produced batches and files add while
// they exist (mallinfo2), and the kept files' bytes, per settled transaction.
// Usage: settlement_bench [payments] [refunds]   (default 100000 10000)
#include <malloc.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/support/args.hpp"
#include "state/settlement_reports.hpp"

using namespace antom::state;
using Clock = std::chrono::steady_clock;

namespace {

// Large blocks (a file's bytes) are mmap'd: counted in hblkhd, not uordblks.
std::size_t heap_in_use() {
  const auto mi = mallinfo2();
  return mi.uordblks + mi.hblkhd;
}

}  // namespace

int main(int argc, char** argv) {
  constexpr const char* kUsage = "settlement_bench [payments] [refunds]";
  const std::size_t payments = antom::bench::count_arg(argc, argv, 1, 100'000, kUsage);
  const std::size_t refunds = antom::bench::count_arg(argc, argv, 2, 10'000, kUsage);
  const TimePoint day = *parse_iso8601("2026-03-01T00:00:00+08:00");
  FxTable fx;
  WalletTable wallets;
  SettlementContract contract;
  contract.settlement_currencies = {"USD"};
  const SettlementInputs in{contract, fx, wallets};

  MerchantState m;
  const auto step = std::chrono::milliseconds(86'400'000 / std::max<std::size_t>(payments, 1));
  for (std::size_t i = 0; i < payments; ++i) {
    Payment p;
    p.payment_id = "20260301114010800100188" + std::to_string(1'000'000 + i);
    p.payment_request_id = "PRQ-2026030110-" + std::to_string(i);
    p.reference_order_id = "ORD-" + std::to_string(i);
    p.order_description = "Monthly plan March";
    p.wallet = "GCASH";
    p.amount = Money{29900, "PHP"};
    p.status = PaymentStatus::Success;
    p.created_at = p.finished_at = day + step * static_cast<std::int64_t>(i);
    p.settlement = settle(fx, p.amount, "USD", "q", p.finished_at);
    m.payments.add(std::move(p));
  }
  for (std::size_t i = 0; i < refunds && i < payments; ++i) {
    const Payment& p = m.payments.payments()[i * (payments / std::max<std::size_t>(refunds, 1))];
    Refund r;
    r.refund_id = "20260301114010800100195" + std::to_string(1'000'000 + i);
    r.refund_request_id = "RRQ-" + std::to_string(i);
    r.payment_id = p.payment_id;
    r.amount = Money{10000, "PHP"};
    r.status = RefundStatus::Success;
    r.created_at = r.finished_at = p.finished_at + std::chrono::seconds(1);
    r.settlement = settle(fx, r.amount, "USD", "q", r.finished_at);
    m.payments.add(std::move(r));
  }
  const std::size_t settled = payments + std::min(refunds, payments);
  (void)take_due_reports(m, in, day);  // opens the book at the day, as the first tick would

  const std::size_t heap_before = heap_in_use();
  const auto t0 = Clock::now();
  const TimePoint next_day = day + std::chrono::hours(24);
  DueReports due = take_due_reports(m, in, next_day);
  const auto t1 = Clock::now();
  auto files = render_reports(contract, due);
  const auto t2 = Clock::now();
  const std::size_t heap_peak = heap_in_use();
  due = {};
  (void)keep_reports(m, std::move(files), next_day);
  const auto t3 = Clock::now();

  std::size_t bytes = 0;
  for (const auto& f : m.settlement.files) bytes += f.bytes.size();
  const double seconds = std::chrono::duration<double>(t3 - t0).count();
  std::printf("settled %zu transactions (%zu payments, %zu refunds) into %zu files\n", settled, payments,
              std::min(refunds, payments), m.settlement.files.size());
  std::printf("take %.3f s, render %.3f s, keep %.3f s: %.3f s in all (goal <= 2 s)\n",
              std::chrono::duration<double>(t1 - t0).count(), std::chrono::duration<double>(t2 - t1).count(),
              std::chrono::duration<double>(t3 - t2).count(), seconds);
  std::printf("peak heap added %.0f bytes per settled transaction (its lines and files; goal <= 1024), kept files "
              "%.0f bytes per transaction\n",
              double(heap_peak - heap_before) / double(settled), double(bytes) / double(settled));
  return seconds <= 2.0 ? 0 : 1;
}
