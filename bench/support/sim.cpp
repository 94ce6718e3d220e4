#include "bench/support/sim.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

#include <cstdlib>

#include "bench/support/clock.hpp"
#include "bench/support/proc_stats.hpp"
#include "bench/support/replies.hpp"
#include "bench/support/requests.hpp"
#include "server/crypto/codec.hpp"
#include "server/crypto/rsa_key.hpp"

namespace asio = boost::asio;
namespace fs = std::filesystem;
using tcp = asio::ip::tcp;

namespace antom::bench {

std::string locate_sim(std::string arg) {
  if (arg == "build/antom-sim" && !fs::exists(arg))
    arg = (fs::read_symlink("/proc/self/exe").parent_path().parent_path() / "antom-sim").string();
  return fs::exists(arg) ? fs::absolute(arg).string() : arg;
}

Started start_sim(const std::string& binary, const fs::path& data_dir, bool crypto_on, int cpu,
                  const std::vector<std::string>& wrapper, std::chrono::milliseconds extra_ready_timeout) {
  Started s;
  std::vector<std::string> args = wrapper;
  args.insert(args.end(), {binary, "--listen", "127.0.0.1:0", "--threads", "1", "--data-dir", data_dir.string(), "--log-format", "off"});
  if (!crypto_on) args.insert(args.end(), {"--verify-signatures", "off", "--sign-responses", "off"});
  const auto t0 = Clock::now();
  s.child = spawn_pinned(args, cpu);
  const auto ready = read_until(s.child, " ready:", nullptr, std::chrono::seconds(60) + extra_ready_timeout);
  if (!ready) return s;
  s.ready_ms = ms_since(t0);
  const auto at = ready->find("http://127.0.0.1:");
  if (at == std::string::npos) return s;
  s.port = static_cast<unsigned short>(std::atoi(ready->c_str() + at + 17));
  // The key file exists once the ready line is out; loading it and signing counts in this figure.
  const auto key = antom::server::RsaKey::load_private(read_text(data_dir / "demo-merchant-private-pkcs8.pem"));
  const std::string reply = round_trip(s.port, signed_pay(key ? &*key : nullptr, "probe-" + epoch_ms(), "unknown-token"));
  s.first_response_ms = ms_since(t0);
  s.first_signed = status_of(reply) == 200 && is_signed(reply);
  s.first_code = json_string(reply, "resultCode") + ": " + json_string(reply, "resultMessage");
  return s;
}

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

std::string mint_token(unsigned short port) {
  const std::string minted = round_trip(port, http_request("/_sim/authorizations/tokens", R"({"customerBelongsTo":"GCASH"})", "", "", false));
  const std::string token = json_string(minted, "accessToken");
  if (token.empty()) return {};
  (void)round_trip(port, http_request("/_sim/buyers/" + antom::server::url_encode(token),
                                    R"({"balance":900000000000000,"dailyCountLimit":1000000000})", "", "", false));
  return token;
}

}  // namespace antom::bench
