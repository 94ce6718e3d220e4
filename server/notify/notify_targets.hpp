#pragma once
// Where notifications may go: an allow-list of networks and host names, checked by the sender
// against the addresses a URL's host resolves to when it connects, so a name that points into a
// forbidden network is refused (and the attempt journaled as refused), not only a literal address.
// Entries: "loopback" (127.0.0.0/8, ::1, the default), "private" (10/8, 172.16/12, 192.168/16,
// fc00::/7), "any", a network "10.1.0.0/16" or "fd00::/8", an address, or a host name
// ("merchant.test", "*.example.com": that name, whatever it resolves to, is trusted).
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "state/status.hpp"

namespace antom::server {

inline constexpr std::string_view kDefaultNotifyAllow = "loopback";

class NotifyTargets {
 public:
  // Adds one entry; refused with what is wrong with it.
  state::Status add(std::string_view entry);
  // Adds comma-separated entries; refused with the first problem.
  state::Status add_list(std::string_view entries);

  [[nodiscard]] bool allows_name(std::string_view host) const;
  [[nodiscard]] bool allows(const boost::asio::ip::address& address) const;
  [[nodiscard]] const std::string& describe() const { return text_; }  // the entries, comma-separated

 private:
  bool any_ = false;
  std::vector<boost::asio::ip::network_v4> v4_;
  std::vector<boost::asio::ip::network_v6> v6_;
  std::vector<std::string> names_;  // lower case; "*.x" = any subdomain of x
  std::string text_;
};

}  // namespace antom::server
