#include "state/activity.hpp"

namespace antom::state {

ActivitySeries::ActivitySeries(TimePoint until, Millis width, std::size_t count, int offset_minutes)
    : width_(width), buckets_(count) {
  const auto local = until.time_since_epoch() + std::chrono::minutes(offset_minutes);
  const TimePoint last = until - local % width;
  start_ = last - width * static_cast<Millis::rep>(count == 0 ? 0 : count - 1);
}

ActivityBucket* ActivitySeries::bucket_of(TimePoint t) {
  if (t < start_) return nullptr;
  const auto index = static_cast<std::size_t>((t - start_) / width_);
  return index < buckets_.size() ? &buckets_[index] : nullptr;
}

void ActivitySeries::add_payments(const std::deque<Payment>& payments, std::size_t from, std::size_t to) {
  for (std::size_t i = from; i < to && i < payments.size(); ++i)
    if (auto* b = bucket_of(payments[i].created_at)) ++b->payments[static_cast<std::size_t>(payments[i].status)];
}

void ActivitySeries::add_notifications(const Outbox& outbox) {
  outbox.for_each([&](const OutboxRecord& record) {
    for (const auto& attempt : record.attempts)
      if (auto* b = bucket_of(attempt.sent_at)) ++(attempt.acknowledged ? b->delivered : b->failed);
  });
}

}  // namespace antom::state
