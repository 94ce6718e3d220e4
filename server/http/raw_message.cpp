#include "server/http/raw_message.hpp"

#include <strings.h>

namespace antom::server {
namespace {

// Strips "scheme://host" from an absolute-form target (the Python SDK sends one).
std::string_view origin_part(std::string_view target) {
  const auto scheme = target.find("://");
  if (scheme == std::string_view::npos || target.starts_with("/")) return target;
  const auto slash = target.find('/', scheme + 3);
  return slash == std::string_view::npos ? std::string_view{"/"} : target.substr(slash);
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

const std::string* find_header(const Headers& headers, std::string_view name) {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return &v;
  return nullptr;
}

std::string RawRequest::signed_path() const {
  std::string_view p = origin_part(target);
  if (const auto hash = p.find('#'); hash != std::string_view::npos) p = p.substr(0, hash);
  return std::string(p);
}

std::string RawRequest::path() const {
  std::string p = signed_path();
  if (const auto q = p.find('?'); q != std::string::npos) p.resize(q);
  return p;
}

std::string RawRequest::query() const {
  const std::string p = signed_path();
  const auto q = p.find('?');
  return q == std::string::npos ? std::string{} : p.substr(q + 1);
}

std::string RawRequest::base_url() const {
  const std::string* host = find_header(headers, "host");
  return std::string(tls ? "https://" : "http://") + (host && !host->empty() ? *host : local);
}

void RawResponse::set_header(std::string name, std::string value) {
  for (auto& [k, v] : headers)
    if (iequals(k, name)) {
      v = std::move(value);
      return;
    }
  headers.emplace_back(std::move(name), std::move(value));
}

}  // namespace antom::server
