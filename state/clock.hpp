#pragma once
// The one virtual clock every lifecycle reads. It follows real time shifted by an offset,
// or stands still when frozen. Lock-free: readers never wait for a writer.
#include <atomic>

#include "state/time.hpp"

namespace antom::state {

// The virtual clock's range: the Unix epoch to the last millisecond of year 9999, the years Antom's
// ISO 8601 datetimes write with four digits. A move outside is refused, so time never wraps.
inline constexpr TimePoint kClockMin{Millis{0}};
inline constexpr TimePoint kClockMax{Millis{253'402'300'799'999}};  // 9999-12-31T23:59:59.999Z

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
  void restore(const Saved& saved);

 private:
  [[nodiscard]] static TimePoint real_now();
  std::atomic<long long> offset_ms_{0};     // virtual = real + offset, while running
  std::atomic<long long> frozen_at_ms_{0};  // virtual time, while frozen
  std::atomic<bool> frozen_{false};
};

}  // namespace antom::state
