// The request log line: one line per request on stderr, naming the scenario that shaped the answer
// (issue #15: a magic amount must not change an answer silently).
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "server/log.hpp"

using namespace antom::server;

namespace {
// What log_request writes to stderr, captured through a temporary file.
std::string logged(LogFormat format, std::string_view scenario) {
  set_log_format(format);
  std::fflush(stderr);
  const int saved = dup(2);
  std::FILE* tmp = std::tmpfile();
  REQUIRE(tmp != nullptr);
  dup2(fileno(tmp), 2);
  log_request("POST", "/ams/api/v1/payments/pay", "CLIENT-1", "USER_BALANCE_NOT_ENOUGH", 42, scenario);
  std::fflush(stderr);
  dup2(saved, 2);
  close(saved);
  set_log_format(LogFormat::Off);  // as the test fixture runs
  std::string text;
  std::rewind(tmp);
  char buf[512];
  while (std::fgets(buf, sizeof buf, tmp)) text += buf;
  std::fclose(tmp);
  return text;
}
}  // namespace

TEST_CASE("the request log names the scenario that shaped the answer, in text and JSON") {
  const std::string text = logged(LogFormat::Text, "pay-balance-not-enough (via amount)");
  CHECK(text.find(" CLIENT-1 USER_BALANCE_NOT_ENOUGH 42us scenario=pay-balance-not-enough (via amount)\n") !=
        std::string::npos);
  const std::string json = logged(LogFormat::Json, "pay-balance-not-enough (via amount)");
  CHECK(json.find(R"x("micros":42,"scenario":"pay-balance-not-enough (via amount)"})x") != std::string::npos);
  const std::string plain = logged(LogFormat::Text, "");
  CHECK(plain.find("scenario=") == std::string::npos);
  CHECK(plain.find(" 42us\n") != std::string::npos);
  CHECK(logged(LogFormat::Json, "").find("scenario") == std::string::npos);
}
