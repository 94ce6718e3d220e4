// The log explains: each API request line names the operation, the ids, the scenario and fault that
// shaped the answer and a signature diagnosis; each notification attempt gets a line with its
// outcome and next due time. Captured from stderr of an in-process simulator, in JSON format.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "server/log.hpp"
#include "tests/e2e/notification_support.hpp"
#include "tests/e2e/payment_support.hpp"
#include "tests/support/stderr_capture.hpp"

using namespace antom::test;
using namespace std::chrono_literals;

namespace {

// The JSON log lines captured so far.
std::vector<rapidjson::Document> json_lines(const StderrCapture& capture) {
  std::vector<rapidjson::Document> out;
  for (const auto& line : capture.lines()) {
    rapidjson::Document d;
    d.Parse(line.c_str());
    if (!d.HasParseError() && d.IsObject()) out.push_back(std::move(d));
  }
  return out;
}

const rapidjson::Value* find_line(const std::vector<rapidjson::Document>& lines, const char* key, const std::string& value) {
  for (const auto& l : lines)
    if (text(l, key) == value) return &l;
  return nullptr;
}

}  // namespace

TEST_CASE("request and notification lines say what the simulator did") {
  SimFixture fx;
  const pay::Token token = pay::mint(fx);
  REQUIRE_FALSE(token.access_token.empty());
  NotifyReceiver hanging(antom_public_key(fx.app().keys.antom_private));
  hanging.set_slow_delay(60s);
  hanging.set_mode(ReceiverMode::Slow);
  const std::string merchant = fx.app().merchants.find(fx.demo_client_id())->client_id;
  REQUIRE(fx.control("POST", "/_sim/merchants", R"({"clientId":")" + merchant + R"(","notifyUrl":")" + hanging.url() +
                                                     R"(","notifyTimeoutMs":200})")
              .http_status == 200);

  StderrCapture capture;
  antom::server::set_log_format(antom::server::LogFormat::Json);
  const auto paid = fx.call(pay::kPay, pay::pay_body("log-pr-1", token.access_token, "100"),
                            pay::with_scenario("pay-errors/RISK_REJECT"));
  const auto bad = fx.call(pay::kPay, pay::pay_body("log-pr-2", token.access_token, "100"),
                           {.signature_override = "algorithm=RSA256,keyVersion=1,signature=QUJD"});
  const auto id = inject(fx, merchant, antom::state::NotifyKind::Payment, "PAYMENT_RESULT", "");
  REQUIRE(hanging.wait_for(1));
  REQUIRE(flush(fx, "20s"));
  antom::server::set_log_format(antom::server::LogFormat::Off);
  capture.restore();
  const auto lines = json_lines(capture);

  const auto* pay_line = find_line(lines, "paymentRequestId", "log-pr-1");
  REQUIRE(pay_line);
  CHECK(text(*pay_line, "operation") == "pay");
  CHECK(text(*pay_line, "clientId") == fx.demo_client_id());
  CHECK(text(*pay_line, "resultCode") == paid.code());
  CHECK(text(*pay_line, "scenario") == "pay-errors (via header)");
  CHECK_FALSE(text(*pay_line, "rule").empty());
  CHECK((*pay_line)["micros"].IsInt64());

  REQUIRE(bad.code() == "INVALID_SIGNATURE");
  const auto* bad_line = find_line(lines, "resultCode", "INVALID_SIGNATURE");
  REQUIRE(bad_line);
  CHECK(text(*bad_line, "operation") == "pay");
  CHECK(text((*bad_line)["detail"], "verdict") == "MALFORMED_SIGNATURE");

  const auto* attempt = find_line(lines, "notification", id);
  REQUIRE(attempt);
  CHECK(text(*attempt, "outcome") == "timeout");
  CHECK(text(*attempt, "url") == hanging.url());
  CHECK((*attempt)["attempt"].GetInt() == 1);
  CHECK(text(*attempt, "notifyType") == "PAYMENT_RESULT");
  CHECK((*attempt)["nextAttempt"].IsString());  // production schedule: retried
}
