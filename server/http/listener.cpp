#include "server/http/listener.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <boost/system/system_error.hpp>

#include <stdexcept>
#include <utility>
#include <vector>

#include "server/http/raw_request_parser.hpp"
#include "server/http/response_wire.hpp"
#include "server/log.hpp"

namespace antom::server {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

struct HttpServer::Impl {
  net::io_context& ioc;
  ssl::context& tls;
  Handler handler;
  std::size_t body_limit;
  bool single_thread;  // one thread runs `ioc`: connections need no strand
  std::chrono::seconds idle_timeout;
  std::vector<std::shared_ptr<struct AcceptLoop>> acceptors;
};

// One listening socket. Accept errors (no file descriptors left, no memory for a socket) are
// retried after a back-off that doubles up to a second, instead of at once: the failed accept left
// the connection queued, so an immediate retry fails again and spins a core. Logged once when an
// episode begins and once when accepting works again.
struct AcceptLoop {
  explicit AcceptLoop(const net::any_io_executor& executor) : acceptor(executor), backoff_timer(executor) {}
  tcp::acceptor acceptor;
  net::steady_timer backoff_timer;
  std::chrono::milliseconds backoff{0};
  std::uint64_t failures = 0;  // in the current episode
};

namespace {

using SteadyClock = std::chrono::steady_clock;

std::string endpoint_text(const tcp::endpoint& ep) {
  const auto addr = ep.address();
  const std::string host = addr.is_v6() ? "[" + addr.to_string() + "]" : addr.to_string();
  return host + ":" + std::to_string(ep.port());
}

// One HTTP/1.1 connection over a plain or TLS stream; reads, handles and writes in turn.
template <class Derived>
class Session {
 public:
  Session(std::shared_ptr<HttpServer::Impl> server, beast::flat_buffer buffer, std::string remote, std::string local,
          bool tls, const net::any_io_executor& executor)
      : server_(std::move(server)), buffer_(std::move(buffer)), remote_(std::move(remote)), local_(std::move(local)), tls_(tls),
        idle_timer_(executor) {
    // Room for a whole typical request, so one read takes it: Beast reads at most the buffer's
    // free capacity (512 bytes at first), and a signed pay (~1.5 KB) took two recvmsg calls. One
    // fewer system call a request is part of what the crypto-off goal needs (docs/benchmarks.md).
    buffer_.reserve(kReadCapacity);
  }

 protected:
  static constexpr std::size_t kReadCapacity = 8 * 1024;
  Derived& self() { return static_cast<Derived&>(*this); }

  // One idle timer per connection, re-armed only when it fires: a per-read stream timeout would
  // re-arm a timer (and often the kernel's timerfd) on every request. A connection that completes
  // no request for the idle timeout, a slow sender included, is closed.
  void start_idle_watch() {
    self().stop_stream_timeout();
    last_activity_ = SteadyClock::now();
    arm_idle(server_->idle_timeout);
  }

  void arm_idle(SteadyClock::duration wait) {
    idle_timer_.expires_after(wait);
    idle_timer_.async_wait([weak = std::weak_ptr<Derived>(self().shared_from_this())](beast::error_code ec) {
      auto session = weak.lock();
      if (ec || !session) return;
      const auto idle = SteadyClock::now() - session->last_activity_;
      const SteadyClock::duration limit = session->server_->idle_timeout;
      const bool holding = session->timer_.has_value() || session->waiting_;
      if (holding || idle < limit)  // a scenario's stall, delay or wait is not idleness
        return session->arm_idle(holding ? limit : limit - idle);
      session->close_socket();
    });
  }

  // The header first, so a client waiting on "Expect: 100-continue" can be told to send its body.
  void do_read() {
    parser_.emplace();
    parser_->body_limit(server_->body_limit);
    parser_->header_limit(64 * 1024);
    http::async_read_header(self().stream(), buffer_, *parser_,
                            beast::bind_front_handler(&Session::on_header, self().shared_from_this()));
  }

  void on_header(beast::error_code ec, std::size_t) {
    if (!ec && !parser_->is_done() && buffer_.size() > 0) {  // the body usually came with the header
      parser_->eager(true);
      buffer_.consume(parser_->put(buffer_.data(), ec));
      if (ec == http::error::need_more) ec = {};
    }
    if (ec || parser_->is_done()) return on_read(ec, 0);
    if (expects_continue()) {
      // RFC 9110 section 10.1.1. Without it the client waits before sending the body anyway: curl
      // (bodies of unknown size, and in old versions any body over 1 KB) a second, .NET
      // Framework's HttpWebRequest (which expects 100 on every POST by default) 350 ms.
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      return net::async_write(self().stream(), net::buffer(kContinue.data(), kContinue.size()),
                              beast::bind_front_handler(&Session::on_continue_sent, self().shared_from_this()));
    }
    read_body();
  }

  bool expects_continue() const {
    const std::string* expect = find_header(parser_->request().headers, "expect");
    return parser_->version() >= 11 && expect && beast::iequals(*expect, "100-continue");
  }

  void on_continue_sent(beast::error_code ec, std::size_t) {
    if (ec) return finish(false);
    read_body();
  }

  void read_body() {
    http::async_read(self().stream(), buffer_, *parser_, beast::bind_front_handler(&Session::on_read, self().shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream || ec == net::error::eof) return finish(true);
    if (ec == net::error::operation_aborted || ec == net::error::connection_reset || ec == net::error::bad_descriptor)
      return finish(false);
    const auto started = SteadyClock::now();
    last_activity_ = started;
    if (ec && ec != http::error::body_limit) return write_bad_request(parser_->refusal_status(), parser_->refusal_reason());
    // Beast's reading of Connection (a token list, any case) and of the version: HTTP/1.0 is
    // closed after the answer unless it asked for keep-alive.
    const bool http10 = parser_->version() < 11;
    // A body over the limit can stop the parser inside the header, where Beast's keep_alive() is not
    // defined (it asserts in a Debug build); such a connection is closed anyway.
    const bool parser_keep_alive = parser_->is_header_done() && parser_->keep_alive();
    RawRequest raw = parser_->release();
    raw.tls = tls_;
    raw.remote = remote_;
    raw.local = local_;
    if (ec == http::error::body_limit) {
      // Answer (an Antom result on API paths, 413 elsewhere), then drain what the client still
      // sends and close: the body never reaches a handler.
      raw.body.clear();
      raw.body_too_large = true;
      drain_before_close_ = true;
    }
    const bool keep_alive = !raw.body_too_large && parser_keep_alive;
    announce_keep_alive_ = keep_alive && http10;
    RawResponse res;
    try {
      res = server_->handler(raw);
    } catch (const std::exception& e) {  // a bug: answer, log, keep serving
      log_message(std::string("internal error: ") + e.what());
      res.status = 500;
      res.body = "internal error";
      res.close = true;
    }
    if (res.answer_later) {
      // The answer comes later, on the connection's executor; this thread goes back to the others.
      auto later = std::exchange(res.answer_later, nullptr);
      waiting_ = true;
      return later([self = self().shared_from_this(), keep_alive, started, method = raw.method,
                    target = raw.target](RawResponse answer) {
        net::post(self->stream().get_executor(), [self, keep_alive, started, method, target,
                                                  answer = std::move(answer)]() mutable {
          self->waiting_ = false;
          answer.answer_later = nullptr;  // answered once
          self->respond(std::move(answer), keep_alive, started, method, target);
        });
      });
    }
    respond(std::move(res), keep_alive, started, raw.method, raw.target);
  }

  void respond(RawResponse res, bool keep_alive, SteadyClock::time_point started, const std::string& method,
               const std::string& target) {
    if (!keep_alive) res.close = true;
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - started).count();
    log_request(RequestLogLine{method, target, res.log_client_id, res.log_code, micros, res.log_scenario,
                               res.log_operation, &res.log_fields, res.log_detail_text, res.log_detail_json});
    pending_ = std::move(res);
    if (pending_.delay.count() > 0) {
      timer_.emplace(self().stream().get_executor());
      timer_->expires_after(pending_.delay);
      return timer_->async_wait(beast::bind_front_handler(&Session::on_delay, self().shared_from_this()));
    }
    act();
  }

  void on_delay(beast::error_code) {
    timer_.reset();
    act();
  }

  // The connection is over: stop the idle watch so the session can go. A connection closed before
  // its request was read whole is drained first (do_close), under the idle watch.
  void finish(bool graceful) {
    if (!(graceful && drain_before_close_)) idle_timer_.cancel();
    if (graceful) self().do_close();
  }

  void act() {
    if (pending_.wait_before_acting) {
      auto wait = std::exchange(pending_.wait_before_acting, nullptr);
      waiting_ = true;
      return wait([self = self().shared_from_this()] {
        net::post(self->stream().get_executor(), [self] {
          self->waiting_ = false;
          self->act();
        });
      });
    }
    switch (pending_.action) {
      case WireAction::Reset:
        idle_timer_.cancel();
        return self().do_reset();
      case WireAction::Stall: {
        timer_.emplace(self().stream().get_executor());
        timer_->expires_after(pending_.stall);
        return timer_->async_wait([self = self().shared_from_this()](beast::error_code) {
          self->idle_timer_.cancel();
          self->do_reset();
        });
      }
      case WireAction::WriteTruncated:
        wire_ = to_wire(pending_, false);
        wire_.resize(wire_.size() - pending_.body.size() / 2);
        return write_wire(true);
      case WireAction::Write: break;
    }
    wire_ = to_wire(pending_, !pending_.close, announce_keep_alive_);
    write_wire(pending_.close);
  }

  // The answer is written after the handlers already queued (requests that came in together):
  // under load a burst of answers wakes a sleeping client once instead of once per answer. Waking
  // an idle core costs the writing core an inter-processor interrupt, and a VM exit in a virtual
  // machine; deferring raised the signed c64 rate by about 4 % (docs/benchmarks.md). Idle, it
  // costs one non-blocking poll.
  void write_wire(bool close_after) {
    close_after_write_ = close_after;
    net::post(self().stream().get_executor(), [self = self().shared_from_this()] {
      net::async_write(self->stream(), net::buffer(self->wire_), beast::bind_front_handler(&Session::on_write, self));
    });
  }

  void on_write(beast::error_code ec, std::size_t) {
    if (ec) return finish(false);
    last_activity_ = SteadyClock::now();
    if (close_after_write_) return finish(true);
    do_read();
  }

  void write_bad_request(int status, std::string_view reason = {}) {
    RawResponse res;
    res.status = status;
    res.headers = {{"content-type", "text/plain"}};
    res.body = status == 501 ? "transfer coding not supported (only chunked)"
               : reason.empty() ? "bad request"
                                : "bad request: " + std::string(reason);
    drain_before_close_ = true;
    wire_ = to_wire(res, false);
    write_wire(true);
  }

  std::shared_ptr<HttpServer::Impl> server_;
  beast::flat_buffer buffer_;
  std::string remote_;
  std::string local_;
  bool tls_;
  std::optional<RawRequestParser> parser_;
  std::optional<net::steady_timer> timer_;  // a scenario's delay or stall
  bool waiting_ = false;                    // the answer waits (RawResponse::wait_before_acting, answer_later)
  net::steady_timer idle_timer_;
  SteadyClock::time_point last_activity_;
  RawResponse pending_;
  std::string wire_;
  bool close_after_write_ = false;
  bool announce_keep_alive_ = false;
  // Refused before the request was read whole (bad framing, a body over the limit): what the
  // client still sends is read and dropped before closing. Closing with unread bytes would send a
  // reset, and the client's stack may drop the answer it has not read yet.
  bool drain_before_close_ = false;
  std::size_t drained_ = 0;
};

// Plain HTTP on beast::tcp_stream with its own timeout left unset: the idle watch above times
// connections out. (Reading the socket directly saved 2 900 of ~80 000 instructions a pay, ~3 %:
// not what decides the crypto-off goal, docs/benchmarks.md.)
class PlainSession : public Session<PlainSession>, public std::enable_shared_from_this<PlainSession> {
 public:
  PlainSession(beast::tcp_stream&& stream, std::shared_ptr<HttpServer::Impl> server, beast::flat_buffer buffer,
               std::string remote, std::string local)
      : Session(std::move(server), std::move(buffer), std::move(remote), std::move(local), false, stream.get_executor()),
        stream_(std::move(stream)) {
    stream_.expires_never();  // the detector's deadline; the idle watch takes over
  }
  void run() {
    start_idle_watch();
    do_read();
  }
  beast::tcp_stream& stream() { return stream_; }
  void stop_stream_timeout() { stream_.expires_never(); }
  void close_socket() {
    beast::error_code ignored;
    stream_.socket().close(ignored);
  }
  void do_close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (drain_before_close_ && !ec) drain();
  }
  // Up to the body limit (at least 1 MiB) and the idle timeout, whichever ends first.
  void drain() {
    stream_.async_read_some(buffer_.prepare(16 * 1024), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
      self->drained_ += n;
      if (ec || self->drained_ >= std::max<std::size_t>(self->server_->body_limit, 1 << 20)) {
        self->idle_timer_.cancel();
        return self->close_socket();
      }
      self->drain();
    });
  }
  void do_reset() {
    beast::error_code ec;
    stream_.socket().set_option(net::socket_base::linger(true, 0), ec);
    stream_.socket().close(ec);
  }

 private:
  beast::tcp_stream stream_;
  friend class Session<PlainSession>;
};

class TlsSession : public Session<TlsSession>, public std::enable_shared_from_this<TlsSession> {
 public:
  TlsSession(beast::tcp_stream&& stream, ssl::context& ctx, std::shared_ptr<HttpServer::Impl> server,
             beast::flat_buffer buffer, std::string remote, std::string local)
      : Session(std::move(server), std::move(buffer), std::move(remote), std::move(local), true, stream.get_executor()),
        stream_(std::move(stream), ctx) {}
  void run() {
    beast::get_lowest_layer(stream_).expires_after(server_->idle_timeout);  // a half-open hello too
    stream_.async_handshake(ssl::stream_base::server, buffer_.data(),
                            beast::bind_front_handler(&TlsSession::on_handshake, shared_from_this()));
  }
  beast::ssl_stream<beast::tcp_stream>& stream() { return stream_; }
  void stop_stream_timeout() { beast::get_lowest_layer(stream_).expires_never(); }
  void close_socket() {
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).socket().close(ignored);
  }
  void do_close() {
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
    stream_.async_shutdown([self = shared_from_this()](beast::error_code) {
      beast::error_code ec;
      beast::get_lowest_layer(self->stream_).socket().close(ec);
    });
  }
  void do_reset() {
    beast::error_code ec;
    auto& sock = beast::get_lowest_layer(stream_).socket();
    sock.set_option(net::socket_base::linger(true, 0), ec);
    sock.close(ec);
  }

 private:
  void on_handshake(beast::error_code ec, std::size_t used) {
    if (ec) return;  // a client that fails TLS is simply dropped
    buffer_.consume(used);
    start_idle_watch();
    do_read();
  }
  beast::ssl_stream<beast::tcp_stream> stream_;
  friend class Session<TlsSession>;
};

// Reads the first bytes of a connection to tell TLS from plain HTTP.
class Detector : public std::enable_shared_from_this<Detector> {
 public:
  Detector(tcp::socket&& socket, std::shared_ptr<HttpServer::Impl> server) : stream_(std::move(socket)), server_(std::move(server)) {}
  void run() {
    net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Detector::on_run, shared_from_this()));
  }

 private:
  void on_run() {
    stream_.expires_after(server_->idle_timeout);  // a silent connection, or one byte
    beast::async_detect_ssl(stream_, buffer_, beast::bind_front_handler(&Detector::on_detect, shared_from_this()));
  }
  void on_detect(beast::error_code ec, bool is_tls) {
    if (ec) return;
    beast::error_code ignored;
    const std::string remote = endpoint_text(stream_.socket().remote_endpoint(ignored));
    const std::string local = endpoint_text(stream_.socket().local_endpoint(ignored));
    if (is_tls)
      std::make_shared<TlsSession>(std::move(stream_), server_->tls, server_, std::move(buffer_), remote, local)->run();
    else
      std::make_shared<PlainSession>(std::move(stream_), server_, std::move(buffer_), remote, local)->run();
  }
  beast::tcp_stream stream_;
  std::shared_ptr<HttpServer::Impl> server_;
  beast::flat_buffer buffer_;
};

void do_accept(std::shared_ptr<HttpServer::Impl> server, std::shared_ptr<AcceptLoop> loop) {
  const auto executor = server->single_thread ? net::any_io_executor(server->ioc.get_executor())
                                              : net::any_io_executor(net::make_strand(server->ioc));
  loop->acceptor.async_accept(executor, [server, loop](beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !loop->acceptor.is_open()) return;
    if (ec) {
      beast::error_code ignored;
      if (loop->failures++ == 0)
        log_message("accept failed on " + endpoint_text(loop->acceptor.local_endpoint(ignored)) + ": " + ec.message() +
                    "; retrying with a back-off up to 1 s (raise the file descriptor limit, ulimit -n)");
      loop->backoff = std::min<std::chrono::milliseconds>(std::max<std::chrono::milliseconds>(loop->backoff * 2, std::chrono::milliseconds(10)),
                                                          std::chrono::seconds(1));
      loop->backoff_timer.expires_after(loop->backoff);
      return loop->backoff_timer.async_wait([server, loop](beast::error_code wait_ec) {
        if (!wait_ec) do_accept(server, loop);
      });
    }
    if (loop->failures > 0) {
      log_message("accepting again after " + std::to_string(loop->failures) + " failed accepts");
      loop->failures = 0;
      loop->backoff = {};
    }
    {
      // Answers are written whole; Nagle would only hold one back behind an unacknowledged one
      // (pipelined requests) until the peer's delayed ACK, up to 40 ms.
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      std::make_shared<Detector>(std::move(socket), server)->run();
    }
    do_accept(server, loop);
  });
}

}  // namespace

HttpServer::HttpServer(net::io_context& ioc, ssl::context& tls, Handler handler, std::size_t body_limit, bool single_thread,
                       std::chrono::seconds idle_timeout)
    : impl_(std::make_shared<Impl>(Impl{ioc, tls, std::move(handler), body_limit, single_thread, idle_timeout, {}})) {}

HttpServer::~HttpServer() { stop_accepting(); }

namespace {

// "" (from ":PORT"), "0.0.0.0", "::" and "*" mean every interface.
bool every_interface(const std::string& host) { return host.empty() || host == "0.0.0.0" || host == "::" || host == "*"; }

}  // namespace

std::string HttpServer::listen(const std::string& host, std::uint16_t port) {
  beast::error_code ec;
  tcp::endpoint endpoint;
  const bool wildcard = every_interface(host);
  if (wildcard) {
    endpoint = tcp::endpoint(net::ip::address_v6::any(), port);  // dual-stack: IPv4 peers arrive v4-mapped
  } else {
    tcp::resolver resolver(impl_->ioc);
    auto results = resolver.resolve(host, std::to_string(port), ec);
    if (ec || results.empty()) throw std::runtime_error("cannot resolve listen address " + host + ": " + ec.message());
    endpoint = results.begin()->endpoint();
  }
  auto loop = std::make_shared<AcceptLoop>(net::make_strand(impl_->ioc));
  tcp::acceptor& acceptor = loop->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (ec && wildcard) {  // no IPv6 on this host: every IPv4 interface
    endpoint = tcp::endpoint(net::ip::address_v4::any(), port);
    ec = {};
    acceptor.open(endpoint.protocol(), ec);
  }
  if (!ec && endpoint.address().is_v6()) acceptor.set_option(net::ip::v6_only(!wildcard), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) throw boost::system::system_error(ec, "cannot listen on " + (wildcard ? "every interface" : host) + " port " + std::to_string(port));
  impl_->acceptors.push_back(loop);
  do_accept(impl_, loop);
  if (wildcard) return "0.0.0.0:" + std::to_string(acceptor.local_endpoint().port());
  return endpoint_text(acceptor.local_endpoint());
}

void HttpServer::stop_accepting() {
  for (auto& loop : impl_->acceptors) {
    net::post(loop->acceptor.get_executor(), [loop] {
      beast::error_code ec;
      loop->acceptor.close(ec);
      loop->backoff_timer.cancel();
    });
  }
}

}  // namespace antom::server
