#include "state/clock.hpp"

namespace antom::state {

std::string clock_range_text() {
  return "the virtual clock runs from " + format_iso8601(kClockMin, 0) + " to " + format_iso8601(kClockMax, 0) + " (UTC)";
}

TimePoint VirtualClock::real_now() {
  return std::chrono::time_point_cast<Millis>(std::chrono::system_clock::now());
}

TimePoint VirtualClock::now() const {
  if (frozen_.load()) return from_epoch_ms(frozen_at_ms_.load());
  return real_now() + Millis{offset_ms_.load()};
}

bool VirtualClock::set(TimePoint t) {
  if (t < kClockMin || t > kClockMax) return false;
  if (frozen_.load()) {
    frozen_at_ms_.store(to_epoch_ms(t));
    return true;
  }
  offset_ms_.store((t - real_now()).count());
  return true;
}

bool VirtualClock::advance(Millis by) {
  const TimePoint at = now();
  if (by.count() < 0 || by > kClockMax - at) return false;  // checked before adding: no overflow
  return set(at + by);
}

void VirtualClock::freeze() {
  frozen_at_ms_.store(to_epoch_ms(now()));
  frozen_.store(true);
}

void VirtualClock::unfreeze() {
  const TimePoint at = now();
  offset_ms_.store((at - real_now()).count());
  frozen_.store(false);
}

void VirtualClock::reset() {
  frozen_.store(false);
  offset_ms_.store(0);
}

VirtualClock::Saved VirtualClock::save() const {
  return Saved{frozen_.load(), from_epoch_ms(frozen_at_ms_.load()), Millis{offset_ms_.load()}};
}

bool VirtualClock::restorable(const Saved& saved) {
  if (saved.frozen_at < kClockMin || saved.frozen_at > kClockMax) return false;
  if (saved.frozen) return true;
  // Compared before adding: an offset of any size cannot overflow.
  const Millis room_ahead = kClockMax - real_now(), room_behind = kClockMin - real_now();
  return saved.offset >= room_behind && saved.offset <= room_ahead;
}

void VirtualClock::restore(const Saved& saved) {
  frozen_at_ms_.store(to_epoch_ms(saved.frozen_at));
  offset_ms_.store(saved.offset.count());
  frozen_.store(saved.frozen);
}

}  // namespace antom::state
