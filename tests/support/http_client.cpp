#include "tests/support/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace antom::test {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

template <class Stream>
HttpReply read_reply(Stream& stream) {
  HttpReply reply;
  beast::error_code ec;
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  http::read(stream, buffer, parser, ec);
  if (ec) {
    reply.error = "read: " + ec.message();
    return reply;
  }
  auto res = parser.release();
  reply.status = static_cast<int>(res.result_int());
  for (const auto& f : res) reply.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
  reply.body = std::move(res.body());
  return reply;
}

template <class Stream>
HttpReply exchange(Stream& stream, const HttpCall& call) {
  HttpReply reply;
  http::request<http::string_body> req;
  req.method_string(call.method);
  req.target(call.target);
  req.version(11);
  req.set(http::field::host, call.host + ":" + std::to_string(call.port));
  for (const auto& [k, v] : call.headers) req.insert(k, v);
  req.body() = call.body;
  req.prepare_payload();
  beast::error_code ec;
  http::write(stream, req, ec);
  if (ec) {
    reply.error = "write: " + ec.message();
    return reply;
  }
  return read_reply(stream);
}


}  // namespace

HttpReply raw_send(std::uint16_t port, const std::string& bytes, bool tls) {
  net::io_context ioc;
  beast::error_code ec;
  const tcp::endpoint ep(net::ip::make_address("127.0.0.1"), port);
  if (!tls) {
    beast::tcp_stream stream(ioc);
    stream.expires_after(std::chrono::seconds(10));
    stream.connect(ep, ec);
    if (ec) return HttpReply{0, {}, {}, "connect: " + ec.message()};
    net::write(stream, net::buffer(bytes), ec);
    if (ec) return HttpReply{0, {}, {}, "write: " + ec.message()};
    return read_reply(stream);
  }
  net::ssl::context ctx(net::ssl::context::tls_client);
  ctx.set_verify_mode(net::ssl::verify_none);
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
  beast::get_lowest_layer(stream).connect(ep, ec);
  if (!ec) stream.handshake(net::ssl::stream_base::client, ec);
  if (ec) return HttpReply{0, {}, {}, "connect: " + ec.message()};
  net::write(stream, net::buffer(bytes), ec);
  if (ec) return HttpReply{0, {}, {}, "write: " + ec.message()};
  return read_reply(stream);
}

HttpReply http_send(const HttpCall& call) {
  net::io_context ioc;
  beast::error_code ec;
  tcp::resolver resolver(ioc);
  const auto endpoints = resolver.resolve(call.host, std::to_string(call.port), ec);
  if (ec) return HttpReply{0, {}, {}, "resolve: " + ec.message()};
  if (!call.tls) {
    beast::tcp_stream stream(ioc);
    stream.expires_after(call.timeout);
    stream.connect(endpoints, ec);
    if (ec) return HttpReply{0, {}, {}, "connect: " + ec.message()};
    stream.expires_after(call.timeout);
    auto reply = exchange(stream, call);
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    return reply;
  }
  net::ssl::context ctx(net::ssl::context::tls_client);
  ctx.set_verify_mode(net::ssl::verify_none);
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  beast::get_lowest_layer(stream).expires_after(call.timeout);
  beast::get_lowest_layer(stream).connect(endpoints, ec);
  if (ec) return HttpReply{0, {}, {}, "connect: " + ec.message()};
  SSL_set_tlsext_host_name(stream.native_handle(), call.host.c_str());
  stream.handshake(net::ssl::stream_base::client, ec);
  if (ec) return HttpReply{0, {}, {}, "handshake: " + ec.message()};
  auto reply = exchange(stream, call);
  stream.shutdown(ec);
  return reply;
}

}  // namespace antom::test
