// GET /metrics after a signed flow: Prometheus's own parser (promtool check metrics, taken out of
// Debian's prometheus package by scripts/setup.sh --tests) accepts the text, and the counts match the
// requests made. /metrics follows the control API's access rule.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "tests/e2e/notification_support.hpp"

using namespace antom::test;

namespace {

const std::string kRevokePath = "/ams/api/v1/authorizations/revoke";
const std::string kConsultPath = "/ams/api/v1/authorizations/consult";
const std::string kConsultBody = R"({"customerBelongsTo":"GCASH","authRedirectUrl":"https://merchant.example/back",)"
                                 R"("scopes":["AGREEMENT_PAY"],"authState":"metrics-1","terminalType":"WEB"})";

// Every sample line "name{labels} value" of the exposition, by "name{labels}".
std::map<std::string, double> samples(const std::string& text) {
  std::map<std::string, double> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() == '#') continue;
    const auto space = line.rfind(' ');
    out[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return out;
}

// promtool's exit status and output for `text` on its standard input.
std::pair<int, std::string> promtool_check(const std::string& text) {
  const std::string file = "/tmp/antom-sim-metrics-" + std::to_string(::getpid()) + ".txt";
  std::ofstream(file) << text;
  std::string output;
  FILE* p = ::popen(("promtool check metrics < " + file + " 2>&1").c_str(), "r");
  REQUIRE_MESSAGE(p, "cannot run promtool");
  char buf[512];
  while (std::fgets(buf, sizeof buf, p)) output += buf;
  const int status = ::pclose(p);
  std::remove(file.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

}  // namespace

TEST_CASE("/metrics after a signed flow: promtool accepts it and the counts match the requests made") {
  REQUIRE_MESSAGE(std::system("command -v promtool >/dev/null 2>&1") == 0,
                  "promtool is missing: scripts/setup.sh --tests installs it (from Debian's prometheus package)");
  SimFixture fx;
  for (int i = 0; i < 2; ++i) REQUIRE(fx.call(kConsultPath, kConsultBody).code() == "SUCCESS");
  std::string revoke_code;
  for (int i = 0; i < 3; ++i) revoke_code = fx.call(kRevokePath, R"({"accessToken":"no-such-token"})").code();
  REQUIRE_FALSE(revoke_code.empty());
  CHECK(fx.call(kRevokePath, R"({"accessToken":"no-such-token"})",
                {.signature_override = "algorithm=RSA256,keyVersion=1,signature=QUJD"})
            .code() == "INVALID_SIGNATURE");
  CHECK(fx.call("/ams/api/v1/no/such/api", "{}").code() == "NO_INTERFACE_DEF");
  // A notification to nowhere: one failed attempt.
  const std::string merchant = fx.app().merchants.find(fx.demo_client_id())->client_id;
  std::string dead_url;
  {
    NotifyReceiver gone(antom_public_key(fx.app().keys.antom_private));
    dead_url = gone.url();
  }
  const auto id = inject(fx, merchant, antom::state::NotifyKind::Payment, "PAYMENT_RESULT", dead_url);
  REQUIRE(flush(fx));
  const auto attempts = journal(fx, id)["attempts"].Size();  // production's first retry comes at once
  REQUIRE(attempts >= 1);

  const auto r = fx.control("GET", "/metrics");
  REQUIRE(r.http_status == 200);
  CHECK(r.header("content-type").starts_with("text/plain; version=0.0.4"));
  const auto [status, output] = promtool_check(r.body);
  INFO("promtool: " << output << "\n" << r.body);
  CHECK(status == 0);

  auto s = samples(r.body);
  CHECK(s[R"(antom_sim_requests_total{operation="consult",result_code="SUCCESS"})"] == 2);
  CHECK(s[R"(antom_sim_requests_total{operation="revoke",result_code=")" + revoke_code + R"("})"] == 3);
  CHECK(s[R"(antom_sim_requests_total{operation="revoke",result_code="INVALID_SIGNATURE"})"] == 1);
  CHECK(s[R"(antom_sim_requests_total{operation="none",result_code="NO_INTERFACE_DEF"})"] == 1);
  CHECK(s[R"(antom_sim_request_duration_seconds_count{operation="revoke"})"] == 4);
  CHECK(s[R"(antom_sim_request_duration_seconds_bucket{operation="revoke",le="+Inf"})"] == 4);
  CHECK(s[R"(antom_sim_request_duration_seconds_count{operation="consult"})"] == 2);
  CHECK(s[R"(antom_sim_notification_attempts_total{outcome="transport_error"})"] == attempts);
  CHECK(s[R"(antom_sim_notification_attempts_total{outcome="acknowledged"})"] == 0);
  CHECK(s["antom_sim_notifications_queued"] == 1);  // waiting for its retry on the frozen clock
  CHECK(s[R"(antom_sim_journal_entries{journal="notifications"})"] == 1);
  CHECK(s[R"(antom_sim_journal_entries{journal="signature_diagnoses"})"] == 1);
  CHECK(s["antom_sim_notification_oldest_queued_age_seconds"] == 0);  // the clock has not moved
  fx.advance(std::chrono::seconds(90));
  s = samples(fx.control("GET", "/metrics").body);
  CHECK(s["antom_sim_notification_oldest_queued_age_seconds"] >= 90);
}

TEST_CASE("/metrics counts scenario plans and activations") {
  SimFixture fx;
  REQUIRE(fx.control("PUT", "/_sim/scenarios/revoke-500",
                     R"({"name":"revoke-500","description":"HTTP 500 on revoke","rules":[{"name":"always",)"
                     R"("match":{"operation":"revoke"},"effect":{"http_fault":"HTTP_500"}}]})")
              .http_status == 201);
  REQUIRE(fx.call(kRevokePath, R"({"accessToken":"t"})", {.headers = {{"x-sim-scenario", "revoke-500"}}}).http_status == 500);
  REQUIRE(fx.call(kRevokePath, R"({"accessToken":"t"})", {.headers = {{"x-sim-scenario", "revoke-errors/OAUTH_FAILED"}}})
              .code() == "OAUTH_FAILED");
  REQUIRE(fx.control("POST", "/_sim/scenarios/latency-fixed/activate", R"({"merchant":")" + fx.demo_client_id() + R"("})")
              .http_status == 200);
  auto s = samples(fx.control("GET", "/metrics").body);
  CHECK(s[R"(antom_sim_scenario_plans_total{source="header"})"] == 2);
  CHECK(s[R"(antom_sim_http_faults_total{fault="HTTP_500"})"] == 1);
  CHECK(s["antom_sim_scenario_activations"] == 1);
}

TEST_CASE("/metrics follows the control API's access rule") {
  SimFixture fx({.control_token = "s3cret"});
  CHECK(fx.control("GET", "/metrics", {}, {{"authorization", "Bearer wrong"}}).http_status == 401);
  CHECK(fx.control("GET", "/metrics").http_status == 200);  // the fixture sends the token
}
