#include "server/cli/call_command.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <openssl/ssl.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "server/cli/call_options.hpp"
#include "server/crypto/codec.hpp"
#include "server/crypto/signer.hpp"
#include "server/protocol/signature_header.hpp"

namespace antom::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Response = http::response<http::string_body>;

constexpr auto kTimeout = std::chrono::seconds(30);

struct Failure {
  std::string why;
};

std::string read_text(const std::filesystem::path& p, const char* what) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw Failure{"cannot read " + std::string(what) + " " + p.string() + " (start antom-sim once with this data directory, or give " +
                         (std::string(what) == "the merchant key" ? "--key" : "--antom-key") + ")"};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Url {
  bool tls = false;
  std::string host, port, target_prefix;
};

Url parse_url(const std::string& url) {
  Url u;
  u.tls = url.starts_with("https://");
  std::string rest = url.substr(u.tls ? 8 : 7);
  if (auto slash = rest.find('/'); slash != std::string::npos) {
    u.target_prefix = rest.substr(slash);
    rest.resize(slash);
  }
  std::string port = u.tls ? "443" : "80";
  if (rest.starts_with("[")) {
    const auto close = rest.find(']');
    if (close == std::string::npos) throw Failure{"--url " + url + ": unclosed [ in the host"};
    u.host = rest.substr(1, close - 1);
    if (close + 1 < rest.size() && rest[close + 1] == ':') port = rest.substr(close + 2);
  } else if (auto colon = rest.rfind(':'); colon != std::string::npos) {
    u.host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  } else {
    u.host = rest;
  }
  if (u.host.empty()) throw Failure{"--url " + url + ": no host"};
  u.port = port;
  return u;
}

template <class Stream>
Response round_trip(Stream& stream, const http::request<http::string_body>& req) {
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  http::read(stream, buffer, parser);
  return parser.release();
}

Response send(const Url& url, const CallOptions& o, http::request<http::string_body> req) {
  net::io_context ioc;
  tcp::resolver resolver(ioc);
  beast::error_code ec;
  const auto endpoints = resolver.resolve(url.host, url.port, ec);
  if (ec) throw Failure{"cannot resolve " + url.host + ": " + ec.message()};
  req.set(http::field::host, url.host + ":" + url.port);
  try {
    if (!url.tls) {
      beast::tcp_stream stream(ioc);
      stream.expires_after(kTimeout);
      stream.connect(endpoints);
      return round_trip(stream, req);
    }
    net::ssl::context ctx(net::ssl::context::tls_client);
    ctx.set_verify_mode(net::ssl::verify_peer);
    ctx.load_verify_file(o.ca_file.string(), ec);
    if (ec)
      throw Failure{"cannot load the certificate to trust " + o.ca_file.string() + " (" + ec.message() +
                    "); give --cacert FILE or --data-dir DIR"};
    beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
    stream.set_verify_callback(net::ssl::host_name_verification(url.host));
    if (!SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str()))
      throw Failure{"cannot set the TLS server name " + url.host};
    beast::get_lowest_layer(stream).expires_after(kTimeout);
    beast::get_lowest_layer(stream).connect(endpoints);
    stream.handshake(net::ssl::stream_base::client);
    return round_trip(stream, req);
  } catch (const beast::system_error& e) {
    throw Failure{"cannot reach " + url.host + ":" + url.port + " (" + e.code().message() +
                  "); is antom-sim running there? (--url, ANTOM_SIM_URL)"};
  }
}

std::string epoch_millis() {
  using namespace std::chrono;
  return std::to_string(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

int call(const CallOptions& o) {
  const auto key = RsaKey::load_private(read_text(o.key, "the merchant key"));
  if (!key) throw Failure{o.key.string() + " is not an RSA private key (PEM or bare base64, PKCS#8 or PKCS#1)"};
  const auto antom_key = RsaKey::load_public(read_text(o.antom_key, "the simulator public key"));
  if (!antom_key) throw Failure{o.antom_key.string() + " is not an RSA public key (PEM or bare base64)"};

  const Url url = parse_url(o.url);
  const std::string path = url.target_prefix + o.operation_path;
  const std::string time = epoch_millis();
  const std::string signature = sign_sha256(*key, signing_content("POST", path, o.client_id, time, o.body));
  if (signature.empty()) throw Failure{"cannot sign with " + o.key.string()};

  http::request<http::string_body> req{http::verb::post, path, 11};
  req.set(http::field::content_type, "application/json; charset=UTF-8");
  req.set("client-id", o.client_id);
  req.set("request-time", time);
  req.set("signature", signature_header(o.key_version, signature));
  req.body() = o.body;
  req.prepare_payload();
  const Response res = send(url, o, std::move(req));

  std::cout << res.body() << (res.body().ends_with("\n") ? "" : "\n");
  if (res.result_int() != 200) throw Failure{"HTTP " + std::to_string(res.result_int()) + " (the body above says why)"};
  const auto sig = res.find("signature");
  const auto response_time = res.find("response-time");
  const auto client_id = res.find("client-id");
  if (sig == res.end() || response_time == res.end() || client_id == res.end())
    throw Failure{"the answer is not signed (no signature, response-time or client-id header)"};
  const auto parsed = parse_signature_header(std::string(sig->value()));
  const auto raw = base64_decode(parsed.header.signature);
  const std::string content = signing_content("POST", path, std::string(client_id->value()),
                                              std::string(response_time->value()), res.body());
  if (parsed.error != SignatureHeaderError::None || !raw || !verify_sha256(*antom_key, content, *raw))
    throw Failure{"the answer's signature does not verify with " + o.antom_key.string() +
                  " (is it the public key of the simulator at " + o.url + "?)"};
  return 0;
}

}  // namespace

int run_call(const std::vector<std::string>& args) {
  const ParsedCall parsed = parse_call(args, [](const char* name) -> const char* { return std::getenv(name); });
  if (parsed.show_help) {
    std::cout << call_usage_text();
    return 0;
  }
  if (!parsed.error.empty()) {
    std::cerr << "antom-sim call: " << parsed.error << "\n";
    return 2;
  }
  try {
    return call(parsed.options);
  } catch (const Failure& f) {
    std::cerr << "antom-sim call: " << f.why << "\n";
    return 1;
  }
}

}  // namespace antom::server
