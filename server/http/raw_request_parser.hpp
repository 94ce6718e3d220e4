#pragma once
// Beast's HTTP/1 request parser, writing straight into a RawRequest. Beast's own parser keeps
// headers in http::fields (an allocation and a tree insert per header) that were then copied into
// the RawRequest; this one stores each header once, in the order it came. Included by the
// listener only: Beast stays in few translation units.
#include <boost/beast/http/basic_parser.hpp>

#include <boost/beast/http/error.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/http/raw_message.hpp"

namespace antom::server {

class RawRequestParser : public boost::beast::http::basic_parser<true> {
 public:
  using string_view = boost::beast::string_view;
  using error_code = boost::beast::error_code;

  [[nodiscard]] const RawRequest& request() const { return raw_; }
  [[nodiscard]] RawRequest release() { return std::move(raw_); }
  [[nodiscard]] int version() const { return version_; }  // 11 for HTTP/1.1
  // After an error: the status the refusal is answered with (400, or 501 for a transfer coding
  // antom-sim does not implement), and what to say when it is more than "bad request".
  [[nodiscard]] int refusal_status() const { return refusal_status_; }
  [[nodiscard]] std::string_view refusal_reason() const { return refusal_reason_; }

 private:
  void on_request_impl(boost::beast::http::verb, string_view method, string_view target, int version, error_code& ec) override {
    raw_.method.assign(method.data(), method.size());
    raw_.target.assign(target.data(), target.size());
    version_ = version;
    ec = {};
    // A request target is ASCII (RFC 9112 section 3.2, RFC 3986 section 2.1: other bytes are
    // percent-encoded). Beast lets bytes past 0x7F through; they would reach paths and messages.
    if (std::any_of(target.begin(), target.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
      refusal_status_ = 400;
      refusal_reason_ = "the request target has a byte that is not ASCII: percent-encode it (RFC 3986 section 2.1)";
      ec = boost::beast::http::error::bad_target;
    }
  }
  void on_response_impl(int, string_view, int, error_code& ec) override { ec = {}; }
  void on_field_impl(boost::beast::http::field, string_view name, string_view value, error_code& ec) override {
    raw_.headers.emplace_back(std::string(name.data(), name.size()), std::string(value.data(), value.size()));
    ec = {};
  }
  // RFC 9112 section 6.1: a request's Transfer-Encoding must end in chunked, else its length cannot
  // be known and the body would be read as the next request (smuggling); chunked is applied once.
  // Beast reads such a request as bodiless, so it is refused here; chunked after another coding
  // (gzip) is framed, but not understood: 501.
  void on_header_impl(error_code& ec) override {
    ec = {};
    std::vector<std::string_view> codings;
    for (const auto& [name, value] : raw_.headers) {
      if (!iequals(name, "transfer-encoding")) continue;
      std::string_view list = value;
      while (!list.empty()) {
        const auto comma = list.find(',');
        std::string_view item = list.substr(0, comma);
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
        item = item.substr(0, item.find(';'));
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
        while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
        if (!item.empty()) codings.push_back(item);
      }
    }
    if (codings.empty()) return;
    const auto chunked = std::count_if(codings.begin(), codings.end(), [](std::string_view c) { return iequals(c, "chunked"); });
    if (!iequals(codings.back(), "chunked") || chunked > 1) {
      refusal_status_ = 400;
      ec = boost::beast::http::error::bad_transfer_encoding;
    } else if (codings.size() > 1) {
      refusal_status_ = 501;
      ec = boost::beast::http::error::bad_transfer_encoding;
    }
  }
  // The length was checked against body_limit() before this is called.
  void on_body_init_impl(const boost::optional<std::uint64_t>& length, error_code& ec) override {
    if (length) raw_.body.reserve(static_cast<std::size_t>(*length));
    ec = {};
  }
  std::size_t on_body_impl(string_view body, error_code& ec) override {
    raw_.body.append(body.data(), body.size());
    ec = {};
    return body.size();
  }
  void on_chunk_header_impl(std::uint64_t, string_view, error_code& ec) override { ec = {}; }
  std::size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code& ec) override {
    raw_.body.append(body.data(), body.size());
    ec = {};
    return body.size();
  }
  void on_finish_impl(error_code& ec) override { ec = {}; }

  RawRequest raw_;
  int version_ = 11;
  int refusal_status_ = 400;
  std::string_view refusal_reason_;
};

}  // namespace antom::server
