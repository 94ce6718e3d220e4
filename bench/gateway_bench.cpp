// Gateway benchmark (issue #2): starts the built antom-sim as a child pinned to CPU 0 and drives
// pre-signed pay requests (real payments on a token minted through /_sim/) at it from CPU 1 over
// keep-alive connections. Prints start-up times (empty data dir and keys on disk), idle memory,
// c1 / c64 throughput, latency and server CPU per request, the one-core RSA-2048 sign rate
// (openssl speed, and the server's own sign call) and the c64 rate with verification and signing
// off (with a real and with an unknown token). Figures go to docs/benchmarks.md. A benchmark: exits
// 0 once it has run, whatever the figures.
// Usage: gateway_bench [ANTOM_SIM=build/antom-sim] [--c1 N] [--c64 N] [--nosign N] [--seconds S] [--starts N]
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "server/crypto/codec.hpp"
#include "server/crypto/rsa_key.hpp"
#include "server/crypto/signer.hpp"

namespace asio = boost::asio;
namespace fs = std::filesystem;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using antom::server::RsaKey;

namespace {

const std::string kClientId = "SANDBOX_5YDEMO0000000001";
const std::string kPayPath = "/ams/api/v1/payments/pay";
constexpr int kServerCpu = 0, kClientCpu = 1;

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// cpu < 0: every CPU (undoes the pinning a child inherits from this process).
void pin_to(int cpu) {
  if (static_cast<int>(std::thread::hardware_concurrency()) <= cpu) return;  // one core: nothing to pin
  cpu_set_t set;
  CPU_ZERO(&set);
  if (cpu < 0)
    for (unsigned c = 0; c < std::thread::hardware_concurrency(); ++c) CPU_SET(c, &set);
  else
    CPU_SET(cpu, &set);
  sched_setaffinity(0, sizeof set, &set);
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// ---- child processes ----------------------------------------------------------------------

struct Child {
  pid_t pid = -1;
  int out_fd = -1;  // its stdout
};

Child spawn_pinned(const std::vector<std::string>& args, int cpu, bool quiet = false) {
  std::vector<char*> argv;  // built before fork: the child only calls async-signal-safe functions
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  int fds[2];
  if (pipe(fds) != 0) return {};
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    if (quiet) dup2(open("/dev/null", O_WRONLY), STDERR_FILENO);
    close(fds[0]);
    close(fds[1]);
    pin_to(cpu);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  close(fds[1]);
  return {pid, fds[0]};
}

// Reads the child's stdout until a line containing `marker` (or EOF / timeout); returns that line.
std::optional<std::string> read_until(const Child& c, const std::string& marker, std::string* all,
                                      std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  std::string pending;
  char buf[4096];
  while (Clock::now() < deadline) {
    pollfd p{c.out_fd, POLLIN, 0};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (poll(&p, 1, static_cast<int>(std::max<long>(1, left))) <= 0) continue;
    const ssize_t n = read(c.out_fd, buf, sizeof buf);
    if (n <= 0) return std::nullopt;
    pending.append(buf, static_cast<std::size_t>(n));
    if (all) all->append(buf, static_cast<std::size_t>(n));
    for (std::size_t nl; (nl = pending.find('\n')) != std::string::npos; pending.erase(0, nl + 1))
      if (pending.substr(0, nl).find(marker) != std::string::npos) return pending.substr(0, nl);
  }
  return std::nullopt;
}

void stop(Child& c) {
  if (c.pid <= 0) return;
  kill(c.pid, SIGTERM);
  const auto deadline = Clock::now() + std::chrono::seconds(6);
  int status = 0;
  while (waitpid(c.pid, &status, WNOHANG) == 0) {
    if (Clock::now() > deadline) {
      kill(c.pid, SIGKILL);
      waitpid(c.pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  close(c.out_fd);
  c = {};
}

long rss_kb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);)
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
  return -1;
}

// utime + stime of all threads, in clock ticks.
long cpu_ticks(pid_t pid) {
  const std::string stat = read_text("/proc/" + std::to_string(pid) + "/stat");
  std::istringstream in(stat.substr(stat.rfind(')') + 2));  // fields from 3 (state) on
  std::string field;
  long utime = 0, stime = 0;
  for (int i = 3; in >> field && i <= 15; ++i) {
    if (i == 14) utime = std::stol(field);
    if (i == 15) stime = std::stol(field);
  }
  return utime + stime;
}

// ---- requests and the minimal HTTP/1.1 response reader --------------------------------------

std::string http_request(const std::string& path, const std::string& body, const std::string& signature_header,
                         const std::string& request_time, bool api) {
  std::string r = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json; charset=UTF-8\r\n";
  if (api) r += "Client-Id: " + kClientId + "\r\nRequest-Time: " + request_time + "\r\nSignature: " + signature_header + "\r\n";
  r += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  return r;
}

std::string epoch_ms() {
  using namespace std::chrono;
  return std::to_string(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

std::string pay_body(const std::string& request_id, const std::string& token) {
  return R"({"productCode":"AGREEMENT_PAYMENT","paymentRequestId":")" + request_id +
         R"(","order":{"referenceOrderId":"ORD-)" + request_id +
         R"(","orderDescription":"Gateway benchmark plan","orderAmount":{"currency":"PHP","value":"100"}},)"
         R"("paymentAmount":{"currency":"PHP","value":"100"},)"
         R"("paymentMethod":{"paymentMethodType":"GCASH","paymentMethodId":")" + token + R"("}})";
}

// A pay request as the SDKs send it; key == nullptr gives a placeholder signature (verification off).
std::string signed_pay(const RsaKey* key, const std::string& request_id, const std::string& token) {
  const std::string body = pay_body(request_id, token), time = epoch_ms();
  std::string sig = "placeholder";
  if (key) sig = antom::server::url_encode(antom::server::sign_sha256(*key, antom::server::signing_content("POST", kPayPath, kClientId, time, body)));
  return http_request(kPayPath, body, "algorithm=RSA256,keyVersion=1,signature=" + sig, time, true);
}

std::size_t find_nocase(std::string_view hay, std::string_view needle) {
  auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                        [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
  return it == hay.end() ? std::string_view::npos : static_cast<std::size_t>(it - hay.begin());
}

// Bytes of the first complete response in `data`, or 0 while more are needed.
std::size_t response_length(std::string_view data) {
  const std::size_t head_end = data.find("\r\n\r\n");
  if (head_end == std::string_view::npos) return 0;
  std::size_t length = 0;
  if (auto cl = find_nocase(data.substr(0, head_end), "\ncontent-length:"); cl != std::string_view::npos)
    length = std::strtoul(data.data() + cl + 16, nullptr, 10);
  return data.size() >= head_end + 4 + length ? head_end + 4 + length : 0;
}

int status_of(std::string_view reply) { return reply.size() > 12 ? std::atoi(reply.data() + 9) : 0; }
bool is_signed(std::string_view reply) {
  return find_nocase(reply.substr(0, reply.find("\r\n\r\n")), "\nsignature:") != std::string_view::npos;
}
// The value of "key":"..." in a reply, without allocating (the load loop calls it per reply).
std::string_view json_view(std::string_view reply, std::string_view key) {
  for (auto at = reply.find(key); at != std::string_view::npos; at = reply.find(key, at + 1)) {
    if (at == 0 || reply[at - 1] != '"' || reply.substr(at + key.size(), 3) != "\":\"") continue;
    const auto from = at + key.size() + 3;
    return reply.substr(from, reply.find('"', from) - from);
  }
  return {};
}
std::string json_string(std::string_view reply, std::string_view key) { return std::string(json_view(reply, key)); }

// One blocking exchange on a fresh connection (start-up probe, control calls).
std::string round_trip(unsigned short port, const std::string& request) {
  asio::io_context ioc;
  tcp::socket s(ioc);
  boost::system::error_code ec;
  s.connect({asio::ip::make_address("127.0.0.1"), port}, ec);
  if (ec || (asio::write(s, asio::buffer(request), ec), ec)) return {};
  std::string data;
  char buf[16384];
  while (response_length(data) == 0) {
    const std::size_t n = s.read_some(asio::buffer(buf), ec);
    if (ec) return {};
    data.append(buf, n);
  }
  return data;
}

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// ---- the load -------------------------------------------------------------------------------

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

struct Load {
  const std::vector<std::string>* pool = nullptr;
  std::size_t next = 0, end = 0;
  Clock::time_point deadline;
  std::vector<double> latency_us;
  Tally replies;
  std::map<std::string, long> outcomes;  // "connection error: ...", ...
  long unsigned_replies = 0;
};

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

struct RunResult {
  long requests = 0;
  double seconds = 0, rps = 0, p50_us = 0, p90_us = 0, p99_us = 0, p999_us = 0, server_cpu_us = 0, client_cpu_us = 0;
  std::map<std::string, long> outcomes;
  long unsigned_replies = 0;
};

// Sends pool[from, to) over `concurrency` keep-alive connections from one thread on the client CPU.
// `spin`: the client polls instead of sleeping in epoll_wait. A sleeping reader must be woken by
// the kernel on every reply, and that wake-up (an inter-processor interrupt, costly in a VM) is
// charged to the sending server; a polling client shows the server's own cost.
RunResult run_load(unsigned short port, pid_t server, const std::vector<std::string>& pool, std::size_t from,
                   std::size_t to, int concurrency, double max_seconds, bool spin = false) {
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
      r.server_cpu_us = ticks * 1e6 / static_cast<double>(sysconf(_SC_CLK_TCK)) / static_cast<double>(r.requests);
    }
    for (const auto& k : load.replies.kinds) r.outcomes[std::to_string(k.status) + " " + k.code] += k.n;
    for (auto& [what, n] : load.outcomes) r.outcomes[what] += n;
    r.unsigned_replies = load.unsigned_replies;
  });
  t.join();
  return r;
}

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

std::pair<double, std::string> sign_rate() {
  Child c = spawn_pinned({"openssl", "speed", "-seconds", "2", "rsa2048"}, kServerCpu, true);
  std::string out;
  if (c.pid > 0) {
    (void)read_until(c, "\x01never", &out, std::chrono::seconds(30));  // reads to EOF
    stop(c);
  }
  // Header "  sign verify sign/s verify/s" and row "rsa 2048 bits 0.000654s 0.000019s 1529.0 52348.4".
  std::istringstream lines(out);
  std::vector<std::string> header;
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::vector<std::string> w{std::istream_iterator<std::string>(words), {}};
    if (std::find(w.begin(), w.end(), "sign/s") != w.end()) header = w;
    if (w.size() > 3 && w[0] == "rsa" && w[1] == "2048" && w[2] == "bits" && !header.empty()) {
      const auto col = std::find(header.begin(), header.end(), "sign/s") - header.begin();
      if (static_cast<std::size_t>(col) + 3 < w.size()) return {std::atof(w[col + 3].c_str()), "openssl speed -seconds 2 rsa2048"};
    }
  }
  return {evp_sign_rate(), "in-process sign_sha256 loop (openssl not usable)"};
}

// ---- one antom-sim child --------------------------------------------------------------------

struct Started {
  Child child;
  unsigned short port = 0;
  double ready_ms = -1, first_response_ms = -1;
  bool first_signed = false;
  std::string first_code;
};

Started start_sim(const std::string& binary, const fs::path& data_dir, bool crypto_on, int cpu = kServerCpu) {
  Started s;
  std::vector<std::string> args{binary, "--listen", "127.0.0.1:0", "--threads", "1", "--data-dir", data_dir.string(), "--log-format", "off"};
  if (!crypto_on) args.insert(args.end(), {"--verify-signatures", "off", "--sign-responses", "off"});
  const auto t0 = Clock::now();
  s.child = spawn_pinned(args, cpu);
  const auto ready = read_until(s.child, " ready:", nullptr, std::chrono::seconds(60));
  if (!ready) return s;
  s.ready_ms = ms_since(t0);
  const auto at = ready->find("http://127.0.0.1:");
  if (at == std::string::npos) return s;
  s.port = static_cast<unsigned short>(std::atoi(ready->c_str() + at + 17));
  // The key file exists once the ready line is out; loading it and signing counts in this figure.
  const auto key = RsaKey::load_private(read_text(data_dir / "demo-merchant-private-pkcs8.pem"));
  const std::string reply = round_trip(s.port, signed_pay(key ? &*key : nullptr, "probe-" + epoch_ms(), "unknown-token"));
  s.first_response_ms = ms_since(t0);
  s.first_signed = status_of(reply) == 200 && is_signed(reply);
  s.first_code = json_string(reply, "resultCode") + ": " + json_string(reply, "resultMessage");
  return s;
}

// Spawn -> first signed response over `n` first starts, each in its own empty data directory.
struct ColdStarts {
  std::vector<double> ms;  // sorted
  std::size_t unsigned_or_failed = 0;
  void print(const char* name) const {
    if (ms.empty()) return (void)std::printf("%s: no start succeeded\n", name);
    auto at = [&](double q) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(q * static_cast<double>(ms.size())))]; };
    const std::size_t within = static_cast<std::size_t>(std::count_if(ms.begin(), ms.end(), [](double v) { return v <= 50; }));
    std::printf("%s, %zu starts: spawn->first signed response min %.1f, p50 %.1f, p90 %.1f, max %.1f ms; %zu of %zu within "
                "the 50 ms target%s\n",
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

// A real, reusable access token: minted through /_sim/, with limits lifted so every pay succeeds.
std::string mint_token(unsigned short port) {
  const std::string minted = round_trip(port, http_request("/_sim/authorizations/tokens", R"({"customerBelongsTo":"GCASH"})", "", "", false));
  const std::string token = json_string(minted, "accessToken");
  if (token.empty()) return {};
  (void)round_trip(port, http_request("/_sim/buyers/" + antom::server::url_encode(token),
                                    R"({"balance":900000000000000,"dailyCountLimit":1000000000})", "", "", false));
  return token;
}

std::string load_average() {
  std::string s = read_text("/proc/loadavg");
  return s.substr(0, s.find(' ', s.find(' ', s.find(' ') + 1) + 1));
}

void print_run(const char* name, const RunResult& r, const char* target) {
  std::printf("%-5s %7ld req in %5.2f s: %9.0f req/s  p50 %8.0f us  p99 %8.0f us  server CPU %6.0f us/req  %s\n", name,
              r.requests, r.seconds, r.rps, r.p50_us, r.p99_us, r.server_cpu_us, target);
  std::printf("        (p90 %.0f us, p99.9 %.0f us; client thread CPU %.0f us/req)\n", r.p90_us, r.p999_us, r.client_cpu_us);
  for (const auto& [outcome, n] : r.outcomes) std::printf("        %-40s %ld\n", outcome.c_str(), n);
  if (r.unsigned_replies) std::printf("        replies without a Signature header: %ld\n", r.unsigned_replies);
}

}  // namespace

int main(int argc, char** argv) {
  std::string binary = "build/antom-sim";
  std::size_t c1 = 2000, c64 = 6000, nosign = 60000, starts = 10;
  double seconds = 10;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--c1" && has_value) c1 = std::stoul(argv[++i]);
    else if (a == "--c64" && has_value) c64 = std::stoul(argv[++i]);
    else if (a == "--nosign" && has_value) nosign = std::stoul(argv[++i]);
    else if (a == "--seconds" && has_value) seconds = std::stod(argv[++i]);
    else if (a == "--starts" && has_value) starts = std::max<std::size_t>(1, std::stoul(argv[++i]));
    else if (!a.starts_with("--")) binary = a;
    else return std::fprintf(stderr, "usage: gateway_bench [ANTOM_SIM] [--c1 N] [--c64 N] [--nosign N] [--seconds S] [--starts N]\n"), 2;
  }
  if (binary == "build/antom-sim" && !fs::exists(binary))  // run from elsewhere: the build tree this bench is in
    binary = (fs::read_symlink("/proc/self/exe").parent_path().parent_path() / "antom-sim").string();
  if (!fs::exists(binary)) return std::fprintf(stderr, "gateway_bench: no antom-sim binary at %s\n", binary.c_str()), 2;
  binary = fs::absolute(binary).string();
  pin_to(kClientCpu);
  signal(SIGPIPE, SIG_IGN);
  char dir_template[] = "/tmp/gateway-bench-XXXXXX";
  const fs::path data_dir = mkdtemp(dir_template);
  std::printf("gateway_bench: %s, server pinned to CPU %d (--threads 1), client on CPU %d, load average %s\n",
              binary.c_str(), kServerCpu, kClientCpu, load_average().c_str());

  // Start-up: cold (fresh data dir: the binary makes its RSA keys and TLS certificate) and warm.
  // Key generation is random (how many candidates until a prime), so cold starts are repeated.
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
  std::printf("start, fresh data dir:   spawn->ready %6.1f ms, spawn->first signed response %6.1f ms (%s, %s)  target <= 50 ms\n",
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
  const std::size_t warm = 200, total = warm + 2 * c1 + warm + 2 * c64;
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
  const double rss_after = rss_kb(sim.child.pid) / 1024.0;
  stop(sim.child);

  const auto [rate_after, rate_source] = sign_rate();
  const double rate = rate_before > 0 ? (rate_before + rate_after) / 2 : rate_after;
  const double evp_rate = evp_sign_rate();

  // Verification and signing off: no client signatures needed, so the pool can be large.
  Started fast = start_sim(binary, data_dir, false);
  RunResult rfast, rlookup, rspin, rfloor, rfloor_spin;
  double rss_fast_pay = -1;
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
    for (std::size_t i = 0; i < nosign; ++i) plain[i] = signed_pay(nullptr, "spin-" + std::to_string(i), fast_token.empty() ? token : fast_token);
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
  print_run("c64 verify+sign off", rfast, "target >= 60000 req/s");
  print_run("c64 verify+sign off, unknown token (no payment made)", rlookup, "");
  print_run("c64 verify+sign off, real payments, client polling (no reader wake-ups)", rspin, "target >= 60000 req/s");
  print_run("c64 GET /_sim/health (the HTTP layer alone: no JSON, no state)", rfloor, "");
  print_run("c64 GET /_sim/health, client polling", rfloor_spin, "");
  std::printf("RSS after load: %.1f MB (%ld payments); verify+sign off child: %.1f MB after %ld payments, %.1f MB after %ld more unknown-token requests\n",
              rss_after, r1.requests + r1spin.requests + r64.requests + r64spin.requests + 2 * static_cast<long>(warm), rss_fast_pay,
              rfast.requests + static_cast<long>(warm), rss_fast, rlookup.requests);
  std::printf("load average at end: %s\n", load_average().c_str());
  fs::remove_all(data_dir, ignored);
  return 0;
}
