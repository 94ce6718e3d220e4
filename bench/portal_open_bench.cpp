// Does a portal left open slow the API? (issue #18: "a portal left open does not change the API's
// c64 throughput by more than 5 %"). Signed pays at 64 connections against one antom-sim (one
// thread, pinned), in rounds that alternate: a chunk with nobody watching, then a chunk while
// `--tabs` portal tabs poll as server/portal/assets/portal.js does every 2 seconds (the overview:
// clock, merchants, counts by status, the activity chart; the payments page: the first 50; the
// notifications page).
// Alternating chunks (ABBA) cancel the VM's drift; the figure is the mean ratio of the watched rate to
// the unwatched one. It prints, it does not assert.
// Usage: portal_open_bench [ANTOM_SIM=build/antom-sim] [--rounds R] [--chunk N] [--tabs T] [--interval-ms MS]
#include <signal.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "bench/support/child_process.hpp"
#include "bench/support/clock.hpp"
#include "bench/support/load.hpp"
#include "bench/support/proc_stats.hpp"
#include "bench/support/replies.hpp"
#include "bench/support/requests.hpp"
#include "bench/support/sim.hpp"
#include "server/crypto/rsa_key.hpp"

namespace fs = std::filesystem;
using namespace antom::bench;

namespace {

std::string get(const std::string& path) { return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"; }

// What one open tab asks every refresh: the overview's three reads, then the payments and
// notifications pages a developer flips between.
const std::vector<std::string>& tab_requests() {
  static const std::vector<std::string> requests = {
      get("/_sim/clock"), get("/_sim/merchants"), get("/_sim/payments/stats"), get("/_sim/activity"),
      get("/_sim/payments?limit=50"), get("/_sim/notifications?limit=200")};
  return requests;
}

// Polls until `stop`; counts the replies that were not 200 (a broken poller would flatter the figure).
struct Watcher {
  std::atomic<bool> stop{false};
  std::atomic<long> polls{0}, failures{0};
  std::vector<std::thread> tabs;

  void start(unsigned short port, int count, std::chrono::milliseconds interval) {
    stop = false;
    for (int t = 0; t < count; ++t)
      tabs.emplace_back([this, port, interval] {
        pin_to(kClientCpu);
        while (!stop) {
          for (const auto& request : tab_requests()) {
            if (status_of(round_trip(port, request)) != 200) ++failures;
            ++polls;
          }
          for (auto slept = std::chrono::milliseconds(0); slept < interval && !stop; slept += std::chrono::milliseconds(20))
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
      });
  }
  void finish() {
    stop = true;
    for (auto& t : tabs) t.join();
    tabs.clear();
  }
};

long not_success(const RunResult& r) {
  const auto ok = r.outcomes.find("200 SUCCESS");
  return r.requests - (ok == r.outcomes.end() ? 0 : ok->second);
}

}  // namespace

int main(int argc, char** argv) {
  std::string binary = "build/antom-sim";
  std::size_t rounds = 6, chunk = 8000;
  int tabs = 1;
  long interval_ms = 2000;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--rounds" && has_value) rounds = std::max<std::size_t>(1, std::stoul(argv[++i]));
    else if (a == "--chunk" && has_value) chunk = std::max<std::size_t>(640, std::stoul(argv[++i]));
    else if (a == "--tabs" && has_value) tabs = std::max(1, std::stoi(argv[++i]));
    else if (a == "--interval-ms" && has_value) interval_ms = std::max(10L, std::stol(argv[++i]));
    else if (!a.starts_with("--")) binary = a;
    else
      return std::fprintf(stderr, "usage: portal_open_bench [ANTOM_SIM] [--rounds R] [--chunk N] [--tabs T] [--interval-ms MS]\n"), 2;
  }
  binary = locate_sim(binary);
  if (!fs::exists(binary)) return std::fprintf(stderr, "portal_open_bench: no antom-sim binary at %s\n", binary.c_str()), 2;
  pin_to(kClientCpu);
  signal(SIGPIPE, SIG_IGN);
  char dir_template[] = "/tmp/portal-open-bench-XXXXXX";
  const fs::path data_dir = mkdtemp(dir_template);
  Started sim = start_sim(binary, data_dir, true);
  std::error_code ignored;
  auto give_up = [&](const char* why) {
    std::fprintf(stderr, "portal_open_bench: %s\n", why);
    stop(sim.child);
    fs::remove_all(data_dir, ignored);
    return 1;
  };
  if (sim.port == 0) return give_up("antom-sim did not start (or printed no ready line)");
  const std::string token = mint_token(sim.port);
  if (token.empty()) return give_up("minting an access token failed");
  const auto key = antom::server::RsaKey::load_private(read_text(data_dir / "demo-merchant-private-pkcs8.pem"));
  if (!key) return give_up("cannot read the demo merchant key");

  const std::size_t warm = 500, total = warm + 2 * rounds * chunk;
  std::vector<std::string> pool;
  pool.reserve(total);
  for (std::size_t i = 0; i < total; ++i) pool.push_back(signed_pay(&*key, "open-" + std::to_string(i), token));
  std::printf("portal_open_bench: %s, server pinned to CPU %d (--threads 1), client and %d tab(s) polling every %ld ms on CPU %d\n",
              binary.c_str(), kServerCpu, tabs, interval_ms, kClientCpu);

  std::size_t at = 0;
  (void)run_load(sim.port, sim.child.pid, pool, at, at + warm, 64, 30), at += warm;
  std::vector<double> ratios;
  Watcher watcher;
  long failures = 0;
  for (std::size_t round = 0; round < rounds; ++round) {
    // ABBA order: the rate drifts down as payments and notifications pile up, so the watched chunk
    // goes second in even rounds and first in odd ones.
    auto run_alone = [&] { const RunResult r = run_load(sim.port, sim.child.pid, pool, at, at + chunk, 64, 60); at += chunk; return r; };
    auto run_watched = [&] {
      watcher.start(sim.port, tabs, std::chrono::milliseconds(interval_ms));
      const RunResult r = run_load(sim.port, sim.child.pid, pool, at, at + chunk, 64, 60);
      watcher.finish();
      at += chunk;
      return r;
    };
    RunResult alone, watched;
    if (round % 2 == 0) alone = run_alone(), watched = run_watched();
    else watched = run_watched(), alone = run_alone();
    ratios.push_back(watched.rps / alone.rps);
    failures += not_success(alone) + not_success(watched);
    std::printf("round %zu: c64 alone %6.0f req/s, with the portal open %6.0f req/s (%+.1f %%)\n", round + 1, alone.rps,
                watched.rps, 100.0 * (watched.rps / alone.rps - 1));
  }
  double mean = 0;
  for (double r : ratios) mean += r;
  mean /= static_cast<double>(ratios.size());
  std::sort(ratios.begin(), ratios.end());
  std::printf("portal polls: %ld requests, %ld not 200; pays not 200 SUCCESS: %ld\n", watcher.polls.load(),
              watcher.failures.load(), failures);
  std::printf("c64 with the portal open / alone: mean %.1f %% (rounds %.1f-%.1f %%)  goal >= 95 %%\n", 100 * mean,
              100 * ratios.front(), 100 * ratios.back());
  stop(sim.child);
  fs::remove_all(data_dir, ignored);
  return 0;
}
