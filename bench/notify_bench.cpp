// Notification sender benchmarks:
//  1. notifications delivered per second to a local receiver that acknowledges (bounded by RSA signing);
//  2. real time to run one virtual day of the production schedule for N notifications to an
//     endpoint that refuses every connection (9 attempts each, then given up);
//  3. memory per pending notification (RSS growth / N).
// Usage: notify_bench [delivered=5000] [failing=100000]
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <unistd.h>

#include "bench/support/args.hpp"
#include "server/app.hpp"
#include "server/notify/notifier.hpp"
#include "state/outbox.hpp"

using namespace antom;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

// A keep-alive HTTP server that acknowledges every POST.
class AckServer {
 public:
  AckServer() : acceptor_(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    asio::co_spawn(ioc_, accept(), asio::detached);
    thread_ = std::thread([this] { ioc_.run(); });
  }
  ~AckServer() {
    ioc_.stop();
    thread_.join();
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }

 private:
  asio::awaitable<void> session(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) {
      beast::error_code ec;
      http::request<http::string_body> req;
      co_await http::async_read(stream, buffer, req, asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return;
      http::response<http::string_body> res{http::status::ok, 11};
      res.body() = R"({"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}})";
      res.keep_alive(true);
      res.prepare_payload();
      co_await http::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return;
    }
  }
  asio::awaitable<void> accept() {
    for (;;) {
      beast::error_code ec;
      auto socket = co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return;
      asio::co_spawn(ioc_, session(std::move(socket)), asio::detached);
    }
  }
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  std::thread thread_;
};

long rss_kib() {
  std::ifstream f("/proc/self/statm");
  long pages = 0, resident = 0;
  f >> pages >> resident;
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

std::unique_ptr<server::App> make_app() {
  auto app = std::make_unique<server::App>(server::Options{});
  app->keys.antom_private = server::RsaKey::generate(2048);
  server::Merchant m;
  m.client_id = "SANDBOX_BENCH";
  app->merchants.upsert(m);
  (void)app->world.clock().set(*state::parse_iso8601("2026-03-01T10:00:00+08:00"));
  app->world.clock().freeze();
  return app;
}

void enqueue(server::App& app, std::size_t n, const std::string& url) {
  const auto now = app.world.clock().now();
  app.world.with_merchant("SANDBOX_BENCH", [&](state::MerchantState& m) {
    for (std::size_t i = 0; i < n; ++i) {
      state::OutboxRecord r;
      r.kind = state::NotifyKind::Payment;
      r.notify_type = "PAYMENT_RESULT";
      r.url = url;
      r.subject_id = "pay" + std::to_string(i);
      state::Fields result, amount;
      state::put(result, "resultCode", "SUCCESS");
      state::put(result, "resultStatus", "S");
      state::put(result, "resultMessage", "success");
      state::put(amount, "currency", "USD");
      state::put(amount, "value", "1000");
      state::Fields payload;
      state::put(payload, "notifyType", "PAYMENT_RESULT");
      state::put(payload, "paymentRequestId", "req" + std::to_string(i));
      state::put(payload, "paymentId", "2026030110000000" + std::to_string(i));
      state::put(payload, "paymentAmount", amount);
      state::put(payload, "paymentTime", "2026-03-01T10:00:00+08:00");
      state::put(payload, "result", result);
      r.payload = std::move(payload);
      (void)m.outbox.enqueue(std::move(r), now);
    }
  });
}

std::size_t count_state(server::App& app, state::DeliveryState s) {
  return app.world.with_merchant("SANDBOX_BENCH", [&](state::MerchantState& m) {
    std::size_t n = 0;
    m.outbox.for_each([&](const state::OutboxRecord& r) { n += r.state == s; });
    return n;
  });
}

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

}  // namespace

int main(int argc, char** argv) {
  constexpr const char* kUsage = "notify_bench [delivered] [failing]";
  const std::size_t delivered_n = bench::count_arg(argc, argv, 1, 5000, kUsage);
  const std::size_t failing_n = bench::count_arg(argc, argv, 2, 100000, kUsage);

  {
    AckServer receiver;
    auto app = make_app();
    server::Notifier notifier(*app, server::NotifierSettings{.journal_cap = delivered_n + 1});
    enqueue(*app, delivered_n, "http://127.0.0.1:" + std::to_string(receiver.port()) + "/notify");
    const auto t = Clock::now();
    notifier.start();
    while (!notifier.wait_idle(std::chrono::seconds(60))) {}
    const double s = seconds_since(t);
    std::printf("delivered: %zu of %zu notifications in %.2f s = %.0f notifications/s (each signed once)\n",
                count_state(*app, state::DeliveryState::Delivered), delivered_n, s, delivered_n / s);
    (void)notifier.shutdown(std::chrono::seconds(1));
  }

  {
    // Nothing listens on this port: every attempt is a refused connection.
    std::string dead_url;
    {
      asio::io_context io;
      tcp::acceptor a(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
      dead_url = "http://127.0.0.1:" + std::to_string(a.local_endpoint().port()) + "/notify";
    }
    auto app = make_app();
    server::Notifier notifier(*app, server::NotifierSettings{.journal_cap = failing_n + 1});
    const long before = rss_kib();
    enqueue(*app, failing_n, dead_url);
    const long after = rss_kib();
    std::printf("memory: %.0f bytes per pending notification (RSS +%ld KiB for %zu)\n",
                (after - before) * 1024.0 / static_cast<double>(failing_n), after - before, failing_n);
    const auto t = Clock::now();
    notifier.start();
    (void)app->world.clock().advance(std::chrono::hours(25));  // the whole production schedule is due
    notifier.wake();
    while (!notifier.wait_idle(std::chrono::seconds(600))) {}
    const double s = seconds_since(t);
    const auto stats = notifier.stats();
    std::printf("virtual day, failing endpoint: %zu notifications, %llu attempts, %zu given up, in %.2f s real "
                "(%.0f attempts/s)\n",
                failing_n, static_cast<unsigned long long>(stats.attempts),
                count_state(*app, state::DeliveryState::GivenUp), s, stats.attempts / s);
    const long journal = rss_kib();
    std::printf("memory: %.0f bytes per given-up notification with its 9 journaled attempts\n",
                (journal - before) * 1024.0 / static_cast<double>(failing_n));
    (void)notifier.shutdown(std::chrono::seconds(1));
  }
  return 0;
}
