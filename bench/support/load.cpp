#include "bench/support/load.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <string_view>
#include <thread>

#include "bench/support/child_process.hpp"
#include "bench/support/clock.hpp"
#include "bench/support/proc_stats.hpp"
#include "bench/support/replies.hpp"

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace antom::bench {
namespace {

// Voluntary context switches of the calling thread: each is a sleep the kernel had to end with a
// wake-up.
long thread_sleeps() {
  rusage usage{};
  return getrusage(RUSAGE_THREAD, &usage) == 0 ? usage.ru_nvcsw : 0;
}

// Replies counted by HTTP status and resultCode; a handful of kinds, so a linear scan, no allocation.
struct Tally {
  struct Kind {
    int status;
    std::string code;
    long n;
  };
  std::vector<Kind> kinds;
  void add(int status, std::string_view code) {
    for (auto& k : kinds)
      if (k.status == status && k.code == code) return void(++k.n);
    kinds.push_back({status, std::string(code), 1});
  }
};

// What the connections of one run share: the next request to send and what came back.
struct Load {
  const std::vector<std::string>* pool = nullptr;
  std::size_t next = 0, end = 0;
  Clock::time_point deadline;
  std::vector<double> latency_us;
  Tally replies;
  std::map<std::string, long> outcomes;  // "connection error: ...", ...
  long unsigned_replies = 0;
};

// One connection: a request, its whole reply, the next request, until the pool or the time runs out.
asio::awaitable<void> drive(tcp::socket s, Load& load) {
  std::string data;
  char buf[16384];
  boost::system::error_code ec;
  while (load.next < load.end && Clock::now() < load.deadline) {
    const std::string& req = (*load.pool)[load.next++];
    const auto t0 = Clock::now();
    co_await asio::async_write(s, asio::buffer(req), asio::redirect_error(asio::use_awaitable, ec));
    data.clear();
    while (!ec && response_length(data) == 0) {
      const std::size_t n = co_await s.async_read_some(asio::buffer(buf), asio::redirect_error(asio::use_awaitable, ec));
      data.append(buf, n);
    }
    if (ec) {
      ++load.outcomes["connection error: " + ec.message()];
      co_return;
    }
    load.latency_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    load.replies.add(status_of(data), json_view(data, "resultCode"));
    if (!is_signed(data)) ++load.unsigned_replies;
  }
}

}  // namespace

RunResult run_load(unsigned short port, pid_t server, const std::vector<std::string>& pool, std::size_t from,
                   std::size_t to, int concurrency, double max_seconds, bool spin) {
  RunResult r;
  std::thread t([&] {
    pin_to(kClientCpu);
    asio::io_context ioc(1);
    Load load{&pool, from, to, {}, {}, {}, {}, 0};
    load.latency_us.reserve(to - from);
    std::vector<tcp::socket> sockets;
    for (int i = 0; i < concurrency; ++i) {
      tcp::socket s(ioc);
      boost::system::error_code ec;
      s.connect({asio::ip::make_address("127.0.0.1"), port}, ec);
      if (ec) {
        ++load.outcomes["connect failed: " + ec.message()];
        continue;
      }
      s.set_option(tcp::no_delay(true), ec);
      sockets.push_back(std::move(s));
    }
    for (auto& s : sockets) asio::co_spawn(ioc, drive(std::move(s), load), asio::detached);
    const long ticks0 = cpu_ticks(server);
    const double client0 = thread_cpu_seconds();
    const long sleeps0 = thread_sleeps();
    const auto t0 = Clock::now();
    load.deadline = t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(max_seconds));
    if (spin)
      while (!ioc.stopped()) ioc.poll();
    else
      ioc.run();
    r.seconds = ms_since(t0) / 1000.0;
    const long ticks = cpu_ticks(server) - ticks0;
    r.requests = static_cast<long>(load.latency_us.size());
    r.rps = r.seconds > 0 ? r.requests / r.seconds : 0;
    std::sort(load.latency_us.begin(), load.latency_us.end());
    if (r.requests > 0) {
      r.p50_us = load.latency_us[load.latency_us.size() / 2];
      const auto at = [&](std::size_t per_mille) {
        return load.latency_us[std::min(load.latency_us.size() - 1, load.latency_us.size() * per_mille / 1000)];
      };
      r.p90_us = at(900);
      r.p99_us = at(990);
      r.p999_us = at(999);
      r.client_cpu_us = (thread_cpu_seconds() - client0) * 1e6 / static_cast<double>(r.requests);
      r.client_sleeps = static_cast<double>(thread_sleeps() - sleeps0) / static_cast<double>(r.requests);
      r.server_cpu_us = ticks * 1e6 / static_cast<double>(sysconf(_SC_CLK_TCK)) / static_cast<double>(r.requests);
    }
    for (const auto& k : load.replies.kinds) r.outcomes[std::to_string(k.status) + " " + k.code] += k.n;
    for (auto& [what, n] : load.outcomes) r.outcomes[what] += n;
    r.unsigned_replies = load.unsigned_replies;
  });
  t.join();
  return r;
}

}  // namespace antom::bench
