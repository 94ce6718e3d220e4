#include "server/notify/http_client.hpp"

#include <openssl/ssl.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <deque>
#include <map>
#include <set>

#include "server/http/header_safety.hpp"

namespace antom::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

struct Connection {
  bool tls = false;
  std::unique_ptr<beast::tcp_stream> plain;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> secure;
  beast::flat_buffer buffer;

  beast::tcp_stream& lowest() { return tls ? secure->next_layer() : *plain; }
  void close() {
    beast::error_code ec;
    lowest().socket().shutdown(tcp::socket::shutdown_both, ec);
    lowest().close();
  }
};

// A kept-alive connection the merchant has closed meanwhile must not cost an attempt: peek without
// blocking; "would block" means open and quiet.
bool still_open(Connection& c) {
  auto& socket = c.lowest().socket();
  beast::error_code ec;
  socket.non_blocking(true, ec);
  char byte = 0;
  socket.receive(asio::buffer(&byte, 1), tcp::socket::message_peek, ec);
  const bool open = ec == asio::error::would_block;
  beast::error_code ignored;
  socket.non_blocking(false, ignored);
  return open;
}

struct Job {
  OutboundNotification message;
  std::function<void(HttpOutcome)> done;
};

struct Host {
  std::deque<std::unique_ptr<Connection>> idle;
  std::size_t active = 0;
  std::deque<Job> waiting;
};

template <class Stream>
asio::awaitable<void> exchange_on(Stream& stream, Connection& c, const OutboundNotification& m, std::size_t limit,
                                  HttpOutcome& out, bool& keep_alive, bool& got_answer) {
  http::request<http::string_body> req{http::verb::post, m.url.target, 11};
  // Registration refuses control characters already; checked again here, where header lines are
  // written, so no value from anywhere can add a line of its own.
  if (has_control_character(m.url.target) || has_control_character(m.url.host_header())) {
    out.error = "refused: the URL holds a control character; not sent";
    co_return;
  }
  for (const auto& [name, value] : m.headers)
    if (has_control_character(name) || has_control_character(value)) {
      out.error = "refused: the " + name + " header would hold a control character; not sent";
      co_return;
    }
  req.set(http::field::host, m.url.host_header());
  req.set(http::field::user_agent, "antom-sim");
  for (const auto& [name, value] : m.headers) req.set(name, value);
  req.body() = m.body;
  req.keep_alive(true);
  req.prepare_payload();
  beast::error_code ec;
  co_await http::async_write(stream, req, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    out.error = "write failed: " + ec.message();
    co_return;
  }
  http::response_parser<http::string_body> parser;
  parser.body_limit(limit);
  co_await http::async_read(stream, c.buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
  got_answer = parser.got_some();
  if (ec) {
    out.error = (ec == beast::error::timeout ? "timed out waiting for the answer" : "read failed: " + ec.message());
    co_return;
  }
  auto res = parser.release();
  out.status = static_cast<int>(res.result_int());
  out.body = std::move(res.body());
  keep_alive = res.keep_alive();
}

}  // namespace

struct NotifyHttpClient::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io, ClientLimits l) : ioc(io), limits(std::move(l)) {
    tls.set_verify_mode(asio::ssl::verify_none);  // merchants' test receivers use self-signed certificates
    if (!limits.targets) {
      auto loopback = std::make_shared<NotifyTargets>();
      (void)loopback->add(kDefaultNotifyAllow);
      limits.targets = std::move(loopback);
    }
  }

  asio::io_context& ioc;
  ClientLimits limits;
  asio::ssl::context tls{asio::ssl::context::tls_client};
  std::map<std::string, Host> hosts;
  std::set<Connection*> busy;
  bool stopping = false;
  std::size_t in_flight = 0;

  void post(Job job) {
    if (stopping) {
      asio::post(ioc, [done = std::move(job.done)] { done(HttpOutcome{0, {}, "shutdown: not sent", 0}); });
      return;
    }
    const std::string origin = job.message.url.origin();
    Host& h = hosts[origin];
    ++in_flight;
    if (h.active >= limits.connections_per_host) {
      h.waiting.push_back(std::move(job));
      return;
    }
    start(origin, std::move(job));
  }

  void start(const std::string& origin, Job job) {
    Host& h = hosts[origin];
    ++h.active;
    std::unique_ptr<Connection> conn;
    while (!conn && !h.idle.empty()) {
      conn = std::move(h.idle.front());
      h.idle.pop_front();
      if (!still_open(*conn)) {
        conn->close();
        conn.reset();
      }
    }
    asio::co_spawn(ioc, run(origin, std::move(job), std::move(conn)), asio::detached);
  }

  asio::awaitable<std::unique_ptr<Connection>> connect(const NotifyUrl& url, Clock::time_point deadline,
                                                        std::string& error) {
    tcp::resolver resolver(ioc);
    beast::error_code ec;
    auto endpoints = co_await resolver.async_resolve(url.host, url.port, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      error = "cannot resolve " + url.host + ": " + ec.message();
      co_return nullptr;
    }
    // The allow-list is checked on the addresses the name resolved to, so a name pointing into a
    // forbidden network is refused, whatever it looks like; an allowed name is trusted as a whole.
    std::vector<tcp::endpoint> allowed;
    std::string refused;
    for (const auto& e : endpoints) {
      if (limits.targets->allows_name(url.host) || limits.targets->allows(e.endpoint().address()))
        allowed.push_back(e.endpoint());
      else if (refused.empty())
        refused = e.endpoint().address().to_string();
    }
    if (allowed.empty()) {
      error = "refused: " + url.host + (refused.empty() ? " resolves to no address" : " resolves to " + refused) +
              ", which the notification allow-list (--notify-allow " + limits.targets->describe() + ") does not include";
      co_return nullptr;
    }
    auto c = std::make_unique<Connection>();
    c->tls = url.tls;
    if (url.tls)
      c->secure = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(ioc, tls);
    else
      c->plain = std::make_unique<beast::tcp_stream>(ioc);
    c->lowest().expires_at(deadline);
    busy.insert(c.get());
    co_await c->lowest().async_connect(allowed, asio::redirect_error(asio::use_awaitable, ec));
    if (!ec && url.tls) {
      SSL_set_tlsext_host_name(c->secure->native_handle(), url.host.c_str());
      co_await c->secure->async_handshake(asio::ssl::stream_base::client, asio::redirect_error(asio::use_awaitable, ec));
      if (ec) error = "TLS handshake failed: " + ec.message();
    } else if (ec) {
      error = ec == beast::error::timeout ? "timed out connecting" : "connection failed: " + ec.message();
    }
    busy.erase(c.get());
    if (ec) co_return nullptr;
    co_return c;
  }

  asio::awaitable<void> run(std::string origin, Job job, std::unique_ptr<Connection> conn) {
    auto self = shared_from_this();
    const auto started = Clock::now();
    const auto deadline = started + (job.message.timeout.count() > 0 ? job.message.timeout : limits.timeout);
    HttpOutcome out;
    bool keep_alive = false;
    if (!conn) conn = co_await connect(job.message.url, deadline, out.error);
    if (conn) {
      conn->lowest().expires_at(deadline);
      busy.insert(conn.get());
      bool got_answer = false;
      if (conn->tls)
        co_await exchange_on(*conn->secure, *conn, job.message, limits.max_response_bytes, out, keep_alive, got_answer);
      else
        co_await exchange_on(*conn->plain, *conn, job.message, limits.max_response_bytes, out, keep_alive, got_answer);
      busy.erase(conn.get());
    }
    out.latency_us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started).count();
    if (stopping && !out.error.empty()) out.error = "shutdown: " + out.error;

    Host& h = hosts[origin];
    --h.active;
    --in_flight;
    if (conn && out.error.empty() && keep_alive && !stopping && h.idle.size() < limits.connections_per_host) {
      conn->lowest().expires_never();
      h.idle.push_back(std::move(conn));
    } else if (conn) {
      conn->close();
    }
    job.done(std::move(out));
    if (!stopping && !h.waiting.empty() && h.active < limits.connections_per_host) {
      Job next = std::move(h.waiting.front());
      h.waiting.pop_front();
      start(origin, std::move(next));
    }
  }

  void cancel_all() {
    stopping = true;
    for (auto& [origin, h] : hosts) {
      for (auto& job : h.waiting) {
        --in_flight;
        asio::post(ioc, [done = std::move(job.done)] { done(HttpOutcome{0, {}, "shutdown: not sent", 0}); });
      }
      h.waiting.clear();
      for (auto& c : h.idle) c->close();
      h.idle.clear();
    }
    for (Connection* c : busy) c->close();
  }
};

NotifyHttpClient::NotifyHttpClient(boost::asio::io_context& ioc, ClientLimits limits)
    : impl_(std::make_shared<Impl>(ioc, limits)) {}

NotifyHttpClient::~NotifyHttpClient() = default;

void NotifyHttpClient::post(OutboundNotification message, std::function<void(HttpOutcome)> done) {
  impl_->post(Job{std::move(message), std::move(done)});
}

void NotifyHttpClient::cancel_all() { impl_->cancel_all(); }

std::size_t NotifyHttpClient::in_flight() const { return impl_->in_flight; }

}  // namespace antom::server
