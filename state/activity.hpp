#pragma once
// What happened over virtual time, in equal buckets: payments by the bucket they were created in
// (counted by their status now) and notification attempts by the bucket they were made in
// (acknowledged or not). The portal's overview chart; one pass over the records, no index.
#include <array>
#include <cstddef>
#include <deque>
#include <vector>

#include "state/outbox.hpp"
#include "state/payments.hpp"
#include "state/time.hpp"

namespace antom::state {

struct ActivityBucket {
  std::array<std::size_t, 4> payments{};  // by PaymentStatus
  std::size_t delivered = 0;              // notification attempts the merchant acknowledged
  std::size_t failed = 0;                 // attempts that were not acknowledged
};

class ActivitySeries {
 public:
  // `count` buckets of `width`, the last one holding `until`, aligned on whole multiples of `width`
  // in the zone `offset_minutes` east of UTC (the zone antom-sim prints times in), so a day bucket
  // runs from that zone's midnight to midnight.
  ActivitySeries(TimePoint until, Millis width, std::size_t count, int offset_minutes = kDefaultOffsetMinutes);

  void add_payments(const std::deque<Payment>& payments, std::size_t from, std::size_t to);
  void add_notifications(const Outbox& outbox);

  [[nodiscard]] TimePoint start() const { return start_; }
  [[nodiscard]] Millis width() const { return width_; }
  [[nodiscard]] const std::vector<ActivityBucket>& buckets() const { return buckets_; }

 private:
  [[nodiscard]] ActivityBucket* bucket_of(TimePoint t);
  TimePoint start_;
  Millis width_;
  std::vector<ActivityBucket> buckets_;
};

}  // namespace antom::state
