// Issue #21 over real sockets: bodies over --body-limit refused on every route (and nothing
// changed), duplicate JSON names (the last wins, as at Antom) in API and control bodies, the
// control token's scheme in any case, and the wallet page's anti-framing headers.
#include <doctest/doctest.h>

#include "tests/e2e/authorization_support.hpp"
#include "tests/e2e/payment_support.hpp"

using namespace antom::test;
using namespace std::chrono_literals;

namespace {

std::string padded_body(std::size_t size, const std::string& start = R"({"for":"1h")") {
  std::string body = start + R"(,"pad":")";
  body.append(size - body.size() - 2, 'x');
  return body + "\"}";
}

std::size_t active_count(SimFixture& fx) { return fx.control("GET", "/_sim/scenarios/active").json["active"].Size(); }

}  // namespace

TEST_CASE("a control body over --body-limit is refused with 413 and changes nothing") {
  SimFixture fx({.body_limit = 1024});
  const std::string big = padded_body(1100);
  SUBCASE("activate") {
    const auto r = fx.control("POST", "/_sim/scenarios/pay-risk-reject/activate", big);
    CHECK(r.http_status == 413);
    CHECK(std::string(r.json["message"].GetString()).find("1024") != std::string::npos);
    CHECK(active_count(fx) == 0);
  }
  SUBCASE("deactivate") {
    REQUIRE(fx.control("POST", "/_sim/scenarios/pay-risk-reject/activate", "{}").http_status == 200);
    CHECK(fx.control("POST", "/_sim/scenarios/deactivate", padded_body(1100, R"({"global":true)")).http_status == 413);
    CHECK(active_count(fx) == 1);
  }
  SUBCASE("the clock, a merchant, a wallet page and an unknown path") {
    const auto before = fx.control("GET", "/_sim/clock").body;
    CHECK(fx.control("POST", "/_sim/clock", padded_body(1100, R"({"time":"2030-01-01T00:00:00Z")")).http_status == 413);
    CHECK(fx.control("GET", "/_sim/clock").body == before);
    CHECK(fx.control("POST", "/_sim/merchants", big).http_status == 413);
    CHECK(fx.control("POST", "/_sim/wallet/x/y/approve", big).http_status == 413);
    CHECK(fx.control("POST", "/elsewhere", big).http_status == 413);
  }
  SUBCASE("chunked, where the limit is only passed in the middle of the body") {
    const std::string half = big.substr(0, 600), rest = big.substr(600);
    auto hex = [](std::size_t n) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%zx", n);
      return std::string(buf);
    };
    const auto reply = raw_send(fx.port(), "POST /_sim/scenarios/pay-risk-reject/activate HTTP/1.1\r\nHost: x\r\n"
                                           "Transfer-Encoding: chunked\r\n\r\n" +
                                               hex(half.size()) + "\r\n" + half + "\r\n" + hex(rest.size()) + "\r\n" +
                                               rest + "\r\n0\r\n\r\n");
    CHECK(reply.status == 413);
    CHECK(active_count(fx) == 0);
  }
}

TEST_CASE("a body over the default limit with Expect: 100-continue is refused at once and runs nothing") {
  SimFixture fx;
  const auto reply = raw_send(fx.port(), "POST /_sim/scenarios/pay-risk-reject/activate HTTP/1.1\r\nHost: x\r\n"
                                         "Content-Type: application/json\r\nExpect: 100-continue\r\n"
                                         "Content-Length: 1153434\r\n\r\n");
  CHECK(reply.status == 413);  // not 100: the body is never invited
  CHECK(active_count(fx) == 0);
}

TEST_CASE("duplicate names in an API body: the last one wins, as at Antom") {
  SimFixture fx;
  const auto token = pay::mint(fx);
  REQUIRE_FALSE(token.access_token.empty());
  // paymentRequestId twice at the top, paymentAmount.value twice inside an object
  std::string body = pay::pay_body("dup-first", token.access_token, "100", "PHP", "GCASH", R"(,"paymentRequestId":"dup-last")");
  const auto at = body.find(R"("paymentAmount":{"currency":"PHP","value":"100")");
  REQUIRE(at != std::string::npos);
  body.insert(at + std::string(R"("paymentAmount":{"currency":"PHP","value":"100")").size(), R"(,"value":"250")");
  const auto paid = fx.call(pay::kPay, body);
  REQUIRE(paid.signature_ok);
  CHECK(paid.code() == "SUCCESS");
  const auto last = fx.call(pay::kInquiry, pay::by_request_id("dup-last"));
  CHECK(last.code() == "SUCCESS");
  CHECK(last.text("paymentAmount.value") == "250");
  CHECK(fx.call(pay::kInquiry, pay::by_request_id("dup-first")).code() == "ORDER_NOT_EXIST");
}

TEST_CASE("duplicate names in a control body: the last one wins there too") {
  SimFixture fx;
  auto c = fx.control("POST", "/_sim/clock", R"({"time":"2026-01-01T00:00:00Z","time":"2030-01-01T00:00:00Z"})");
  CHECK(std::string(c.json["utc"].GetString()) == "2030-01-01T00:00:00+00:00");
  REQUIRE(fx.control("POST", "/_sim/scenarios/pay-risk-reject/activate",
                     R"({"merchant":"NOBODY","merchant":")" + fx.demo_client_id() + R"("})").http_status == 200);
  auto active = fx.control("GET", "/_sim/scenarios/active");
  REQUIRE(active.json["active"].Size() == 1);
  CHECK(std::string(active.json["active"][0]["merchant"].GetString()) == fx.demo_client_id());
}

TEST_CASE("the control token's scheme is case-insensitive; the token itself is not") {
  SimFixture fx({.control_token = "s3cret"});
  for (const char* scheme : {"Bearer", "bearer", "BEARER", "bEaReR"}) {
    CAPTURE(scheme);
    CHECK(fx.control("GET", "/_sim/clock", {}, {{"authorization", std::string(scheme) + " s3cret"}}).http_status == 200);
  }
  CHECK(fx.control("GET", "/_sim/clock", {}, {{"authorization", "bearer S3CRET"}}).http_status == 401);
  CHECK(fx.control("GET", "/_sim/clock", {}, {{"authorization", "Basic s3cret"}}).http_status == 401);
  CHECK(fx.control("GET", "/_sim/clock", {}, {{"authorization", "bearers3cret"}}).http_status == 401);
  CHECK(fx.control("GET", "/_sim/clock", {}, {{"authorization", "s3cret"}}).http_status == 401);
}

TEST_CASE("the wallet page cannot be framed: Content-Security-Policy frame-ancestors 'none' and X-Frame-Options DENY") {
  SimFixture fx;
  const auto c = auth::consult(fx);
  REQUIRE(c.code() == "SUCCESS");
  for (const std::string& path : {auth::page_path(c), std::string("/_sim/wallet/nobody/nothing")}) {
    CAPTURE(path);
    const auto page = fx.control("GET", path);
    CHECK(page.header("content-type").starts_with("text/html"));
    const std::string csp = page.header("content-security-policy");
    CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
    CHECK(csp.find("default-src 'none'") != std::string::npos);
    CHECK(page.header("x-frame-options") == "DENY");
  }
}
