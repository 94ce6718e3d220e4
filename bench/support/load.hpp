// The load: pre-built requests sent over keep-alive connections from one client thread, with
// latency, throughput, the server's and the client's CPU per request and a tally of the replies.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace antom::bench {

struct RunResult {
  long requests = 0;  // replies received
  double seconds = 0, rps = 0, p50_us = 0, p90_us = 0, p99_us = 0, p999_us = 0, server_cpu_us = 0, client_cpu_us = 0;
  double client_sleeps = 0;  // per reply: times the client thread slept and had to be woken
  std::map<std::string, long> outcomes;  // "200 SUCCESS", "connection error: ...", ...
  long unsigned_replies = 0;
};

// Sends pool[from, to) over `concurrency` keep-alive connections to 127.0.0.1:`port` from one
// thread on the client CPU, stopping after `max_seconds`; `server` is the pid whose CPU is counted.
// `spin`: the client polls instead of sleeping in epoll_wait. A sleeping reader must be woken by
// the kernel whenever a reply finds it asleep, and that wake-up (an inter-processor interrupt,
// costly in a VM) is charged to the sending server; a polling client shows the server's own cost.
// RunResult::client_sleeps counts the wake-ups.
RunResult run_load(unsigned short port, pid_t server, const std::vector<std::string>& pool, std::size_t from,
                   std::size_t to, int concurrency, double max_seconds, bool spin = false);

}  // namespace antom::bench
