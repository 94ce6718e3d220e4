// The overview chart's series: buckets aligned on the zone antom-sim prints times in, payments by
// the bucket they were created in and their status now, notification attempts by the bucket they
// were made in; anything outside the window is left out.
#include <doctest/doctest.h>

#include "state/activity.hpp"

using namespace antom::state;
using namespace std::chrono_literals;

namespace {

const TimePoint t0 = from_epoch_ms(1'772'330'400'000);  // 2026-03-01T10:00:00+08:00

Payment payment_at(TimePoint created, PaymentStatus status) {
  Payment p;
  p.created_at = created;
  p.status = status;
  return p;
}

}  // namespace

TEST_CASE("hour buckets end with the one holding now and count payments by creation hour and status") {
  std::deque<Payment> payments{payment_at(t0 - 3h, PaymentStatus::Success),   // before the window
                               payment_at(t0 - 2h, PaymentStatus::Success),   // first bucket
                               payment_at(t0 - 90min, PaymentStatus::Fail),   // first bucket (08:30)
                               payment_at(t0 + 59min, PaymentStatus::Processing),
                               payment_at(t0 + 61min, PaymentStatus::Cancelled)};  // after now
  ActivitySeries series(t0 + 59min + 59s, 1h, 3);
  CHECK(format_iso8601(series.start()) == "2026-03-01T08:00:00+08:00");
  series.add_payments(payments, 0, payments.size());
  const auto& b = series.buckets();
  REQUIRE(b.size() == 3);
  CHECK(b[0].payments[static_cast<std::size_t>(PaymentStatus::Success)] == 1);
  CHECK(b[0].payments[static_cast<std::size_t>(PaymentStatus::Fail)] == 1);
  CHECK(b[1].payments == std::array<std::size_t, 4>{});
  CHECK(b[2].payments[static_cast<std::size_t>(PaymentStatus::Processing)] == 1);
  CHECK(b[2].payments[static_cast<std::size_t>(PaymentStatus::Cancelled)] == 0);
}

TEST_CASE("day buckets run from midnight to midnight in the zone times are printed in, not UTC") {
  // 2026-03-01T10:00+08:00 is 02:00 UTC: a UTC-aligned day would start at 08:00+08:00.
  ActivitySeries series(t0, 24h, 2);
  CHECK(format_iso8601(series.start()) == "2026-02-28T00:00:00+08:00");
  std::deque<Payment> payments{payment_at(t0 - 10h - 1s, PaymentStatus::Success),  // 23:59:59 the day before
                               payment_at(t0 - 10h, PaymentStatus::Success)};       // 00:00:00 today
  series.add_payments(payments, 0, payments.size());
  CHECK(series.buckets()[0].payments[static_cast<std::size_t>(PaymentStatus::Success)] == 1);
  CHECK(series.buckets()[1].payments[static_cast<std::size_t>(PaymentStatus::Success)] == 1);
}

TEST_CASE("a slice of the payments counts only that slice, so slices add up to the whole") {
  std::deque<Payment> payments;
  for (int i = 0; i < 10; ++i) payments.push_back(payment_at(t0, PaymentStatus::Success));
  ActivitySeries series(t0, 1h, 1);
  series.add_payments(payments, 0, 4);
  series.add_payments(payments, 4, 100);  // past the end is fine
  CHECK(series.buckets()[0].payments[static_cast<std::size_t>(PaymentStatus::Success)] == 10);
}

TEST_CASE("notification attempts count in the hour they were made, acknowledged or not") {
  Outbox box;
  OutboxRecord r;
  r.notify_type = "PAYMENT_RESULT";
  const auto id = box.enqueue(std::move(r), t0);
  const std::vector<Millis> retries = {0s, 2min, 10min};
  auto due = box.take_due(t0, 10, "2026-03-01T10:00:00+08:00");
  REQUIRE(due.size() == 1);
  DeliveryAttempt failed;
  failed.sent_at = t0;
  failed.http_status = 500;
  box.finish_attempt(id, failed, retries, "sig");
  due = box.take_due(t0 + 1h, 10, "2026-03-01T10:00:00+08:00");
  REQUIRE(due.size() == 1);
  DeliveryAttempt delivered;
  delivered.sent_at = t0 + 1h;
  delivered.http_status = 200;
  delivered.acknowledged = true;
  box.finish_attempt(id, delivered, retries, "sig");

  ActivitySeries series(t0 + 1h, 1h, 2);
  series.add_notifications(box);
  CHECK(series.buckets()[0].failed == 1);
  CHECK(series.buckets()[0].delivered == 0);
  CHECK(series.buckets()[1].delivered == 1);
  CHECK(series.buckets()[1].failed == 0);
}
