// The HTTP/1 request parser as the listener drives it (64 KiB header limit, 1 MiB body limit,
// pipelined requests on one connection), with the input cut into two reads where the first byte
// says, as a request arrives in pieces. Every parsed request's target is then taken apart.
#include <boost/asio/buffer.hpp>

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

#include "server/http/raw_request_parser.hpp"

namespace {

constexpr std::size_t kBodyLimit = 1024 * 1024;

void fresh(std::optional<antom::server::RawRequestParser>& parser) {
  parser.emplace();
  parser->body_limit(kBodyLimit);
  parser->header_limit(64 * 1024);
  parser->eager(true);
}

void inspect(const antom::server::RawRequest& raw) {
  if (raw.body.size() > kBodyLimit) std::abort();  // the limit held
  (void)raw.path();
  (void)raw.signed_path();
  (void)raw.query();
  (void)raw.base_url();
  (void)antom::server::find_header(raw.headers, "content-type");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::size_t split = input.empty() ? 0 : data[0] % (input.size() + 1);
  std::optional<antom::server::RawRequestParser> parser;
  fresh(parser);
  std::string pending;
  boost::beast::error_code ec;
  for (const std::string_view piece : {input.substr(0, split), input.substr(split)}) {
    pending.append(piece);
    while (!pending.empty()) {
      const std::size_t used = parser->put(boost::asio::buffer(pending), ec);
      pending.erase(0, used);
      if (ec == boost::beast::http::error::need_more) {
        ec = {};
        break;
      }
      if (ec) return 0;  // the listener answers 400 (or 413, 501) and closes
      if (parser->is_done()) {
        (void)parser->keep_alive();
        inspect(parser->release());
        fresh(parser);
      } else if (used == 0) {
        break;
      }
    }
  }
  if (!parser->is_done() && parser->got_some()) parser->put_eof(ec);
  return 0;
}
