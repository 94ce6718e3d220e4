#include "server/control/control_access.hpp"

#include <boost/asio/ip/address.hpp>

#include "server/http/raw_message.hpp"

namespace antom::server {

bool is_loopback_peer(std::string_view remote) {
  std::string_view host = remote;
  if (host.starts_with('[')) {
    const auto close = host.find(']');
    if (close == std::string_view::npos) return false;
    host = host.substr(1, close - 1);
  } else if (const auto colon = host.rfind(':'); colon != std::string_view::npos && host.find(':') == colon) {
    host = host.substr(0, colon);  // IPv4 with a port
  }
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(std::string(host), ec);
  if (ec) return false;
  if (address.is_v6() && address.to_v6().is_v4_mapped())  // a dual-stack listener's IPv4 peer
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6()).is_loopback();
  return address.is_loopback();
}

// RFC 9110 section 11.1: the scheme is case-insensitive ("bearer", as some clients send it); the
// token itself is compared exactly. "" when there is no Bearer credential.
std::string_view bearer_token(const std::string* authorization) {
  if (!authorization) return {};
  const std::string_view value = *authorization;
  const auto space = value.find(' ');
  if (space == std::string_view::npos || !iequals(value.substr(0, space), "bearer")) return {};
  std::string_view token = value.substr(space + 1);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  return token;
}

ControlAccess control_access(std::string_view control_token, bool control_open, std::string_view remote,
                             const std::string* authorization) {
  if (!control_token.empty()) {
    return bearer_token(authorization) == control_token ? ControlAccess::Allowed : ControlAccess::TokenMissing;
  }
  if (control_open || is_loopback_peer(remote)) return ControlAccess::Allowed;
  return ControlAccess::NotLoopback;
}

}  // namespace antom::server
