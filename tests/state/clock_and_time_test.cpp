#include <doctest/doctest.h>

#include "state/clock.hpp"
#include "state/result_code.hpp"
#include "state/time.hpp"

using namespace antom::state;

TEST_CASE("ISO 8601 round trip in Antom's format") {
  const auto t = parse_iso8601("2019-11-27T12:01:01+08:00");
  REQUIRE(t);
  CHECK(format_iso8601(*t) == "2019-11-27T12:01:01+08:00");
  CHECK(format_iso8601(*t, 0) == "2019-11-27T04:01:01+00:00");
  CHECK(format_iso8601(*t, 330) == "2019-11-27T09:31:01+05:30");
  CHECK(parse_iso8601("2019-11-27T04:01:01Z") == t);
  CHECK(parse_iso8601("2019-11-27T04:01:01.000Z") == t);
  CHECK(parse_iso8601("2019-11-27T12:01:01+0800") == t);
  CHECK_FALSE(parse_iso8601("2019-11-27T12:01:01"));
  CHECK_FALSE(parse_iso8601("2019-13-27T12:01:01Z"));
  CHECK_FALSE(parse_iso8601("1685599933871"));
  CHECK_FALSE(parse_iso8601("2019-11-27T12:01:01+08:00x"));
}

TEST_CASE("virtual clock: set, advance, freeze") {
  VirtualClock clock;
  const auto t0 = *parse_iso8601("2030-01-01T00:00:00Z");
  clock.freeze();
  clock.set(t0);
  CHECK(clock.now() == t0);
  clock.advance(std::chrono::hours(24));
  CHECK(clock.now() == t0 + std::chrono::hours(24));
  clock.unfreeze();
  CHECK(clock.now() >= t0 + std::chrono::hours(24));
  CHECK(clock.now() < t0 + std::chrono::hours(25));
}

TEST_CASE("result codes table") {
  CHECK(to_string(ResultCode::PARAM_ILLEGAL) == "PARAM_ILLEGAL");
  CHECK(status_of(ResultCode::PAYMENT_IN_PROCESS) == ResultStatus::U);
  CHECK(status_of(ResultCode::INVALID_SIGNATURE) == ResultStatus::F);
  CHECK(parse_result_code("REPEAT_REQ_INCONSISTENT") == ResultCode::REPEAT_REQ_INCONSISTENT);
  CHECK_FALSE(parse_result_code("CLIENT_INVALID"));
  for (const auto& info : all_result_codes()) CHECK(parse_result_code(info.name) == info.code);
}
