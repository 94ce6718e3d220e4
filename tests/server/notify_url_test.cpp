// The one notification-URL check: what passes, what is refused and why.
#include <doctest/doctest.h>

#include "server/notify/notify_url.hpp"

using namespace antom::server;

TEST_CASE("notify URL: absolute http(s) with a plain host passes and is split for the sender") {
  auto u = parse_notify_url("https://Merchant.Example:8443/antom/notify?a=1");
  REQUIRE(u);
  CHECK(u->tls);
  CHECK(u->host == "merchant.example");
  CHECK(u->port == "8443");
  CHECK(u->target == "/antom/notify?a=1");
  CHECK(u->path == "/antom/notify");
  u = parse_notify_url("http://[::1]:9/n");
  REQUIRE(u);
  CHECK(u->host == "::1");
  CHECK(u->origin() == "http://[::1]:9");
  u = parse_notify_url("http://127.0.0.1?x");
  REQUIRE(u);
  CHECK(u->target == "/?x");
  CHECK(u->port == "80");
  CHECK(notify_url_problem("http://my_host.internal/n").empty());
}

TEST_CASE("notify URL: every refusal says why") {
  const std::pair<const char*, const char*> cases[] = {
      {"", "empty"},
      {"javascript:alert(1)", "absolute http"},
      {"file:///etc/passwd", "absolute http"},
      {"gopher://h/x", "absolute http"},
      {"http:/h/x", "absolute http"},
      {"http://h/a\r\nInjected: yes", "control character"},
      {"http://h/a b", "space"},
      {"http://h/#f", "fragment"},
      {"http://u:p@h/", "user information"},
      {"http:///x", "no host"},
      {"http://2130706433/", "dotted-decimal"},
      {"http://0x7f000001/", "dotted-decimal"},
      {"http://0177.0.0.1/", "dotted-decimal"},
      {"http://127.1/", "dotted-decimal"},
      {"http://256.0.0.1/", "dotted-decimal"},
      {"http://[::1/", "unclosed"},
      {"http://[not-v6]/", "IPv6"},
      {"http://h:0/", "port"},
      {"http://h:65536/", "port"},
      {"http://h:/", "empty port"},
      {"http://h%2e/", "not allowed in a host"},
      {"http://a..b/", "empty label"},
  };
  for (const auto& [url, why] : cases) {
    CAPTURE(url);
    const auto problem = notify_url_problem(url);
    CHECK(problem.find(why) != std::string::npos);
    CHECK_FALSE(parse_notify_url(url));
  }
  CHECK(notify_url_problem("http://h/" + std::string(2048, 'x')).find("longer than 2048") != std::string::npos);
}
