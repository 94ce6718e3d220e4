#pragma once
// Beast's HTTP/1 request parser, writing straight into a RawRequest. Beast's own parser keeps
// headers in http::fields (an allocation and a tree insert per header) that were then copied into
// the RawRequest; this one stores each header once, in the order it came. Included by the
// listener only: Beast stays in few translation units.
#include <boost/beast/http/basic_parser.hpp>

#include <algorithm>
#include <string>
#include <utility>

#include "server/http/raw_message.hpp"

namespace antom::server {

class RawRequestParser : public boost::beast::http::basic_parser<true> {
 public:
  using string_view = boost::beast::string_view;
  using error_code = boost::beast::error_code;

  [[nodiscard]] const RawRequest& request() const { return raw_; }
  [[nodiscard]] RawRequest release() { return std::move(raw_); }
  [[nodiscard]] int version() const { return version_; }  // 11 for HTTP/1.1

 private:
  void on_request_impl(boost::beast::http::verb, string_view method, string_view target, int version, error_code& ec) override {
    raw_.method.assign(method.data(), method.size());
    raw_.target.assign(target.data(), target.size());
    version_ = version;
    ec = {};
  }
  void on_response_impl(int, string_view, int, error_code& ec) override { ec = {}; }
  void on_field_impl(boost::beast::http::field, string_view name, string_view value, error_code& ec) override {
    raw_.headers.emplace_back(std::string(name.data(), name.size()), std::string(value.data(), value.size()));
    ec = {};
  }
  void on_header_impl(error_code& ec) override { ec = {}; }
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
};

}  // namespace antom::server
