#include "server/notify/notify_targets.hpp"

#include <algorithm>
#include <cctype>

namespace antom::server {
namespace {

namespace ip = boost::asio::ip;

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool valid_name(std::string_view name) {
  if (name.starts_with("*.")) name.remove_prefix(2);
  return !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '.' || c == '_';
  });
}

}  // namespace

state::Status NotifyTargets::add(std::string_view raw) {
  std::string entry = lower(raw);
  entry.erase(0, entry.find_first_not_of(' '));
  entry.erase(entry.find_last_not_of(' ') + 1);
  if (entry.empty()) return state::Status::refused("an empty entry");
  boost::system::error_code ec;
  if (entry == "any") {
    any_ = true;
  } else if (entry == "loopback") {
    v4_.push_back(ip::make_network_v4("127.0.0.0/8"));
    v6_.push_back(ip::make_network_v6("::1/128"));
  } else if (entry == "private") {
    for (const char* n : {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"}) v4_.push_back(ip::make_network_v4(n));
    v6_.push_back(ip::make_network_v6("fc00::/7"));
  } else if (entry.find('/') != std::string::npos) {
    if (entry.find(':') != std::string::npos) {
      const auto net = ip::make_network_v6(entry, ec);
      if (ec) return state::Status::refused(entry + " is not an IPv6 network (address/prefix)");
      v6_.push_back(net.canonical());
    } else {
      const auto net = ip::make_network_v4(entry, ec);
      if (ec) return state::Status::refused(entry + " is not an IPv4 network (address/prefix)");
      v4_.push_back(net.canonical());
    }
  } else if (const auto address = ip::make_address(entry, ec); !ec) {
    if (address.is_v4()) v4_.push_back(ip::network_v4(address.to_v4(), 32));
    else v6_.push_back(ip::network_v6(address.to_v6(), 128));
  } else if (valid_name(entry)) {
    names_.push_back(entry);
  } else {
    return state::Status::refused(entry + " is neither loopback, private, any, a network, an address nor a host name");
  }
  if (!text_.empty()) text_ += ',';
  text_ += entry;
  return state::Status();
}

state::Status NotifyTargets::add_list(std::string_view entries) {
  while (true) {
    const auto comma = entries.find(',');
    if (auto added = add(entries.substr(0, comma)); !added.ok()) return added;
    if (comma == std::string_view::npos) return state::Status();
    entries.remove_prefix(comma + 1);
  }
}

bool NotifyTargets::allows_name(std::string_view host) const {
  if (any_) return true;
  const std::string h = lower(host);
  for (const auto& n : names_) {
    if (n == h) return true;
    if (n.starts_with("*.") && h.size() > n.size() - 1 && h.ends_with(std::string_view(n).substr(1))) return true;
  }
  return false;
}

bool NotifyTargets::allows(const ip::address& address) const {
  if (any_) return true;
  ip::address a = address;
  if (a.is_v6() && a.to_v6().is_v4_mapped()) a = ip::make_address_v4(ip::v4_mapped, a.to_v6());
  if (a.is_v4()) {
    for (const auto& net : v4_)
      if (ip::network_v4(a.to_v4(), net.prefix_length()).canonical() == net) return true;
    return false;
  }
  for (const auto& net : v6_)
    if (ip::network_v6(a.to_v6(), net.prefix_length()).canonical() == net) return true;
  return false;
}

}  // namespace antom::server
