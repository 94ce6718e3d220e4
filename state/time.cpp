#include "state/time.hpp"

#include <cstdio>

#include "state/digits.hpp"

namespace antom::state {
namespace {

bool read_digits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
  if (pos + count > text.size()) return false;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  out = value;
  return true;
}

}  // namespace

std::int64_t to_epoch_ms(TimePoint t) { return t.time_since_epoch().count(); }
TimePoint from_epoch_ms(std::int64_t ms) { return TimePoint{Millis{ms}}; }

std::string format_iso8601(TimePoint t, int offset_minutes) {
  using namespace std::chrono;
  const auto local = floor<seconds>(t) + minutes{offset_minutes};
  const auto day = floor<days>(local);
  const year_month_day ymd{day};
  const hh_mm_ss hms{local - day};
  const int off = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  const int year = int(ymd.year());
  // Written into a fixed buffer: this runs several times per request (docs/benchmarks.md).
  char buf[48];  // 4-digit years need 25; std::chrono::year holds at most 5 digits and a sign
  char* p = buf;
  const auto two = [&p](long v) {
    *p++ = static_cast<char>('0' + v / 10 % 10);
    *p++ = static_cast<char>('0' + v % 10);
  };
  if (year >= 0 && year <= 9999) {
    two(year / 100);
    two(year % 100);
  } else {  // outside what four digits hold; only a virtual clock set far away gets here
    std::string y;
    append_zero_padded(y, static_cast<std::uint64_t>(year < 0 ? -year : year), 4);
    if (year < 0) *p++ = '-';
    for (char c : y) *p++ = c;
  }
  *p++ = '-';
  two(unsigned(ymd.month()));
  *p++ = '-';
  two(unsigned(ymd.day()));
  *p++ = 'T';
  two(hms.hours().count());
  *p++ = ':';
  two(hms.minutes().count());
  *p++ = ':';
  two(hms.seconds().count());
  *p++ = offset_minutes < 0 ? '-' : '+';
  two(off / 60);
  *p++ = ':';
  two(off % 60);
  return std::string(buf, static_cast<std::size_t>(p - buf));
}

std::string format_compact_date(TimePoint t, int offset_minutes) {
  using namespace std::chrono;
  const year_month_day ymd{floor<days>(t + minutes{offset_minutes})};
  std::string out;
  out.reserve(8);
  append_zero_padded(out, static_cast<std::uint64_t>(int(ymd.year())), 4);
  append_zero_padded(out, unsigned(ymd.month()), 2);
  append_zero_padded(out, unsigned(ymd.day()), 2);
  return out;
}

std::optional<TimePoint> parse_iso8601(std::string_view s) {
  using namespace std::chrono;
  int y, mo, d, h, mi, sec;
  if (s.size() < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':' ||
      s[16] != ':')
    return std::nullopt;
  if (!read_digits(s, 0, 4, y) || !read_digits(s, 5, 2, mo) || !read_digits(s, 8, 2, d) ||
      !read_digits(s, 11, 2, h) || !read_digits(s, 14, 2, mi) || !read_digits(s, 17, 2, sec))
    return std::nullopt;
  const year_month_day ymd{year{y}, month{unsigned(mo)}, day{unsigned(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  std::size_t pos = 19;
  int millis = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int scale = 100;
    const std::size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      millis += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  if (pos >= s.size()) return std::nullopt;  // an offset is required
  int offset = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    const int sign = s[pos] == '-' ? -1 : 1;
    int oh, om;
    if (!read_digits(s, pos + 1, 2, oh)) return std::nullopt;
    std::size_t mpos = pos + 3;
    if (mpos < s.size() && s[mpos] == ':') ++mpos;
    if (!read_digits(s, mpos, 2, om)) return std::nullopt;
    if (oh > 23 || om > 59) return std::nullopt;
    offset = sign * (oh * 60 + om);
    pos = mpos + 2;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  const auto local = sys_days{ymd} + hours{h} + minutes{mi} + seconds{sec} + milliseconds{millis};
  return time_point_cast<Millis>(local - minutes{offset});
}

std::string format_day(std::chrono::sys_days day) {
  const std::chrono::year_month_day ymd{day};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

}  // namespace antom::state
