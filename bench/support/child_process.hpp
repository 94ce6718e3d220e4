// Child processes for the benchmarks: spawned pinned to a CPU, their stdout read line by line,
// stopped with SIGTERM (SIGKILL after a grace period), or run to their end.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace antom::bench {

// Server and load client on separate cores, so neither steals the other's CPU.
constexpr int kServerCpu = 0, kClientCpu = 1;

// Pins the calling thread; cpu < 0: every CPU (undoes the pinning a child inherits from this process).
void pin_to(int cpu);

struct Child {
  pid_t pid = -1;
  int out_fd = -1;  // its stdout
};

// Runs args[0] (looked up on PATH) pinned to `cpu`; `quiet` sends its stderr to /dev/null.
Child spawn_pinned(const std::vector<std::string>& args, int cpu, bool quiet = false);

// Reads the child's stdout until a line containing `marker` (or EOF / timeout); returns that line.
// Everything read is appended to `all` when given.
std::optional<std::string> read_until(const Child& c, const std::string& marker, std::string* all,
                                      std::chrono::milliseconds timeout);

// SIGTERM, then SIGKILL if it has not exited after `grace`; reaps it and closes its stdout.
void stop(Child& c, std::chrono::milliseconds grace = std::chrono::seconds(6));

struct Finished {
  int exit_code = -1;  // -1: not started, killed by a signal or timed out
  std::string out;     // its stdout
};

// Runs a command to its end (stopped after `timeout`); 127: not found.
Finished run_to_end(const std::vector<std::string>& args, int cpu, bool quiet, std::chrono::milliseconds timeout);

// The executable `name` as execvp would find it on PATH, or "" when there is none.
std::string find_on_path(const std::string& name);

}  // namespace antom::bench
