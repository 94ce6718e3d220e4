#include "tests/support/notify_receiver.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>

#include "server/crypto/codec.hpp"
#include "server/crypto/signer.hpp"
#include "server/crypto/tls_cert.hpp"

namespace antom::test {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr const char* kAck = R"({"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}})";

int key_version_of(std::string_view header) {
  const auto pos = header.find("keyVersion=");
  if (pos == std::string_view::npos) return 0;
  int v = 0;
  for (std::size_t i = pos + 11; i < header.size() && header[i] >= '0' && header[i] <= '9'; ++i) v = v * 10 + (header[i] - '0');
  return v;
}

std::string header_value(const http::request<http::string_body>& req, std::string_view name) {
  auto it = req.find(name);
  return it == req.end() ? std::string{} : std::string(it->value());
}

}  // namespace

bool sdk_check_signature(std::string_view request_uri, std::string_view method, std::string_view client_id,
                         std::string_view request_time, std::string_view signature_header, std::string_view body,
                         const antom::server::RsaKey& antom_public) {
  const auto pos = signature_header.find("signature=");
  if (pos == std::string_view::npos) return false;
  auto value = signature_header.substr(pos + 10);
  value = value.substr(0, value.find(','));
  const std::string decoded = antom::server::form_decode(value);  // java.net.URLDecoder semantics
  const auto raw = antom::server::base64_decode(decoded);
  if (!raw) return false;
  const std::string content = antom::server::signing_content(method, request_uri, client_id, request_time, body);
  return antom::server::verify_sha256(antom_public, content, *raw);
}

antom::server::RsaKey antom_public_key(const antom::server::RsaKey& antom_private) {
  auto key = antom::server::RsaKey::load_public(antom_private.public_base64());
  return key ? *key : antom::server::RsaKey{};
}

struct NotifyReceiver::Impl : std::enable_shared_from_this<Impl> {
  Impl(antom::server::RsaKey key, bool use_tls) : antom_public(std::move(key)), tls(use_tls) {}

  antom::server::RsaKey antom_public;
  bool tls;
  asio::io_context ioc;
  std::optional<tcp::acceptor> acceptor;
  std::optional<asio::ssl::context> ssl;
  std::thread thread;
  std::filesystem::path cert_dir;
  std::uint16_t port = 0;

  mutable std::mutex mu;
  mutable std::condition_variable cv;
  std::vector<ReceivedNotification> log;
  ReceiverMode mode = ReceiverMode::Ack;
  std::deque<ReceiverMode> scripted;
  std::chrono::milliseconds slow_delay{3000};
  int custom_status = 200;
  std::string custom_body;

  ReceiverMode next_mode() {
    std::lock_guard lock(mu);
    if (!scripted.empty()) {
      auto m = scripted.front();
      scripted.pop_front();
      return m;
    }
    return mode;
  }

  void record(const http::request<http::string_body>& req, ReceiverMode answered) {
    ReceivedNotification n;
    n.target = std::string(req.target());
    n.path = n.target.substr(0, n.target.find('?'));
    for (const auto& f : req) n.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    n.body = req.body();
    n.client_id = header_value(req, "client-id");
    n.request_time = header_value(req, "request-time");
    n.signature = header_value(req, "signature");
    n.key_version = key_version_of(n.signature);
    n.signature_ok = sdk_check_signature(n.path, std::string(req.method_string()), n.client_id, n.request_time,
                                         n.signature, n.body, antom_public);
    n.tls = tls;
    n.answered = answered;
    {
      std::lock_guard lock(mu);
      log.push_back(std::move(n));
    }
    cv.notify_all();
  }

  template <class Stream>
  asio::awaitable<void> serve(Stream& stream) {
    beast::flat_buffer buffer;
    for (;;) {
      beast::error_code ec;
      http::request<http::string_body> req;
      co_await http::async_read(stream, buffer, req, asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return;
      const ReceiverMode m = next_mode();
      record(req, m);
      if (m == ReceiverMode::Close) co_return;
      if (m == ReceiverMode::Slow) {
        asio::steady_timer timer(co_await asio::this_coro::executor);
        std::chrono::milliseconds delay;
        {
          std::lock_guard lock(mu);
          delay = slow_delay;
        }
        timer.expires_after(delay);
        co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      }
      http::response<http::string_body> res{http::status::ok, 11};
      res.set(http::field::content_type, "application/json");
      res.body() = kAck;
      if (m == ReceiverMode::WrongBody) res.body() = R"({"result":{"resultCode":"FAIL","resultStatus":"F"}})";
      if (m == ReceiverMode::Http500) {
        res.result(http::status::internal_server_error);
        res.body() = "oops";
      }
      if (m == ReceiverMode::Redirect) {
        res.result(http::status::found);
        res.set(http::field::location, "/elsewhere");
      }
      if (m == ReceiverMode::Custom) {
        std::lock_guard lock(mu);
        res.result(static_cast<unsigned>(custom_status));
        res.body() = custom_body;
        if (custom_status >= 300 && custom_status < 400) res.set(http::field::location, "/elsewhere");
      }
      res.keep_alive(req.keep_alive());
      res.prepare_payload();
      co_await http::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
      if (ec || !req.keep_alive()) co_return;
    }
  }

  // Coroutines do not own the Impl: the io_context is its member and destroys them with it.
  asio::awaitable<void> session(tcp::socket socket) {
    if (!tls) {
      beast::tcp_stream stream(std::move(socket));
      co_await serve(stream);
      beast::error_code ec;
      stream.socket().shutdown(tcp::socket::shutdown_both, ec);
      co_return;
    }
    beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), *ssl);
    beast::error_code ec;
    co_await stream.async_handshake(asio::ssl::stream_base::server, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    co_await serve(stream);
    stream.next_layer().socket().shutdown(tcp::socket::shutdown_both, ec);
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      beast::error_code ec;
      tcp::socket socket = co_await acceptor->async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return;
      asio::co_spawn(ioc, session(std::move(socket)), asio::detached);
    }
  }
};

NotifyReceiver::NotifyReceiver(antom::server::RsaKey antom_public, bool tls)
    : impl_(std::make_shared<Impl>(std::move(antom_public), tls)) {
  auto& d = *impl_;
  if (tls) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "antom-receiver-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    d.cert_dir = tmpl;
    const auto files = antom::server::ensure_self_signed_certificate(d.cert_dir);
    d.ssl.emplace(asio::ssl::context::tls_server);
    d.ssl->use_certificate_chain_file(files.cert_pem.string());
    d.ssl->use_private_key_file(files.key_pem.string(), asio::ssl::context::pem);
  }
  d.acceptor.emplace(d.ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  d.port = d.acceptor->local_endpoint().port();
  asio::co_spawn(d.ioc, d.accept_loop(), asio::detached);
  d.thread = std::thread([impl = impl_] { impl->ioc.run(); });
}

NotifyReceiver::~NotifyReceiver() {
  impl_->ioc.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
  std::error_code ec;
  if (!impl_->cert_dir.empty()) std::filesystem::remove_all(impl_->cert_dir, ec);
}

std::string NotifyReceiver::url(std::string_view path) const {
  return std::string(impl_->tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(impl_->port) + std::string(path);
}

std::uint16_t NotifyReceiver::port() const { return impl_->port; }

void NotifyReceiver::set_mode(ReceiverMode mode) {
  std::lock_guard lock(impl_->mu);
  impl_->mode = mode;
}

void NotifyReceiver::script(std::vector<ReceiverMode> answers) {
  std::lock_guard lock(impl_->mu);
  impl_->scripted.assign(answers.begin(), answers.end());
}

void NotifyReceiver::set_slow_delay(std::chrono::milliseconds delay) {
  std::lock_guard lock(impl_->mu);
  impl_->slow_delay = delay;
}

void NotifyReceiver::set_custom_answer(int status, std::string body) {
  std::lock_guard lock(impl_->mu);
  impl_->mode = ReceiverMode::Custom;
  impl_->custom_status = status;
  impl_->custom_body = std::move(body);
}

std::vector<ReceivedNotification> NotifyReceiver::received() const {
  std::lock_guard lock(impl_->mu);
  return impl_->log;
}

std::size_t NotifyReceiver::count() const {
  std::lock_guard lock(impl_->mu);
  return impl_->log.size();
}

bool NotifyReceiver::wait_for(std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->mu);
  return impl_->cv.wait_for(lock, timeout, [&] { return impl_->log.size() >= n; });
}

void NotifyReceiver::clear() {
  std::lock_guard lock(impl_->mu);
  impl_->log.clear();
}

}  // namespace antom::test
