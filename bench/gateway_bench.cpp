// Gateway benchmark (issue #2): starts the built antom-sim as a child pinned to CPU 0 and drives
// pre-signed pay requests (real payments on a token minted through /_sim/) at it from CPU 1 over
// keep-alive connections. Prints start-up times (empty data dir and keys on disk), idle memory,
// c1 / c64 throughput, latency and server CPU per request, the one-core RSA-2048 sign rate
// (openssl speed, and the server's own sign call) and the c64 rate with verification and signing
// off (with a real and with an unknown token). Figures go to docs/benchmarks.md. A benchmark: exits
// 0 once it has run, whatever the figures.
// The c64 ratio is also taken in rounds, each load chunk between two short openssl speed runs, as
// the VM's speed drifts by ±20 % within minutes.
// Usage: gateway_bench [ANTOM_SIM=build/antom-sim] [--c1 N] [--c64 N] [--nosign N] [--seconds S] [--starts N]
//                      [--rounds R] [--chunk N]
#include <signal.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/support/child_process.hpp"
#include "bench/support/clock.hpp"
#include "bench/support/load.hpp"
#include "bench/support/proc_stats.hpp"
#include "bench/support/requests.hpp"
#include "bench/support/sim.hpp"
#include "server/crypto/rsa_key.hpp"
#include "server/crypto/signer.hpp"

namespace fs = std::filesystem;
using namespace antom::bench;
using antom::server::RsaKey;

namespace {

// ---- the one-core RSA-2048 sign rate --------------------------------------------------------

// Signatures per CPU second of the server's own call (server/crypto/signer.cpp), on the server's CPU;
// per CPU second like openssl speed, so a shared core does not lower it.
double evp_sign_rate() {
  long n = 0;
  double cpu = 0;
  std::thread t([&] {
    pin_to(kServerCpu);
    const RsaKey key = RsaKey::generate(2048);
    const auto t0 = Clock::now();
    const double c0 = thread_cpu_seconds();
    while (ms_since(t0) < 2000) n += !antom::server::sign_sha256(key, "content " + std::to_string(n)).empty();
    cpu = thread_cpu_seconds() - c0;
  });
  t.join();
  return cpu > 0 ? n / cpu : 0;
}

std::pair<double, std::string> sign_rate(int seconds = 2) {
  const std::string out =
      run_to_end({"openssl", "speed", "-seconds", std::to_string(seconds), "rsa2048"}, kServerCpu, true, std::chrono::seconds(30)).out;
  // Header "  sign verify sign/s verify/s" and row "rsa 2048 bits 0.000654s 0.000019s 1529.0 52348.4".
  std::istringstream lines(out);
  std::vector<std::string> header;
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::vector<std::string> w{std::istream_iterator<std::string>(words), {}};
    if (std::find(w.begin(), w.end(), "sign/s") != w.end()) header = w;
    if (w.size() > 3 && w[0] == "rsa" && w[1] == "2048" && w[2] == "bits" && !header.empty()) {
      const auto col = std::find(header.begin(), header.end(), "sign/s") - header.begin();
      if (static_cast<std::size_t>(col) + 3 < w.size())
        return {std::atof(w[col + 3].c_str()), "openssl speed -seconds " + std::to_string(seconds) + " rsa2048"};
    }
  }
  return {evp_sign_rate(), "in-process sign_sha256 loop (openssl not usable)"};
}

// Spawn -> first signed response over `n` first starts, each in its own empty data directory.
struct ColdStarts {
  std::vector<double> ms;  // sorted
  std::size_t unsigned_or_failed = 0;
  void print(const char* name) const {
    if (ms.empty()) return (void)std::printf("%s: no start succeeded\n", name);
    auto at = [&](double q) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(q * static_cast<double>(ms.size())))]; };
    // A fresh data directory makes two RSA keys with OpenSSL (random time): the target is 1 s.
    const std::size_t within = static_cast<std::size_t>(std::count_if(ms.begin(), ms.end(), [](double v) { return v <= 1000; }));
    std::printf("%s, %zu starts: spawn->first signed response min %.1f, p50 %.1f, p90 %.1f, max %.1f ms; %zu of %zu within "
                "the 1 s target%s\n",
                name, ms.size(), ms.front(), at(0.5), at(0.9), ms.back(), within, ms.size(),
                unsigned_or_failed ? " (some replies NOT SIGNED or missing)" : "");
  }
};

ColdStarts cold_starts(const std::string& binary, std::size_t n, int cpu) {
  ColdStarts result;
  std::error_code ignored;
  for (std::size_t i = 0; i < n; ++i) {
    char dir_template[] = "/tmp/gateway-bench-cold-XXXXXX";
    const fs::path dir = mkdtemp(dir_template);
    Started s = start_sim(binary, dir, true, cpu);
    stop(s.child);
    fs::remove_all(dir, ignored);
    if (s.first_signed) result.ms.push_back(s.first_response_ms);
    else ++result.unsigned_or_failed;
  }
  std::sort(result.ms.begin(), result.ms.end());
  return result;
}

std::string load_average() {
  std::string s = read_text("/proc/loadavg");
  return s.substr(0, s.find(' ', s.find(' ', s.find(' ') + 1) + 1));
}

// Median, min and max of per-round ratios, in percent, and how many rounds reach `target`.
void print_rounds(const char* name, std::vector<double> ratios, double target) {
  if (ratios.empty()) return;
  std::sort(ratios.begin(), ratios.end());
  const auto reached = std::count_if(ratios.begin(), ratios.end(), [&](double r) { return r >= target; });
  std::printf("%s: median %.1f %% (min %.1f, max %.1f) over %zu rounds; %ld of %zu rounds >= %.0f %%\n", name,
              100 * ratios[ratios.size() / 2], 100 * ratios.front(), 100 * ratios.back(), ratios.size(),
              static_cast<long>(reached), ratios.size(), 100 * target);
}

void print_run(const char* name, const RunResult& r, const char* target) {
  std::printf("%-5s %7ld req in %5.2f s: %9.0f req/s  p50 %8.0f us  p99 %8.0f us  server CPU %6.0f us/req  %s\n", name,
              r.requests, r.seconds, r.rps, r.p50_us, r.p99_us, r.server_cpu_us, target);
  std::printf("        (p90 %.0f us, p99.9 %.0f us; client thread CPU %.0f us/req, woken %.2f times per reply)\n", r.p90_us,
              r.p999_us, r.client_cpu_us, r.client_sleeps);
  for (const auto& [outcome, n] : r.outcomes) std::printf("        %-40s %ld\n", outcome.c_str(), n);
  if (r.unsigned_replies) std::printf("        replies without a Signature header: %ld\n", r.unsigned_replies);
}

}  // namespace

int main(int argc, char** argv) {
  std::string binary = "build/antom-sim";
  std::size_t c1 = 2000, c64 = 6000, nosign = 60000, starts = 10, rounds = 5, chunk = 3000;
  double seconds = 10;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--c1" && has_value) c1 = std::stoul(argv[++i]);
    else if (a == "--c64" && has_value) c64 = std::stoul(argv[++i]);
    else if (a == "--nosign" && has_value) nosign = std::stoul(argv[++i]);
    else if (a == "--seconds" && has_value) seconds = std::stod(argv[++i]);
    else if (a == "--starts" && has_value) starts = std::max<std::size_t>(1, std::stoul(argv[++i]));
    else if (a == "--rounds" && has_value) rounds = std::stoul(argv[++i]);
    else if (a == "--chunk" && has_value) chunk = std::max<std::size_t>(64, std::stoul(argv[++i]));
    else if (!a.starts_with("--")) binary = a;
    else
      return std::fprintf(stderr, "usage: gateway_bench [ANTOM_SIM] [--c1 N] [--c64 N] [--nosign N] [--seconds S] [--starts N] "
                                  "[--rounds R] [--chunk N]\n"),
             2;
  }
  binary = locate_sim(binary);
  if (!fs::exists(binary)) return std::fprintf(stderr, "gateway_bench: no antom-sim binary at %s\n", binary.c_str()), 2;
  pin_to(kClientCpu);
  signal(SIGPIPE, SIG_IGN);
  char dir_template[] = "/tmp/gateway-bench-XXXXXX";
  const fs::path data_dir = mkdtemp(dir_template);
  std::printf("gateway_bench: %s, server pinned to CPU %d (--threads 1), client on CPU %d, load average %s\n",
              binary.c_str(), kServerCpu, kClientCpu, load_average().c_str());

  // Start-up: cold (fresh data dir: the binary makes its RSA keys and TLS certificate) and warm.
  // Key generation is random (OpenSSL tries candidates until two are prime), so cold starts are repeated.
  Started cold = start_sim(binary, data_dir, true);
  stop(cold.child);
  const ColdStarts cold_pinned = cold_starts(binary, starts, kServerCpu);
  const ColdStarts cold_all = cold_starts(binary, starts, -1);  // as users run it, on every core
  Started sim = start_sim(binary, data_dir, true);
  std::error_code ignored;
  auto give_up = [&](const char* why) {
    std::fprintf(stderr, "gateway_bench: %s\n", why);
    stop(sim.child);
    fs::remove_all(data_dir, ignored);
    return 0;
  };
  if (sim.port == 0) return give_up("antom-sim did not start (or printed no ready line)");
  std::printf("start, fresh data dir:   spawn->ready %6.1f ms, spawn->first signed response %6.1f ms (%s, %s)  target <= 1000 ms\n",
              cold.ready_ms, cold.first_response_ms, cold.first_signed ? "signed" : "NOT SIGNED", cold.first_code.c_str());
  cold_pinned.print("start, fresh data dir, pinned to one core");
  cold_all.print("start, fresh data dir, not pinned (every core)");
  std::printf("start, keys on disk:     spawn->ready %6.1f ms, spawn->first signed response %6.1f ms (%s, %s)  target <= 50 ms\n",
              sim.ready_ms, sim.first_response_ms, sim.first_signed ? "signed" : "NOT SIGNED", sim.first_code.c_str());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::printf("idle RSS after start:    %6.1f MB  target <= 20 MB\n", rss_kb(sim.child.pid) / 1024.0);

  // Pre-sign every request before measuring: warm-up, c1, c64 slices of one pool.
  std::string token = mint_token(sim.port);
  const bool real = !token.empty();
  if (!real) token = "unknown-token-gateway-bench";
  const auto key = RsaKey::load_private(read_text(data_dir / "demo-merchant-private-pkcs8.pem"));
  if (!key) return give_up("cannot read the demo merchant key");
  const std::size_t warm = 200, total = warm + 2 * c1 + warm + 2 * c64 + 2 * rounds * chunk;
  const auto sign0 = Clock::now();
  std::vector<std::string> pool;
  pool.reserve(total);
  for (std::size_t i = 0; i < total; ++i) pool.push_back(signed_pay(&*key, "bench-" + std::to_string(i), token));
  std::printf("pay requests: %s; %zu pre-signed in %.1f s\n",
              real ? "real payments (token from POST /_sim/authorizations/tokens, buyer limits lifted)"
                   : "unknown access token (minting failed): verified, validated, looked up, signed",
              total, ms_since(sign0) / 1000.0);

  std::size_t at = 0;
  (void)run_load(sim.port, sim.child.pid, pool, at, at + warm, 1, seconds), at += warm;
  const RunResult r1 = run_load(sim.port, sim.child.pid, pool, at, at + c1, 1, seconds);
  at += c1;
  const RunResult r1spin = run_load(sim.port, sim.child.pid, pool, at, at + c1, 1, seconds, true);
  at += c1;
  // The VM's speed drifts over minutes: the sign rate is taken right before and right after the
  // c64 loads, and the ratio uses their mean.
  const double rate_before = sign_rate().first;
  (void)run_load(sim.port, sim.child.pid, pool, at, at + warm, 64, seconds), at += warm;
  const RunResult r64 = run_load(sim.port, sim.child.pid, pool, at, at + c64, 64, seconds);
  at += c64;
  const RunResult r64spin = run_load(sim.port, sim.child.pid, pool, at, at + c64, 64, seconds, true);
  at += c64;
  // Rounds: a c64 chunk with each client between two one-second sign-rate runs; a round's ratio
  // uses the mean of the rates either side of it.
  std::vector<double> round_ratios, round_ratios_spin;
  double rate_prev = rounds > 0 ? sign_rate(1).first : 0;
  for (std::size_t round = 0; round < rounds && rate_prev > 0; ++round) {
    const RunResult sleeping = run_load(sim.port, sim.child.pid, pool, at, at + chunk, 64, seconds);
    at += chunk;
    const RunResult polling = run_load(sim.port, sim.child.pid, pool, at, at + chunk, 64, seconds, true);
    at += chunk;
    const double rate_next = sign_rate(1).first;
    const double round_rate = (rate_prev + rate_next) / 2;
    round_ratios.push_back(sleeping.rps / round_rate);
    round_ratios_spin.push_back(polling.rps / round_rate);
    rate_prev = rate_next;
  }
  const double rss_after = rss_kb(sim.child.pid) / 1024.0;
  stop(sim.child);

  const auto [rate_after, rate_source] = sign_rate();
  const double rate = rate_before > 0 ? (rate_before + rate_after) / 2 : rate_after;
  const double evp_rate = evp_sign_rate();

  // Verification and signing off: no client signatures needed, so the pool can be large.
  Started fast = start_sim(binary, data_dir, false);
  RunResult rfast, rlookup, rspin, rfloor, rfloor_spin;
  double rss_fast_pay = -1, rss_fast_lookup = -1;
  std::string fast_token;
  if (fast.port != 0 && nosign > 0) {
    fast_token = mint_token(fast.port);
    std::vector<std::string> plain;
    plain.reserve(warm + nosign);
    for (std::size_t i = 0; i < warm + nosign; ++i)
      plain.push_back(signed_pay(nullptr, "fast-" + std::to_string(i), fast_token.empty() ? token : fast_token));
    (void)run_load(fast.port, fast.child.pid, plain, 0, warm, 64, seconds);
    rfast = run_load(fast.port, fast.child.pid, plain, warm, warm + nosign, 64, seconds);
    rss_fast_pay = rss_kb(fast.child.pid) / 1024.0;
    // The same without payment state: an unknown token stops after the token lookup.
    for (std::size_t i = 0; i < nosign; ++i) plain[i] = signed_pay(nullptr, "lookup-" + std::to_string(i), "unknown-token");
    rlookup = run_load(fast.port, fast.child.pid, plain, 0, nosign, 64, seconds);
    rss_fast_lookup = rss_kb(fast.child.pid) / 1024.0;
    // A buyer of its own: GCash's published daily cap (in its home currency) would refuse the first
    // buyer's payments after ~100 000 of them, and refusals are a cheaper path than payments.
    const std::string spin_token = mint_token(fast.port);
    for (std::size_t i = 0; i < nosign; ++i) plain[i] = signed_pay(nullptr, "spin-" + std::to_string(i), spin_token.empty() ? token : spin_token);
    rspin = run_load(fast.port, fast.child.pid, plain, 0, nosign, 64, seconds, true);
    // The floor under any request: loopback TCP, Asio, Beast's parser and the response write, with
    // a handler that parses no JSON and touches no state.
    for (std::size_t i = 0; i < nosign; ++i) plain[i] = "GET /_sim/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    rfloor = run_load(fast.port, fast.child.pid, plain, 0, nosign, 64, seconds);
    rfloor_spin = run_load(fast.port, fast.child.pid, plain, 0, nosign, 64, seconds, true);
  }
  const double rss_fast = fast.child.pid > 0 ? rss_kb(fast.child.pid) / 1024.0 : -1;
  stop(fast.child);

  print_run("c1", r1, "target p99 <= 1000 us");
  print_run("c1, client polling", r1spin, "target p99 <= 1000 us");
  print_run("c64", r64, "");
  print_run("c64, client polling", r64spin, "");
  std::printf("RSA-2048 sign rate, one core: %.0f sign/s (%s; %.0f before the c64 runs, %.0f after)\n", rate,
              rate_source.c_str(), rate_before, rate_after);
  std::printf("RSA-2048 sign rate of the server's sign_sha256 in-process, one core: %.0f sign/s\n", evp_rate);
  std::printf("c64 / sign rate: %.1f %%  target >= 85 %%\n", rate > 0 ? 100.0 * r64.rps / rate : 0.0);
  // openssl speed counts CPU time, the load above wall time; on a shared core only this compares like with like.
  if (r64.server_cpu_us > 0)
    std::printf("c64 per server CPU second (1e6 / CPU us per req) / sign rate: %.0f req/s, %.1f %%\n", 1e6 / r64.server_cpu_us,
                rate > 0 ? 100.0 * 1e6 / r64.server_cpu_us / rate : 0.0);
  std::printf("c64, client polling / sign rate: %.1f %%  target >= 85 %%\n", rate > 0 ? 100.0 * r64spin.rps / rate : 0.0);
  if (r64spin.server_cpu_us > 0)
    std::printf("c64, client polling, per server CPU second / sign rate: %.0f req/s, %.1f %%\n", 1e6 / r64spin.server_cpu_us,
                rate > 0 ? 100.0 * 1e6 / r64spin.server_cpu_us / rate : 0.0);
  print_rounds("c64 / sign rate in rounds (openssl speed -seconds 1 either side of each chunk)", round_ratios, 0.85);
  print_rounds("c64, client polling / sign rate in rounds", round_ratios_spin, 0.85);
  print_run("c64 verify+sign off", rfast, "target >= 60000 req/s");
  print_run("c64 verify+sign off, unknown token (a FAIL payment, no debit)", rlookup, "");
  print_run("c64 verify+sign off, real payments, client polling (no reader wake-ups)", rspin, "target >= 60000 req/s");
  print_run("c64 GET /_sim/health (the HTTP layer alone: no JSON, no state)", rfloor, "");
  print_run("c64 GET /_sim/health, client polling", rfloor_spin, "");
  std::printf("RSS after load: %.1f MB (%ld payments); verify+sign off child: %.1f MB after %ld payments, %.1f MB after %ld more "
              "unknown-token requests, %.1f MB at the end (after %ld more payments and %ld health requests)\n",
              rss_after, static_cast<long>(at), rss_fast_pay, rfast.requests + static_cast<long>(warm), rss_fast_lookup,
              rlookup.requests, rss_fast, rspin.requests, rfloor.requests + rfloor_spin.requests);
  std::printf("load average at end: %s\n", load_average().c_str());
  fs::remove_all(data_dir, ignored);
  return 0;
}
