#include "server/notify/retry_schedule.hpp"

#include <charconv>

namespace antom::server {

using namespace std::chrono_literals;

std::string RetrySchedule::spec() const {
  if (name == "production" || name == "sandbox") return name;
  std::string out = "custom:";
  for (std::size_t i = 0; i < retry_intervals.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(std::chrono::duration_cast<std::chrono::seconds>(retry_intervals[i]).count());
  }
  return out;
}

RetrySchedule production_schedule() {
  // Antom resends an unacknowledged notification up to 8 times, at 0 s, 2 min, 10 min, 10 min, 1 h,
  // 2 h, 6 h, 15 h (https://docs.antom.com/ac/ams_zh-cn/nrs, https://docs.antom.com/ac/ams/notifyauth).
  return RetrySchedule{"production", {0s, 2min, 10min, 10min, 1h, 2h, 6h, 15h}};
}

RetrySchedule sandbox_schedule() { return RetrySchedule{"sandbox", {}}; }

std::optional<RetrySchedule> parse_schedule(std::string_view text) {
  if (text == "production" || text == "default") return production_schedule();
  if (text == "sandbox") return sandbox_schedule();
  if (text.starts_with("custom:")) text.remove_prefix(7);
  RetrySchedule s{"custom", {}};
  if (text.empty()) return std::nullopt;  // no intervals: "sandbox" is the one-attempt schedule
  while (true) {
    const auto comma = text.find(',');
    const auto item = text.substr(0, comma);
    long long v = -1;
    auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
    if (item.empty() || ec != std::errc{} || ptr != item.data() + item.size() || v < 0 ||
        v > kMaxRetryIntervalSeconds)
      return std::nullopt;
    s.retry_intervals.push_back(std::chrono::seconds(v));
    if (s.retry_intervals.size() > kMaxRetryIntervals) return std::nullopt;
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return s;
}

void ScheduleBook::set_global(RetrySchedule s) {
  std::lock_guard lock(mu_);
  global_ = std::move(s);
}

void ScheduleBook::set_for(std::string client_id, RetrySchedule s) {
  std::lock_guard lock(mu_);
  per_merchant_[std::move(client_id)] = std::move(s);
}

void ScheduleBook::clear_for(std::string_view client_id) {
  std::lock_guard lock(mu_);
  if (auto it = per_merchant_.find(client_id); it != per_merchant_.end()) per_merchant_.erase(it);
}

RetrySchedule ScheduleBook::global() const {
  std::lock_guard lock(mu_);
  return global_;
}

RetrySchedule ScheduleBook::for_merchant(std::string_view client_id, std::string_view registered) const {
  std::lock_guard lock(mu_);
  if (auto it = per_merchant_.find(client_id); it != per_merchant_.end()) return it->second;
  if (!registered.empty())
    if (auto s = parse_schedule(registered)) return *s;
  return global_;
}

std::map<std::string, RetrySchedule, std::less<>> ScheduleBook::overrides() const {
  std::lock_guard lock(mu_);
  return per_merchant_;
}

}  // namespace antom::server
