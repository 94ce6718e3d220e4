// The portal's reads with many stored payments (#18: "with 100 000 stored payments, the payments
// page and the search answer within 200 ms"). An in-process antom-sim (2 I/O threads) holds N
// payments of the demo merchant, made through state::pay as the API makes them; then each control
// request a portal page makes is sent `rounds` times, one at a time over loopback, and its
// p50 / max round trip printed against the 200 ms goal. Speed is printed, never asserted.
// Usage: portal_bench [payments] [rounds]   (default 100000 20)

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench/support/args.hpp"
#include "bench/support/in_process.hpp"
#include "bench/support/stored_payments.hpp"
#include "bench/support/sim.hpp"
#include "server/simulator.hpp"
#include "state/payment_flow.hpp"

using namespace antom;
using Clock = std::chrono::steady_clock;

namespace {

constexpr double kGoalMs = 200;

// N SUCCESS payments of one buyer; returns one paymentId and its paymentRequestId from the middle.
std::pair<std::string, std::string> fill(server::App& app, std::size_t count) {
  std::pair<std::string, std::string> middle;
  bench::store_payments(app, server::kDemoClientId, count, "PORTAL", [&](std::size_t i, const state::Payment& p) {
    if (i == count / 2) middle = {p.payment_id, p.payment_request_id};
  });
  return middle;
}

}  // namespace

int main(int argc, char** argv) {
  constexpr const char* kUsage = "portal_bench [payments] [rounds]";
  const std::size_t count = bench::count_arg(argc, argv, 1, 100'000, kUsage);
  const std::size_t rounds = std::max<std::size_t>(1, bench::count_arg(argc, argv, 2, 20, kUsage));
  bench::InProcessSim sim("portal-bench");
  const auto port = sim.port();
  const auto t_fill = Clock::now();
  const auto [payment_id, request_id] = fill(sim.app(), count);
  std::printf("stored %zu payments of %s in %.1f s; %zu rounds per request, goal %.0f ms\n", count, server::kDemoClientId,
              std::chrono::duration<double>(Clock::now() - t_fill).count(), rounds, kGoalMs);

  const std::string client = std::string("clientId=") + server::kDemoClientId;
  const std::vector<std::pair<std::string, std::string>> requests = {
      {"overview: counts by status", "/_sim/payments/stats"},
      {"payments page (first 50)", "/_sim/payments?limit=50"},
      {"payments page filtered by status", "/_sim/payments?status=SUCCESS&limit=50"},
      {"search by paymentRequestId", "/_sim/payments?paymentRequestId=" + request_id},
      {"search by paymentId", "/_sim/payments?paymentId=" + payment_id},
      {"payment page: its refunds", "/_sim/refunds?" + client + "&paymentId=" + payment_id},
      {"payment page: its notifications", "/_sim/notifications?" + client + "&subject=" + payment_id},
      {"payment page: journal by paymentId", "/_sim/requests?" + client + "&paymentId=" + payment_id + "&limit=200"},
  };
  bool all_within = true;
  for (const auto& [what, target] : requests) {
    std::vector<double> ms;
    std::size_t failed = 0;
    for (std::size_t i = 0; i < rounds; ++i) {
      const auto t0 = Clock::now();
      const std::string reply = bench::round_trip(port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      const double elapsed = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
      if (reply.rfind("HTTP/1.1 200", 0) != 0) ++failed;
      else ms.push_back(elapsed);
    }
    std::sort(ms.begin(), ms.end());
    const double p50 = ms.empty() ? 0 : ms[ms.size() / 2], max = ms.empty() ? 0 : ms.back();
    const bool within = failed == 0 && max <= kGoalMs;
    all_within = all_within && within;
    std::printf("%-36s p50 %7.2f ms, max %7.2f ms%s%s\n", what.c_str(), p50, max, within ? "" : "  OVER THE GOAL",
                failed ? "  (some not 200)" : "");
  }
  std::printf("%s\n", all_within ? "every request within the goal" : "some request over the goal or failed");
  return 0;
}
