// The merchant portal's files under /_sim/ui/ (issue #18): served from the binary with the headers
// that keep a page with merchant-controlled data safe (a CSP without inline script, no framing, no
// sniffing), open without the control token (the page asks for it), and nothing but the embedded
// files: unknown names and path traversal answer 404.
#include <doctest/doctest.h>

#include <regex>

#include "tests/support/sim_fixture.hpp"

using namespace antom::test;

namespace {

void check_safety_headers(const HttpResult& r) {
  const auto csp = r.header("content-security-policy");
  CHECK(csp.find("default-src 'self'") != std::string::npos);
  CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
  CHECK(csp.find("unsafe-inline") == std::string::npos);
  CHECK(csp.find("unsafe-eval") == std::string::npos);
  CHECK(r.header("x-frame-options") == "DENY");
  CHECK(r.header("x-content-type-options") == "nosniff");
  CHECK_FALSE(r.header("cache-control").empty());
}

}  // namespace

TEST_CASE("portal: the page and its files are served with their types and safety headers") {
  SimFixture fx;
  for (const char* path : {"/_sim/ui", "/_sim/ui/"}) {
    CAPTURE(path);
    const auto page = fx.control("GET", path);
    CHECK(page.http_status == 200);
    CHECK(page.header("content-type") == "text/html; charset=utf-8");
    check_safety_headers(page);
    CHECK(page.body.find("<title>antom-sim portal</title>") != std::string::npos);
  }
  const auto page = fx.control("GET", "/_sim/ui/");
  // No inline script (the CSP would block it): every <script> has a src, and what it names is served.
  const std::regex script(R"(<script\b([^>]*)>)");
  int scripts = 0;
  for (auto it = std::sregex_iterator(page.body.begin(), page.body.end(), script); it != std::sregex_iterator(); ++it) {
    ++scripts;
    CHECK((*it)[1].str().find("src=\"/_sim/ui/") != std::string::npos);
  }
  CHECK(scripts == 1);
  CHECK_FALSE(std::regex_search(page.body, std::regex(R"(\son[a-z]+\s*=)", std::regex::icase)));  // no onclick=

  const auto js = fx.control("GET", "/_sim/ui/portal.js");
  CHECK(js.http_status == 200);
  CHECK(js.header("content-type") == "text/javascript; charset=utf-8");
  check_safety_headers(js);
  CHECK(js.body.find("innerHTML") == std::string::npos);  // text only, never markup from data

  const auto css = fx.control("GET", "/_sim/ui/portal.css");
  CHECK(css.http_status == 200);
  CHECK(css.header("content-type") == "text/css; charset=utf-8");
  check_safety_headers(css);
}

TEST_CASE("portal: an unknown file or a path out of the portal is a 404, never another file") {
  SimFixture fx;
  for (const char* path : {"/_sim/ui/nope.js", "/_sim/ui/..", "/_sim/ui/%2e%2e", "/_sim/ui/%2e%2e%2fportal.js",
                           "/_sim/ui/..%2f..%2fCMakeLists.txt", "/_sim/ui/../x", "/_sim/ui/portal.js/x",
                           "/_sim/ui/%2fetc%2fpasswd", "/_sim/ui/PORTAL.JS", "/_sim/ui/portal.js%00.css"}) {
    CAPTURE(path);
    const auto r = fx.control("GET", path);
    CHECK(r.http_status == 404);
    CHECK(r.body.find("function") == std::string::npos);
    CHECK(r.json.IsObject());
  }
  // Only GET.
  CHECK(fx.control("POST", "/_sim/ui/portal.js").http_status == 405);
}

TEST_CASE("portal: with a control token the files load without it, the data it reads does not") {
  SimFixture fx({.control_token = "portal-token"});
  const antom::server::Headers wrong{{"authorization", "Bearer not-it"}};
  CHECK(fx.control("GET", "/_sim/ui/", {}, wrong).http_status == 200);
  CHECK(fx.control("GET", "/_sim/ui/portal.js", {}, wrong).http_status == 200);
  CHECK(fx.control("GET", "/_sim/merchants", {}, wrong).http_status == 401);
  CHECK(fx.control("GET", "/_sim/merchants").http_status == 200);  // the fixture sends the token
}
