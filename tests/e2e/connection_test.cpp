// Connection lifetime over real sockets: keep-alive connections stay open while they are used,
// idle or half-sent ones are closed after --idle-timeout, and a single-threaded server (no strands)
// serves many connections at once.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <thread>
#include <vector>

#include "tests/support/sim_fixture.hpp"

using namespace antom::test;
using namespace std::chrono_literals;

namespace {

// A raw keep-alive client socket.
class Connection {
 public:
  explicit Connection(std::uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  }
  ~Connection() { ::close(fd_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void send(const std::string& bytes) { REQUIRE(::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size())); }

  // Reads exactly one response (Content-Length framed); bytes of the next one are kept for the next
  // call. Empty when closed or timed out.
  std::string read_response(std::chrono::milliseconds timeout = 5000ms) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      const auto head = unread_.find("\r\n\r\n");
      if (head != std::string::npos) {
        std::string lower = unread_.substr(0, head);
        for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        const auto cl = lower.find("content-length: ");
        const std::size_t length = cl == std::string::npos ? 0 : std::stoul(lower.substr(cl + 16));
        if (unread_.size() >= head + 4 + length) {
          std::string one = unread_.substr(0, head + 4 + length);
          unread_.erase(0, head + 4 + length);
          return one;
        }
      }
      if (!wait_readable(deadline)) return {};
      char buf[4096];
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return {};
      unread_.append(buf, static_cast<std::size_t>(n));
    }
  }

  // True when the server closed the connection (EOF or reset) within `timeout`.
  bool closed_within(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (wait_readable(deadline)) {
      char buf[4096];
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return true;
    }
    return false;
  }

 private:
  bool wait_readable(std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, static_cast<int>(left.count())) > 0;
  }
  friend struct TlsClient;
  int fd_;
  std::string unread_;
};

// A TLS session over a Connection (OpenSSL directly: no Beast in this test).
struct TlsClient {
  explicit TlsClient(Connection& c) : ctx(SSL_CTX_new(TLS_client_method())), ssl(SSL_new(ctx)) {
    SSL_set_fd(ssl, c.fd_);
  }
  ~TlsClient() {
    SSL_free(ssl);
    SSL_CTX_free(ctx);
  }
  bool handshake() { return SSL_connect(ssl) == 1; }
  SSL_CTX* ctx;
  SSL* ssl;
};

const std::string kHealth = "GET /_sim/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

}  // namespace

TEST_CASE("an idle keep-alive connection is closed after --idle-timeout, not before") {
  SimFixture fx({.idle_timeout = 1s});
  Connection c(fx.port());
  c.send(kHealth);
  CHECK(c.read_response().starts_with("HTTP/1.1 200"));
  CHECK_FALSE(c.closed_within(600ms));  // well inside the timeout: still open
  CHECK(c.closed_within(3000ms));
}

TEST_CASE("a connection that keeps sending requests is not closed by the idle timeout") {
  SimFixture fx({.idle_timeout = 1s});
  Connection c(fx.port());
  const auto start = std::chrono::steady_clock::now();
  int answered = 0;
  while (std::chrono::steady_clock::now() - start < 2500ms) {  // 2.5 idle timeouts on one connection
    c.send(kHealth);
    const std::string reply = c.read_response();
    REQUIRE(reply.starts_with("HTTP/1.1 200"));
    ++answered;
    std::this_thread::sleep_for(300ms);
  }
  CHECK(answered >= 6);
}

TEST_CASE("a request whose headers never finish is dropped after --idle-timeout") {
  SimFixture fx({.idle_timeout = 1s});
  Connection c(fx.port());
  c.send("POST /ams/api/v1/payments/pay HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: appl");
  CHECK(c.closed_within(3000ms));
  // The server is unharmed: a new connection is served.
  Connection d(fx.port());
  d.send(kHealth);
  CHECK(d.read_response().starts_with("HTTP/1.1 200"));
}

TEST_CASE("an idle TLS connection is closed after --idle-timeout too") {
  SimFixture fx({.idle_timeout = 1s});
  Connection c(fx.port());
  TlsClient tls(c);
  REQUIRE(tls.handshake());
  CHECK_FALSE(c.closed_within(600ms));  // nothing arrives while the connection is young
  CHECK(c.closed_within(3000ms));       // then the server ends it (close_notify or EOF)
}

TEST_CASE("a body that never arrives in full is dropped after --idle-timeout") {
  SimFixture fx({.idle_timeout = 1s});
  Connection c(fx.port());
  c.send("POST /ams/api/v1/payments/pay HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 500\r\n\r\n{\"paymentRequestId\":");
  CHECK(c.closed_within(3000ms));
}

TEST_CASE("one server thread (no strands) answers many concurrent signed requests correctly") {
  SimFixture fx({.threads = 1});
  std::atomic<int> ok{0}, bad{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 8; ++t)
    clients.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        const auto r = fx.call("/ams/api/v1/payments/inquiryPayment",
                               R"({"paymentRequestId":"conn-)" + std::to_string(t) + "-" + std::to_string(i) + R"("})");
        (r.signature_ok && r.code() == "ORDER_NOT_EXIST" ? ok : bad)++;
      }
    });
  for (auto& c : clients) c.join();
  CHECK(ok.load() == 80);
  CHECK(bad.load() == 0);
}

TEST_CASE("bytes that are not HTTP get 400 Bad Request and the connection is closed") {
  SimFixture fx;
  Connection c(fx.port());
  c.send("HELLO THERE\r\n\r\n");
  const std::string reply = c.read_response();
  CHECK(reply.starts_with("HTTP/1.1 400 Bad Request\r\n"));
  CHECK(reply.find("\r\nConnection: close\r\n") != std::string::npos);
  CHECK(reply.ends_with("\r\n\r\nbad request"));
  CHECK(c.closed_within(2000ms));
}

TEST_CASE("keep-alive answers are framed exactly: status line, headers, Content-Length, body") {
  SimFixture fx;
  Connection c(fx.port());
  for (int i = 0; i < 3; ++i) {  // three answers on one connection: each ends where its length says
    c.send(kHealth);
    const std::string reply = c.read_response();
    REQUIRE(reply.starts_with("HTTP/1.1 200 OK\r\n"));
    const auto head_end = reply.find("\r\n\r\n");
    const auto cl = reply.find("Content-Length: ");
    REQUIRE(cl < head_end);
    CHECK(std::stoul(reply.substr(cl + 16)) == reply.size() - head_end - 4);
    CHECK(reply.find("Connection: close") == std::string::npos);
    CHECK(reply.substr(head_end + 4).find("\"ready\"") != std::string::npos);
  }
}

TEST_CASE("pipelined requests on one connection are all answered, in order") {
  SimFixture fx;
  Connection c(fx.port());
  c.send(kHealth + "GET /_sim/clock HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + kHealth);
  const std::string first = c.read_response();
  CHECK(first.find("\"ready\"") != std::string::npos);
  const std::string rest = c.read_response();
  CHECK(rest.starts_with("HTTP/1.1 200 OK\r\n"));
  CHECK(rest.find("\"ready\"") == std::string::npos);  // the clock, not health
  CHECK(c.read_response().find("\"ready\"") != std::string::npos);
}
