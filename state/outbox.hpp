#pragma once
// Notifications as data. A state change that Antom would announce appends an OutboxRecord in the
// same critical section; server/notify delivers it, and writes every attempt back here, so one
// record is also the journal entry of that notification. Scenario faults that only shape the
// queue (DROP, DELAY, DUPLICATE, CHANGE_STATUS_ON_DUPLICATE, REORDER) are applied here, as data.
#include <cstdint>
#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "state/fields.hpp"
#include "state/notify_faults.hpp"
#include "state/payload.hpp"
#include "state/status.hpp"
#include "state/time.hpp"

namespace antom::state {

enum class NotifyKind { Authorization, Payment, Refund };
[[nodiscard]] std::string_view to_string(NotifyKind kind);

// Dropped: a DROP scenario fault; never sent, journaled as such.
enum class DeliveryState { Pending, InFlight, Delivered, GivenUp, Dropped };
[[nodiscard]] std::string_view to_string(DeliveryState state);
[[nodiscard]] std::optional<DeliveryState> parse_delivery_state(std::string_view text);

struct DeliveryAttempt {
  int number = 0;                 // 1-based over the record's whole life (redeliveries continue it)
  TimePoint scheduled_at{};       // virtual time the attempt was due
  TimePoint sent_at{};            // virtual time it was made
  std::string url;
  std::vector<std::pair<std::string, std::string>> request_headers;
  // Resends are identical: headers equal to an earlier attempt's are kept once, and this names it.
  int same_headers_as = 0;
  int http_status = 0;            // 0 when no HTTP answer came
  std::string response_body;      // truncated to a few KiB
  std::string error;              // transport error, or why the answer is not an acknowledgement
  std::int64_t latency_us = 0;
  bool acknowledged = false;
  TimePoint next_attempt_at{};    // when the next one is due; epoch (0) = none (delivered or given up)
};

struct OutboxRecord {
  std::string id;                 // "ntf_..." unique per merchant
  NotifyKind kind = NotifyKind::Payment;
  std::string notify_type;        // AUTHCODE_CREATED, TOKEN_CANCELED, PAYMENT_RESULT, REFUND_RESULT, ...
  std::string url;                // from the request; empty means the merchant's default URL
  Payload payload;                // the body, rendered identically for every attempt
  std::string subject_id;         // paymentId / refundId / accessToken / authCode, for filters
  std::string request_time;       // signed `request-time`, fixed at the first attempt
  std::string signature;          // signature header value, fixed at the first attempt (same body, same time)
  TimePoint created_at{};
  TimePoint next_attempt_at{};
  DeliveryState state = DeliveryState::Pending;
  std::vector<DeliveryAttempt> attempts;
  // Scenario faults for this notification (drop, duplicate, bad signature, ...).
  NotifyFaults faults;

  // Queue shaping, filled by Outbox::enqueue from the faults.
  std::string duplicate_of;       // this record is a DUPLICATE copy of that one
  std::string after_id;           // held until that record has had an attempt (duplicates, REORDER)
  bool awaiting_successor = false;  // REORDER: held until the merchant's next notification is queued
  std::size_t round_start = 0;    // index in `attempts` where the current schedule round began
  std::string note;               // why it ended as it did, when attempts do not say it
};

// What the sender needs to make one attempt, copied out under the merchant's lock.
struct DueAttempt {
  std::string record_id;
  NotifyKind kind = NotifyKind::Payment;
  std::string notify_type;
  std::string url;
  Payload payload;                // shared with the record, not copied
  std::string request_time;
  std::string signature;          // empty until the first attempt was signed
  NotifyFaults faults;
  int number = 0;
  TimePoint scheduled_at{};
};

// Where a notification cannot be sent: what take_due journals for it.
struct Unsendable {
  std::string_view error;                        // the failed attempt's error
  const std::vector<Millis>& retry_intervals;    // as finish_attempt takes them
  std::size_t journaled = 0;                     // out: attempts journaled by the call
};

// REORDER holds at most this long (virtual time) when no later notification comes.
inline constexpr Millis kReorderMaxHold{10 * 60 * 1000};

class Outbox {
 public:
  // Appends a record with a fresh id and applies its queue-shaping faults; returns its id.
  std::string enqueue(OutboxRecord record, TimePoint now);

  [[nodiscard]] OutboxRecord* find(std::string_view id);
  [[nodiscard]] const OutboxRecord* find(std::string_view id) const;
  // Oldest first.
  void for_each(const std::function<void(const OutboxRecord&)>& fn) const;
  [[nodiscard]] std::size_t size() const { return records_.size(); }
  [[nodiscard]] std::uint64_t evicted() const { return evicted_; }
  // Records neither delivered, given up nor dropped.
  [[nodiscard]] std::size_t undelivered() const;
  // When the oldest record neither delivered, given up nor dropped was queued (for /metrics).
  [[nodiscard]] std::optional<TimePoint> oldest_undelivered() const;
  // Earliest due time of a pending record, for the sender's timer.
  [[nodiscard]] std::optional<TimePoint> next_due() const;

  // Marks up to `limit` due records InFlight (oldest due first) and copies them out. `request_time`
  // is fixed on each record's first attempt. With `unsendable` (the merchant has no default URL),
  // due records without a URL of their own are not copied out: each gets its failed attempt
  // journaled in place, and its next one scheduled as finish_attempt would. A resend due at once
  // (a 0 s gap) waits for the next call, as it would after a real attempt.
  [[nodiscard]] std::vector<DueAttempt> take_due(TimePoint now, std::size_t limit, const std::string& request_time,
                                                 Unsendable* unsendable = nullptr);
  // Writes an attempt back. `retry_intervals[i]` is the gap after the failed (i+1)-th attempt of a
  // round; a failure with no interval left gives the notification up. `signature` is kept for
  // later attempts. Unknown ids (evicted or reset meanwhile) are ignored.
  void finish_attempt(std::string_view id, DeliveryAttempt attempt, const std::vector<Millis>& retry_intervals,
                      const std::string& signature);
  // Starts a new round with an attempt due at `now` (also for a dropped one). False when unknown or in flight.
  bool redeliver(std::string_view id, TimePoint now);

  // Drops the oldest finished records beyond `cap`; pending ones are never dropped.
  void evict_finished_beyond(std::size_t cap);
  // Retention: drops finished records created before `cutoff`, oldest first (stopping at the first
  // newer one); returns how many. Pending ones are never dropped.
  std::size_t expire_finished_before(TimePoint cutoff);
  [[nodiscard]] std::uint64_t expired() const { return expired_; }
  void set_id_prefix(std::string prefix) { id_prefix_ = std::move(prefix); }

  // Snapshots (server/snapshot/). The next record's sequence number; a restore keeps the larger of
  // the live and the saved one, so a notification id is never handed out twice.
  [[nodiscard]] std::uint64_t next_sequence() const { return next_id_; }
  void keep_sequence_at_least(std::uint64_t next) { next_id_ = std::max(next_id_, next); }
  // A record taken out for an attempt when the state was saved is due again (the attempt's answer
  // went to the state of that time): IN_FLIGHT -> PENDING at its due time.
  void requeue_in_flight();
  // An outbox from saved records in creation order; refused with the problem (an id not
  // "<prefix><number>", ids not ascending or not below `next_id`), and `out` unchanged.
  // `next_id` 0: right after the last record.
  static Status rebuild(std::vector<OutboxRecord> records, std::uint64_t next_id,
                                           std::uint64_t evicted, std::uint64_t expired, Outbox& out);

 private:
  [[nodiscard]] bool held(const OutboxRecord& r, TimePoint now) const;
  void schedule(std::uint64_t seq, OutboxRecord& r, TimePoint at);
  void unschedule(std::uint64_t seq, OutboxRecord& r);
  [[nodiscard]] std::optional<std::uint64_t> seq_of(std::string_view id) const;
  void record_attempt(std::uint64_t seq, OutboxRecord& r, DeliveryAttempt attempt, const std::vector<Millis>& retry_intervals);

  std::map<std::uint64_t, OutboxRecord> records_;        // by sequence number = creation order
  std::set<std::pair<TimePoint, std::uint64_t>> due_;    // pending records by due time
  std::vector<std::uint64_t> awaiting_successor_;        // REORDER records without a successor yet
  std::set<std::uint64_t> finished_;                     // delivered / given up / dropped, oldest first
  std::uint64_t next_id_ = 1;
  std::uint64_t evicted_ = 0;
  std::uint64_t expired_ = 0;
  std::string id_prefix_ = "ntf_";
};

}  // namespace antom::state
