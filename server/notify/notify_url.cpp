#include "server/notify/notify_url.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "server/http/header_safety.hpp"

namespace antom::server {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// Browsers and resolvers read "2130706433", "0x7f.1" and "0177.0.0.1" as IPv4 addresses, which
// hides where a URL points; only a.b.c.d in plain decimal is taken as a numeric address.
bool numeric_looking(std::string_view label) {
  return all_digits(label) || (label.size() > 1 && label[0] == '0' && (label[1] == 'x' || label[1] == 'X'));
}

bool dotted_decimal(std::string_view host) {
  int parts = 0;
  while (true) {
    const auto dot = host.find('.');
    const auto part = host.substr(0, dot);
    unsigned value = 0;
    const auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (!all_digits(part) || ec != std::errc{} || value > 255 || (part.size() > 1 && part[0] == '0')) return false;
    ++parts;
    if (dot == std::string_view::npos) break;
    host.remove_prefix(dot + 1);
  }
  return parts == 4;
}

std::string host_problem(std::string_view host, bool bracketed) {
  if (host.empty()) return "has no host";
  if (bracketed) {
    in6_addr addr{};
    const std::string text(host);
    if (inet_pton(AF_INET6, text.c_str(), &addr) != 1) return "has an invalid IPv6 address [" + text + "]";
    return {};
  }
  if (host.size() > 253) return "has a host name longer than 253 characters";
  const auto last_dot = host.rfind('.');
  const auto last = host.substr(last_dot == std::string_view::npos ? 0 : last_dot + 1);
  if (numeric_looking(last) && !dotted_decimal(host))
    return "has the numeric host " + std::string(host) + ", which is not a dotted-decimal IPv4 address (a.b.c.d)";
  std::size_t label = 0;
  for (char c : host) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '.') {
      if (label == 0) return "has an empty label in the host name " + std::string(host);
      label = 0;
      continue;
    }
    if (!std::isalnum(u) && c != '-' && c != '_') return "has a character not allowed in a host name: " + std::string(host);
    if (++label > 63) return "has a host name label longer than 63 characters";
  }
  return {};
}

struct Split {
  NotifyUrl url;
  std::string problem;
};

Split split(std::string_view url) {
  Split out;
  auto fail = [&](std::string problem) {
    out.problem = std::move(problem);
    return out;
  };
  if (url.empty()) return fail("is empty");
  if (url.size() > kMaxNotifyUrlLength) return fail("is longer than " + std::to_string(kMaxNotifyUrlLength) + " characters");
  const std::string scheme = lower(url.substr(0, url.find(':')));
  if (scheme == "https" && url.substr(5, 3) == "://") {
    out.url.tls = true;
    url.remove_prefix(8);
  } else if (scheme == "http" && url.substr(4, 3) == "://") {
    url.remove_prefix(7);
  } else {
    return fail("must be an absolute http:// or https:// URL");
  }
  if (has_control_character(url)) return fail("holds a control character");
  if (url.find(' ') != std::string_view::npos) return fail("holds a space");
  if (url.find('#') != std::string_view::npos) return fail("must not have a fragment (#...)");
  const auto slash = url.find_first_of("/?");
  std::string_view authority = url.substr(0, slash);
  std::string_view rest = slash == std::string_view::npos ? std::string_view{} : url.substr(slash);
  if (authority.find('@') != std::string_view::npos) return fail("must not carry user information (user@host)");
  std::string_view host, port;
  bool bracketed = false;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return fail("has an unclosed [IPv6] host");
    host = authority.substr(1, close - 1);
    bracketed = true;
    auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return fail("has text after the [IPv6] host");
      port = after.substr(1);
      if (port.empty()) return fail("has an empty port");
    }
  } else {
    const auto colon = authority.rfind(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      port = authority.substr(colon + 1);
      if (port.empty()) return fail("has an empty port");
    }
  }
  if (auto problem = host_problem(host, bracketed); !problem.empty()) return fail(std::move(problem));
  out.url.host = lower(host);
  if (!port.empty()) {
    unsigned value = 0;
    const auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (!all_digits(port) || ec != std::errc{} || p != port.data() + port.size() || value == 0 || value > 65535)
      return fail("has a port outside 1 to 65535");
    out.url.port = std::to_string(value);
  } else {
    out.url.port = out.url.tls ? "443" : "80";
  }
  out.url.target = rest.empty() || rest.front() == '?' ? "/" + std::string(rest) : std::string(rest);
  out.url.path = out.url.target.substr(0, out.url.target.find('?'));
  return out;
}

}  // namespace

std::string NotifyUrl::host_header() const {
  const bool default_port = (tls && port == "443") || (!tls && port == "80");
  const std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return default_port ? h : h + ":" + port;
}

std::string NotifyUrl::origin() const {
  const std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return std::string(tls ? "https://" : "http://") + h + ":" + port;
}

std::string notify_url_problem(std::string_view url) { return split(url).problem; }

std::optional<NotifyUrl> parse_notify_url(std::string_view url) {
  auto s = split(url);
  if (!s.problem.empty()) return std::nullopt;
  return std::move(s.url);
}

}  // namespace antom::server
