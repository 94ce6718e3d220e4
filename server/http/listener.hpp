#pragma once
// The Beast/Asio listener: every port speaks plain HTTP/1.1 and TLS (the first bytes decide),
// keep-alive, one strand per connection (none when a single thread runs the io_context), one idle
// timer per connection. Requests are handed over as RawRequest values.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "server/http/raw_message.hpp"

namespace boost::asio {
class io_context;
namespace ssl {
class context;
}
}  // namespace boost::asio

namespace antom::server {

class HttpServer {
 public:
  using Handler = std::function<RawResponse(const RawRequest&)>;

  HttpServer(boost::asio::io_context& ioc, boost::asio::ssl::context& tls, Handler handler, std::size_t body_limit,
             bool single_thread = false, std::chrono::seconds idle_timeout = std::chrono::seconds(120));
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds HOST:PORT (port 0 = any free port) and starts accepting. Host "", "0.0.0.0", "::" or "*":
  // every interface, IPv4 and IPv6 on one dual-stack socket (returned as "0.0.0.0:port"). Returns the
  // bound "host:port". Throws boost::system::system_error when it cannot bind (a start-up error).
  std::string listen(const std::string& host, std::uint16_t port);
  void stop_accepting();

  struct Impl;  // shared with the connections, which may outlive a call

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace antom::server
