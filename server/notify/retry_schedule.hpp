#pragma once
// Retry schedules as data: the gaps between attempts of one notification, on the virtual clock.
// "production" is Antom's (a first delivery plus 8 resends), "sandbox" sends once and never
// resends, and a custom schedule is any list of gaps. Chosen globally and per merchant.
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace antom::server {

struct RetrySchedule {
  std::string name;                                 // "production", "sandbox" or "custom"
  std::vector<std::chrono::milliseconds> retry_intervals;  // gap after each failed attempt
  [[nodiscard]] std::size_t max_attempts() const { return retry_intervals.size() + 1; }
  // "production" / "sandbox" / "custom:0,120,600" (seconds): accepted back by parse_schedule.
  [[nodiscard]] std::string spec() const;
};

[[nodiscard]] RetrySchedule production_schedule();
[[nodiscard]] RetrySchedule sandbox_schedule();
// A named schedule, "custom:<s>,<s>,..." or a bare list "<s>,<s>" of whole seconds (0..7 days each,
// 1 to 50 gaps); nullopt for anything else, also a custom schedule without gaps.
[[nodiscard]] std::optional<RetrySchedule> parse_schedule(std::string_view text);
// Limits of a custom schedule, shared with the control API's validation.
inline constexpr std::size_t kMaxRetryIntervals = 50;
inline constexpr long long kMaxRetryIntervalSeconds = 7LL * 24 * 3600;

// The global choice and per-merchant overrides. Thread-safe; reads copy.
class ScheduleBook {
 public:
  explicit ScheduleBook(RetrySchedule global = production_schedule()) : global_(std::move(global)) {}
  void set_global(RetrySchedule s);
  void set_for(std::string client_id, RetrySchedule s);
  void clear_for(std::string_view client_id);
  [[nodiscard]] RetrySchedule global() const;
  // The merchant's override, else its registered setting (`registered`, "" = none), else the global one.
  [[nodiscard]] RetrySchedule for_merchant(std::string_view client_id, std::string_view registered = {}) const;
  [[nodiscard]] std::map<std::string, RetrySchedule, std::less<>> overrides() const;

 private:
  mutable std::mutex mu_;
  RetrySchedule global_;
  std::map<std::string, RetrySchedule, std::less<>> per_merchant_;
};

}  // namespace antom::server
