// A signed request's latency while the control API lists a million payments of the same merchant
// (#21 item 7). An in-process antom-sim (2 I/O threads) holds N payments of the demo merchant, made
// through state::pay as the API makes them. One client thread sends signed inquiryPayment requests
// one after another (each on a fresh connection, signed before the clock starts); first alone, then
// while another thread pages through every payment with GET /_sim/payments?limit=1000&cursor=...
// Prints p50/p99/max of both phases, the listing's pace, and how long taking the merchant's lock
// waits meanwhile (in process, no sockets: the stall the listing itself causes). Speed is printed,
// never asserted; on a loaded machine the socket figures carry its scheduling noise.
// Usage: listing_bench [payments]   (default 1000000)
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "bench/support/args.hpp"
#include "bench/support/in_process.hpp"
#include "bench/support/proc_stats.hpp"
#include "bench/support/stored_payments.hpp"
#include "bench/support/requests.hpp"
#include "bench/support/sim.hpp"
#include "server/crypto/codec.hpp"
#include "server/crypto/rsa_key.hpp"
#include "server/crypto/signer.hpp"
#include "server/simulator.hpp"
#include "state/payment_flow.hpp"

using namespace antom;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kInquiryPath = "/ams/api/v1/payments/inquiryPayment";

void fill(server::App& app, std::size_t count, std::vector<std::string>& sample) {
  bench::store_payments(app, server::kDemoClientId, count, "LIST", [&](std::size_t i, const state::Payment& p) {
    if (i % 4999 == 0) sample.push_back(p.payment_id);
  });
}

std::vector<std::string> signed_inquiries(const server::RsaKey& key, const std::vector<std::string>& ids, std::size_t n) {
  std::vector<std::string> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::string body = R"({"paymentId":")" + ids[i % ids.size()] + "\"}";
    const std::string time = bench::epoch_ms();
    const std::string sig = server::url_encode(
        server::sign_sha256(key, server::signing_content("POST", kInquiryPath, bench::kClientId, time, body)));
    out.push_back(bench::http_request(kInquiryPath, body, "algorithm=RSA256,keyVersion=1,signature=" + sig, time, true));
  }
  return out;
}

struct Figures {
  double p50 = 0, p99 = 0, max = 0;
  std::size_t n = 0, failed = 0;
};

Figures summarize(std::vector<double> ms, std::size_t failed) {
  Figures f;
  f.failed = failed;
  f.n = ms.size();
  if (ms.empty()) return f;
  std::sort(ms.begin(), ms.end());
  f.p50 = ms[ms.size() / 2];
  f.p99 = ms[ms.size() * 99 / 100];
  f.max = ms.back();
  return f;
}

// Sends the requests from `from` until `stop` (or the end); latencies in ms.
Figures run_inquiries(unsigned short port, const std::vector<std::string>& reqs, std::size_t& from,
                      const std::atomic<bool>* stop, std::size_t max_count) {
  std::vector<double> ms;
  std::size_t failed = 0;
  for (; from < reqs.size() && ms.size() + failed < max_count && !(stop && stop->load()); ++from) {
    const auto t0 = Clock::now();
    const std::string reply = bench::round_trip(port, reqs[from]);
    const double elapsed = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    if (reply.find("\"resultCode\":\"SUCCESS\"") == std::string::npos) ++failed;
    else ms.push_back(elapsed);
  }
  return summarize(std::move(ms), failed);
}

std::string json_string_after(const std::string& text, const std::string& key) {
  const auto at = text.find("\"" + key + "\":\"");
  if (at == std::string::npos) return {};
  const auto start = at + key.size() + 4;
  return text.substr(start, text.find('"', start) - start);
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t count = bench::count_arg(argc, argv, 1, 1'000'000, "listing_bench [payments]");
  bench::InProcessSim sim("listing-bench");
  const auto port = sim.port();
  const auto key = server::RsaKey::load_private(bench::read_text(sim.data_dir() / "demo-merchant-private-pkcs8.b64"));
  if (!key) {
    std::fprintf(stderr, "demo merchant key missing in %s\n", sim.data_dir().c_str());
    return 1;
  }
  std::vector<std::string> ids;
  const auto t_fill = Clock::now();
  fill(sim.app(), count, ids);
  std::printf("stored %zu payments of %s in %.1f s\n", count, server::kDemoClientId,
              std::chrono::duration<double>(Clock::now() - t_fill).count());

  const auto reqs = signed_inquiries(*key, ids, 40000);
  std::size_t next = 0;
  const Figures alone = run_inquiries(port, reqs, next, nullptr, 2000);
  std::printf("signed inquiryPayment alone:        n=%zu p50 %.2f ms, p99 %.2f ms, max %.2f ms (%zu not SUCCESS)\n",
              alone.n, alone.p50, alone.p99, alone.max, alone.failed);

  std::atomic<bool> listing_done{false};
  std::size_t pages = 0, listed = 0;
  std::vector<double> page_ms;
  double listing_s = 0;
  std::thread lister([&] {
    const auto t0 = Clock::now();
    std::string cursor;
    do {
      const std::string target = "/_sim/payments?limit=1000" + (cursor.empty() ? "" : "&cursor=" + cursor);
      const auto p0 = Clock::now();
      const std::string reply = bench::round_trip(port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      page_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - p0).count());
      if (reply.empty()) break;
      ++pages;
      std::size_t at = 0;
      while ((at = reply.find("\"paymentId\":", at)) != std::string::npos) ++listed, ++at;
      cursor = json_string_after(reply, "nextCursor");
    } while (!cursor.empty());
    listing_s = std::chrono::duration<double>(Clock::now() - t0).count();
    listing_done.store(true);
  });
  // The lock alone, without sockets or signatures: how long taking the merchant's lock waits.
  std::vector<double> lock_ms;
  std::thread prober([&] {
    while (!listing_done.load()) {
      const auto t0 = Clock::now();
      sim.app().world.with_merchant(server::kDemoClientId, [](state::MerchantState&) {});
      lock_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  });
  const Figures during = run_inquiries(port, reqs, next, &listing_done, reqs.size());
  lister.join();
  prober.join();
  const Figures lock_f = summarize(lock_ms, 0);
  const Figures pages_f = summarize(page_ms, 0);
  std::printf("listing: %zu payments in %zu pages of 1000 in %.1f s (page p50 %.1f ms, p99 %.1f ms)\n", listed, pages,
              listing_s, pages_f.p50, pages_f.p99);
  std::printf("signed inquiryPayment while listing: n=%zu p50 %.2f ms, p99 %.2f ms, max %.2f ms (%zu not SUCCESS)\n",
              during.n, during.p50, during.p99, during.max, during.failed);
  std::printf("taking the merchant's lock while listing: n=%zu p50 %.3f ms, p99 %.3f ms, max %.2f ms\n", lock_f.n,
              lock_f.p50, lock_f.p99, lock_f.max);
  return 0;
}
