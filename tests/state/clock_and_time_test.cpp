#include <doctest/doctest.h>

#include <limits>
#include <regex>

#include "state/clock.hpp"
#include "state/digits.hpp"
#include "state/ids.hpp"
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

TEST_CASE("years outside four digits, as a virtual clock set far away gives them") {
  using namespace std::chrono;
  const auto at = [](int y) { return TimePoint{sys_days{year{y} / January / 2}} + hours{3}; };
  CHECK(format_iso8601(at(1), 0) == "0001-01-02T03:00:00+00:00");
  CHECK(format_iso8601(at(9999), 0) == "9999-01-02T03:00:00+00:00");
  CHECK(format_iso8601(at(12345), 0) == "12345-01-02T03:00:00+00:00");
  CHECK(format_iso8601(at(-44), 0) == "-0044-01-02T03:00:00+00:00");
  CHECK(format_iso8601(at(32767), 840) == "32767-01-02T17:00:00+14:00");
}

TEST_CASE("negative offsets, compact dates and zero-padded fields") {
  const auto t = parse_iso8601("2026-01-02T03:04:05Z");
  REQUIRE(t);
  CHECK(format_iso8601(*t, -300) == "2026-01-01T22:04:05-05:00");
  CHECK(format_iso8601(*t, -570) == "2026-01-01T17:34:05-09:30");
  CHECK(format_compact_date(*t, 0) == "20260102");
  CHECK(format_compact_date(*t, -300) == "20260101");
  std::string s;
  append_zero_padded(s, 7, 6);
  append_zero_padded(s, 1234567, 3);  // wider than asked: all digits kept
  append_zero_padded(s, 0, 1);
  append_hex16(s, 0xABCULL);
  CHECK(s == "000007123456700000000000000abc");
}

TEST_CASE("generated ids keep their fixed shapes and are deterministic per seed") {
  IdGenerator a(42), b(42), c(43);
  const auto t = *parse_iso8601("2026-03-01T10:00:00+08:00");
  for (int i = 0; i < 200; ++i) {
    const std::string id = a.numeric_id(t, "1101");
    CHECK(std::regex_match(id, std::regex("202603011101[0-9]{18}")));
    CHECK(id == b.numeric_id(t, "1101"));
    const std::string token = a.token("tok_");
    CHECK(std::regex_match(token, std::regex("tok_[0-9a-f]{32}")));
    CHECK(token == b.token("tok_"));
  }
  CHECK(c.token("tok_") != IdGenerator(42).token("tok_"));
}

TEST_CASE("virtual clock: set, advance, freeze") {
  VirtualClock clock;
  const auto t0 = *parse_iso8601("2030-01-01T00:00:00Z");
  clock.freeze();
  CHECK(clock.set(t0));
  CHECK(clock.now() == t0);
  CHECK(clock.advance(std::chrono::hours(24)));
  CHECK(clock.now() == t0 + std::chrono::hours(24));
  clock.unfreeze();
  CHECK(clock.now() >= t0 + std::chrono::hours(24));
  CHECK(clock.now() < t0 + std::chrono::hours(25));
}

TEST_CASE("virtual clock: moves outside its range are refused and change nothing") {
  VirtualClock clock;
  clock.freeze();
  const auto t0 = *parse_iso8601("2030-01-01T00:00:00Z");
  REQUIRE(clock.set(t0));
  CHECK_FALSE(clock.advance(Millis{std::numeric_limits<long long>::max()}));
  CHECK_FALSE(clock.advance(Millis{-1}));
  CHECK_FALSE(clock.set(*parse_iso8601("0000-01-01T00:00:00Z")));
  CHECK_FALSE(clock.set(kClockMin - Millis{1}));
  CHECK(clock.now() == t0);
  CHECK(clock.set(kClockMax));
  CHECK_FALSE(clock.advance(Millis{1}));
  CHECK(clock.advance(Millis{0}));
  CHECK(format_iso8601(clock.now(), 0) == "9989-12-31T23:59:59+00:00");
  // The longest lifetime from the end, in the furthest offset ahead (+14:00), still has four digits.
  CHECK(format_iso8601(kClockMax + kMaxLifetime, 14 * 60).rfind("9999-12-", 0) == 0);
  CHECK(clock.set(kClockMin));
  CHECK(to_epoch_ms(clock.now()) == 0);
}

TEST_CASE("result codes table") {
  CHECK(to_string(ResultCode::PARAM_ILLEGAL) == "PARAM_ILLEGAL");
  CHECK(status_of(ResultCode::PAYMENT_IN_PROCESS) == ResultStatus::U);
  CHECK(status_of(ResultCode::INVALID_SIGNATURE) == ResultStatus::F);
  CHECK(parse_result_code("REPEAT_REQ_INCONSISTENT") == ResultCode::REPEAT_REQ_INCONSISTENT);
  CHECK_FALSE(parse_result_code("CLIENT_INVALID"));
  for (const auto& info : all_result_codes()) CHECK(parse_result_code(info.name) == info.code);
}
