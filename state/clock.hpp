#pragma once
// The one virtual clock every lifecycle reads. It follows real time shifted by an offset,
// or stands still when frozen. Lock-free: readers never wait for a writer.
#include <atomic>
#include <string>

#include "state/time.hpp"

namespace antom::state {

// The longest lifetime a merchant may give anything that expires (an auth code, an access or a
// refresh token): 10 years (3650 days).
inline constexpr Millis kMaxLifetime{3650LL * 24 * 60 * 60 * 1000};
// The virtual clock's range: the Unix epoch to the end of year 9989. The clock plus the longest
// lifetime, written in any offset, then still has a four-digit year, as Antom's ISO 8601 datetimes
// have, and ids that start with the date keep their length. A move outside is refused, so time
// never wraps.
inline constexpr TimePoint kClockMin{Millis{0}};
inline constexpr TimePoint kClockMax{Millis{253'086'767'999'999}};  // 9989-12-31T23:59:59.999Z
// "the virtual clock runs from <kClockMin> to <kClockMax> (UTC)", for the refusals that name it.
[[nodiscard]] std::string clock_range_text();

class VirtualClock {
 public:
  [[nodiscard]] TimePoint now() const;
  [[nodiscard]] bool frozen() const { return frozen_.load(); }
  // Jumps to `t`; a frozen clock stays frozen at `t`. False (and no change) outside the range.
  [[nodiscard]] bool set(TimePoint t);
  // False (and no change) when `by` is negative or would pass kClockMax.
  [[nodiscard]] bool advance(Millis by);
  void freeze();    // stops at the current virtual time
  void unfreeze();  // resumes following real time from the current virtual time
  void reset();     // back to real time, not frozen

  // What a snapshot keeps: frozen at a time, or running at an offset from real time (so a restart
  // with --state-file keeps following real time as it did).
  struct Saved {
    bool frozen = false;
    TimePoint frozen_at{};
    Millis offset{0};
  };
  [[nodiscard]] Saved save() const;
  // Whether `saved` would put the clock inside its range now (frozen: at frozen_at; running: at
  // real time plus the offset). restore() takes only such a state.
  [[nodiscard]] static bool restorable(const Saved& saved);
  void restore(const Saved& saved);

 private:
  [[nodiscard]] static TimePoint real_now();
  std::atomic<long long> offset_ms_{0};     // virtual = real + offset, while running
  std::atomic<long long> frozen_at_ms_{0};  // virtual time, while frozen
  std::atomic<bool> frozen_{false};
};

}  // namespace antom::state
