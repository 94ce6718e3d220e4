// Instructions per request in the live server: starts the built antom-sim under callgrind
// (valgrind) with one thread and verification and signing off, and counts the user-space
// instructions all its threads execute while answering N real pay requests, N pay requests with an
// unknown token (a FAIL payment, no debit) and N GET /_sim/health (the HTTP layer alone), each at c64 over
// keep-alive connections. Timings on the VM drift by ±20 %, instruction counts do not, so two builds
// can be compared with this where gateway_bench cannot tell them apart. Needs valgrind (and its
// callgrind_control) on PATH; says so otherwise. A benchmark: exits 0 once it has run.
// --keep-dumps DIR copies the callgrind dumps (one per load, in the order printed) to DIR, for
// callgrind_annotate --inclusive=yes.
// Usage: instructions_bench [ANTOM_SIM=build/antom-sim] [--requests N] [--keep-dumps DIR]
#include <signal.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "bench/support/child_process.hpp"
#include "bench/support/clock.hpp"
#include "bench/support/load.hpp"
#include "bench/support/proc_stats.hpp"
#include "bench/support/requests.hpp"
#include "bench/support/sim.hpp"

namespace fs = std::filesystem;
using namespace antom::bench;

namespace {

constexpr int kConcurrency = 64;
constexpr std::size_t kWarmUp = 500;
constexpr double kMaxSeconds = 600;  // per load: valgrind runs the server some 50 times slower
const auto kControlTimeout = std::chrono::seconds(60);

// Sends `option` ("-z": zero the counters, "-d": dump them) to the callgrind run `pid` and waits for
// callgrind_control to exit, which it does once the server has carried the command out (the server
// takes it up the next time it runs code; the notification sender wakes often enough).
bool callgrind_control(const char* option, pid_t pid) {
  // quiet: vgdb reports every command it sends on stderr.
  const Finished f = run_to_end({"callgrind_control", option, std::to_string(pid)}, -1, true, kControlTimeout);
  if (f.exit_code == 0 && f.out.find("OK") != std::string::npos) return true;
  std::fprintf(stderr, "instructions_bench: callgrind_control %s %d failed (exit %d): %s\n", option, static_cast<int>(pid),
               f.exit_code, f.out.c_str());
  return false;
}

// The newest dump of the callgrind run `pid`: <dir>/cg.<pid>.<k> with the highest k (0: none yet).
std::pair<int, fs::path> newest_dump(const fs::path& dir, pid_t pid) {
  const std::string prefix = "cg." + std::to_string(pid) + ".";
  std::pair<int, fs::path> newest{0, {}};
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(prefix)) continue;
    if (const int k = std::atoi(name.c_str() + prefix.size()); k > newest.first) newest = {k, entry.path()};
  }
  return newest;
}

// The event total of a dump: its summary: line, else its totals: line; -1 until the file is
// complete (totals: is its last line).
long long dump_total(const fs::path& file) {
  std::istringstream in(read_text(file));
  long long summary = -1, totals = -1;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("summary:")) summary = std::atoll(line.c_str() + 8);
    else if (line.starts_with("totals:")) totals = std::atoll(line.c_str() + 7);
  }
  return totals < 0 ? -1 : summary >= 0 ? summary : totals;
}

struct Counted {
  RunResult run;
  long long instructions = -1;  // -1: not counted
};

// Zero, the load, dump; `last_dump` is the k of the previous dump, so a stale file is not read.
Counted count(const Started& sim, const fs::path& dir, const std::vector<std::string>& pool, int& last_dump) {
  Counted c;
  const pid_t pid = sim.child.pid;
  if (!callgrind_control("-z", pid)) return c;
  c.run = run_load(sim.port, pid, pool, 0, pool.size(), kConcurrency, kMaxSeconds);
  if (!callgrind_control("-d", pid)) return c;
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  do {
    if (const auto [k, file] = newest_dump(dir, pid); k > last_dump) {
      if (const long long total = dump_total(file); total >= 0) {
        last_dump = k;
        c.instructions = total;
        return c;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  } while (Clock::now() < deadline);
  std::fprintf(stderr, "instructions_bench: no new callgrind dump in %s\n", dir.c_str());
  return c;
}

void print_counted(const char* name, const Counted& c) {
  const RunResult& r = c.run;
  if (c.instructions < 0 || r.requests == 0)
    std::printf("%-40s %7ld answered in %6.1f s: not counted\n", name, r.requests, r.seconds);
  else
    std::printf("%-40s %7ld answered in %6.1f s: %9.0f instructions/request\n", name, r.requests, r.seconds,
                static_cast<double>(c.instructions) / static_cast<double>(r.requests));
  for (const auto& [outcome, n] : r.outcomes) std::printf("        %-40s %ld\n", outcome.c_str(), n);
}

}  // namespace

int main(int argc, char** argv) {
  std::string binary = "build/antom-sim";
  std::size_t requests = 5000;
  fs::path keep_dumps;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--requests" && i + 1 < argc) requests = std::max<std::size_t>(1, std::stoul(argv[++i]));
    else if (a == "--keep-dumps" && i + 1 < argc) keep_dumps = argv[++i];
    else if (!a.starts_with("--")) binary = a;
    else return std::fprintf(stderr, "usage: instructions_bench [ANTOM_SIM] [--requests N] [--keep-dumps DIR]\n"), 2;
  }
  binary = locate_sim(binary);
  if (!fs::exists(binary)) return std::fprintf(stderr, "instructions_bench: no antom-sim binary at %s\n", binary.c_str()), 2;
  if (find_on_path("valgrind").empty() || find_on_path("callgrind_control").empty()) {
    std::printf("instructions_bench: valgrind and callgrind_control are needed on PATH (Debian: apt-get install valgrind); "
                "nothing measured\n");
    return 0;
  }
  signal(SIGPIPE, SIG_IGN);
  char dir_template[] = "/tmp/instructions-bench-XXXXXX";
  const fs::path dir = mkdtemp(dir_template);
  std::string version = run_to_end({"valgrind", "--version"}, -1, true, kControlTimeout).out;
  version = version.substr(0, version.find('\n'));

  // -q: valgrind's banner would land in the middle of this output. Not pinned: valgrind runs one
  // thread at a time anyway, and the count does not depend on the core.
  Started sim = start_sim(binary, dir, false, -1,
                          {"valgrind", "-q", "--tool=callgrind", "--callgrind-out-file=" + (dir / "cg.%p").string()},
                          std::chrono::minutes(2));
  std::error_code ignored;
  auto finish = [&](const char* why) {
    if (why) std::fprintf(stderr, "instructions_bench: %s\n", why);
    stop(sim.child, std::chrono::seconds(60));  // callgrind writes its last dump on the way out
    if (!keep_dumps.empty()) {
      fs::create_directories(keep_dumps, ignored);
      for (const auto& entry : fs::directory_iterator(dir, ignored))
        if (entry.path().filename().string().starts_with("cg."))
          fs::copy_file(entry.path(), keep_dumps / entry.path().filename(), fs::copy_options::overwrite_existing, ignored);
    }
    fs::remove_all(dir, ignored);
    return 0;
  };
  if (sim.port == 0) return finish("antom-sim did not start under valgrind (or printed no ready line)");
  const std::string token = mint_token(sim.port);
  if (token.empty()) return finish("could not mint an access token through /_sim/authorizations/tokens");

  std::printf("instructions_bench: %s under callgrind (%s), --threads 1, verification and signing off; "
              "%zu requests per load at c%d after %zu warm-up payments (started in %.1f s)\n",
              binary.c_str(), version.c_str(), requests, kConcurrency, kWarmUp, sim.ready_ms / 1000.0);
  std::printf("# counted: user-space instructions (callgrind Ir) of every server thread (Beast, Asio, the pipeline, "
              "the notification sender), not the kernel's, from zeroing to dump; includes accepting and closing the "
              "load's %d connections\n",
              kConcurrency);
  std::fflush(stdout);

  std::vector<std::string> warm, real, unknown;
  for (std::size_t i = 0; i < kWarmUp; ++i) warm.push_back(signed_pay(nullptr, "warm-" + std::to_string(i), token));
  for (std::size_t i = 0; i < requests; ++i) {
    real.push_back(signed_pay(nullptr, "instr-" + std::to_string(i), token));
    unknown.push_back(signed_pay(nullptr, "unknown-" + std::to_string(i), "unknown-token"));
  }
  const std::vector<std::string> health(requests, "GET /_sim/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

  const RunResult warm_run = run_load(sim.port, sim.child.pid, warm, 0, warm.size(), kConcurrency, kMaxSeconds);
  if (warm_run.requests != static_cast<long>(kWarmUp))
    std::printf("warm-up: only %ld of %zu answered\n", warm_run.requests, kWarmUp);
  int last_dump = 0;
  print_counted("pay, real payments", count(sim, dir, real, last_dump));
  print_counted("pay, unknown token (a FAIL payment, no debit)", count(sim, dir, unknown, last_dump));
  print_counted("GET /_sim/health (HTTP layer alone)", count(sim, dir, health, last_dump));
  return finish(nullptr);
}
