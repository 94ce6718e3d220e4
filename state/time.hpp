#pragma once
// Time values on the virtual clock and Antom's wire format for them (ISO 8601, seconds, offset).
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace antom::state {

using Millis = std::chrono::milliseconds;
using TimePoint = std::chrono::sys_time<Millis>;

// Offset antom-sim writes datetimes in: Antom's samples use GMT+8.
inline constexpr int kDefaultOffsetMinutes = 8 * 60;

// "2026-11-25T19:23:30+08:00"
[[nodiscard]] std::string format_iso8601(TimePoint t, int offset_minutes = kDefaultOffsetMinutes);
// Accepts "Z", "+hh:mm", "+hhmm" and fractional seconds; nullopt when not a datetime.
[[nodiscard]] std::optional<TimePoint> parse_iso8601(std::string_view text);
[[nodiscard]] std::int64_t to_epoch_ms(TimePoint t);
[[nodiscard]] TimePoint from_epoch_ms(std::int64_t ms);
// "20261125" in the given offset, for ids and report names.
[[nodiscard]] std::string format_compact_date(TimePoint t, int offset_minutes = kDefaultOffsetMinutes);
// "2026-03-01": a calendar day (a settlement business day, a snapshot's next day).
[[nodiscard]] std::string format_day(std::chrono::sys_days day);

}  // namespace antom::state
