#include "state/outbox.hpp"

#include <algorithm>
#include <charconv>

#include "state/digits.hpp"

namespace antom::state {
namespace {

bool finished(DeliveryState s) {
  return s == DeliveryState::Delivered || s == DeliveryState::GivenUp || s == DeliveryState::Dropped;
}

void set_string(Fields& fields, FieldName name, std::string value) {
  for (auto& f : fields)
    if (f.name == name.text) {
      f.value.value = std::move(value);
      return;
    }
  put(fields, name, std::move(value));
}

// CHANGE_STATUS_ON_DUPLICATE: the copy reports the opposite final outcome (FAIL after SUCCESS).
void flip_result_status(Fields& payload) {
  for (auto& f : payload) {
    if (f.name == "result") {
      auto* result = std::get_if<Fields>(&f.value.value);
      if (result == nullptr) continue;
      const FieldValue* status = find(*result, "resultStatus");
      const auto* text = status ? std::get_if<std::string>(&status->value) : nullptr;
      const bool was_success = text == nullptr || *text == "S";
      set_string(*result, "resultCode", was_success ? "PROCESS_FAIL" : "SUCCESS");
      set_string(*result, "resultStatus", was_success ? "F" : "S");
      set_string(*result, "resultMessage", was_success ? "General business failure. No retry." : "success");
    } else if (f.name == "refundStatus" || f.name == "paymentStatus") {
      auto* text = std::get_if<std::string>(&f.value.value);
      if (text) *text = (*text == "SUCCESS") ? "FAIL" : "SUCCESS";
    }
  }
}

}  // namespace

std::string_view to_string(NotifyKind kind) {
  switch (kind) {
    case NotifyKind::Authorization: return "AUTHORIZATION";
    case NotifyKind::Payment: return "PAYMENT";
    case NotifyKind::Refund: return "REFUND";
  }
  return "PAYMENT";
}

std::string_view to_string(DeliveryState state) {
  switch (state) {
    case DeliveryState::Pending: return "PENDING";
    case DeliveryState::InFlight: return "IN_FLIGHT";
    case DeliveryState::Delivered: return "DELIVERED";
    case DeliveryState::GivenUp: return "GIVEN_UP";
    case DeliveryState::Dropped: return "DROPPED";
  }
  return "PENDING";
}

std::optional<DeliveryState> parse_delivery_state(std::string_view text) {
  for (auto s : {DeliveryState::Pending, DeliveryState::InFlight, DeliveryState::Delivered, DeliveryState::GivenUp,
                 DeliveryState::Dropped})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

std::optional<std::uint64_t> Outbox::seq_of(std::string_view id) const {
  if (id.size() <= id_prefix_.size() || id.compare(0, id_prefix_.size(), id_prefix_) != 0) return std::nullopt;
  std::uint64_t v = 0;
  const char* first = id.data() + id_prefix_.size();
  auto [ptr, ec] = std::from_chars(first, id.data() + id.size(), v);
  if (ec != std::errc{} || ptr != id.data() + id.size()) return std::nullopt;
  return v;
}

void Outbox::schedule(std::uint64_t seq, OutboxRecord& r, TimePoint at) {
  r.next_attempt_at = at;
  r.state = DeliveryState::Pending;
  due_.emplace(at, seq);
}

void Outbox::unschedule(std::uint64_t seq, OutboxRecord& r) { due_.erase({r.next_attempt_at, seq}); }

std::string Outbox::enqueue(OutboxRecord record, TimePoint now) {
  auto id_of = [this](std::uint64_t n) {
    std::string id = id_prefix_;
    append_zero_padded(id, n, 6);
    return id;
  };
  const std::uint64_t seq = next_id_++;
  record.id = id_of(seq);
  record.created_at = now;
  record.attempts.clear();
  record.round_start = 0;

  // A REORDER record waiting for a successor now has one: it goes after this record.
  for (std::uint64_t waiting : awaiting_successor_)
    if (auto it = records_.find(waiting); it != records_.end() && it->second.awaiting_successor) {
      it->second.awaiting_successor = false;
      it->second.after_id = record.id;
    }
  awaiting_successor_.clear();

  TimePoint due = record.next_attempt_at == TimePoint{} ? now : record.next_attempt_at;
  if (record.faults.delay) due = now + *record.faults.delay;
  record.awaiting_successor = record.faults.reorder;

  if (record.faults.drop) {
    record.state = DeliveryState::Dropped;
    record.awaiting_successor = false;
    record.next_attempt_at = TimePoint{};
    record.note = "dropped by scenario fault DROP: never sent";
    finished_.insert(seq);
    records_.emplace(seq, std::move(record));
    return records_.at(seq).id;
  }

  const bool change_status = record.faults.change_status_on_duplicate;
  const int copies = std::clamp(record.faults.duplicates, change_status ? 1 : 0, kMaxDuplicates);

  const std::string id = record.id;
  OutboxRecord copy_template;
  if (copies > 0) {
    copy_template = record;
    copy_template.faults.duplicates = 0;
    copy_template.faults.change_status_on_duplicate = false;
    copy_template.faults.reorder = false;
    copy_template.faults.delay.reset();
    copy_template.awaiting_successor = false;
    if (change_status) {
      Fields flipped = copy_template.payload.fields();
      flip_result_status(flipped);
      copy_template.payload = std::move(flipped);
    }
  }
  if (record.awaiting_successor) awaiting_successor_.push_back(seq);
  auto& stored = records_.emplace(seq, std::move(record)).first->second;
  schedule(seq, stored, due);

  std::string previous = id;
  for (int i = 0; i < copies; ++i) {
    const std::uint64_t cseq = next_id_++;
    OutboxRecord c = copy_template;
    c.id = id_of(cseq);
    c.duplicate_of = id;
    c.after_id = previous;  // copies follow the original, one after another
    previous = c.id;
    auto& sc = records_.emplace(cseq, std::move(c)).first->second;
    schedule(cseq, sc, due);
  }
  return id;
}

OutboxRecord* Outbox::find(std::string_view id) {
  auto seq = seq_of(id);
  if (!seq) return nullptr;
  auto it = records_.find(*seq);
  return it == records_.end() ? nullptr : &it->second;
}

const OutboxRecord* Outbox::find(std::string_view id) const {
  auto seq = seq_of(id);
  if (!seq) return nullptr;
  auto it = records_.find(*seq);
  return it == records_.end() ? nullptr : &it->second;
}

void Outbox::for_each(const std::function<void(const OutboxRecord&)>& fn) const {
  for (const auto& [seq, r] : records_) fn(r);
}

std::size_t Outbox::undelivered() const {
  std::size_t n = 0;
  for (const auto& [seq, r] : records_)
    if (!finished(r.state)) ++n;
  return n;
}

std::optional<TimePoint> Outbox::oldest_undelivered() const {
  for (const auto& [seq, r] : records_)  // creation order: stops at the first one pending
    if (!finished(r.state)) return r.created_at;
  return std::nullopt;
}

std::optional<TimePoint> Outbox::next_due() const {
  if (due_.empty()) return std::nullopt;
  return due_.begin()->first;
}

bool Outbox::held(const OutboxRecord& r, TimePoint now) const {
  if (r.awaiting_successor) return now < r.created_at + kReorderMaxHold;
  if (r.after_id.empty()) return false;
  const OutboxRecord* before = find(r.after_id);
  return before != nullptr && before->attempts.empty() && !finished(before->state);
}

std::vector<DueAttempt> Outbox::take_due(TimePoint now, std::size_t limit, const std::string& request_time,
                                         Unsendable* unsendable) {
  std::vector<DueAttempt> out;
  std::vector<std::uint64_t> unsent;  // journaled after the walk: a 0 s resend must not come round again
  for (auto it = due_.begin(); it != due_.end() && out.size() + unsent.size() < limit && it->first <= now;) {
    auto rec = records_.find(it->second);
    if (rec == records_.end()) {
      it = due_.erase(it);
      continue;
    }
    OutboxRecord& r = rec->second;
    if (held(r, now)) {
      ++it;
      continue;
    }
    r.awaiting_successor = false;
    if (r.request_time.empty()) r.request_time = request_time;
    if (unsendable != nullptr && r.url.empty()) {
      unsent.push_back(it->second);
      ++it;
      continue;
    }
    r.state = DeliveryState::InFlight;
    out.push_back(DueAttempt{r.id, r.kind, r.notify_type, r.url, r.payload, r.request_time, r.signature, r.faults,
                             static_cast<int>(r.attempts.size()) + 1, r.next_attempt_at});
    it = due_.erase(it);
  }
  for (std::uint64_t seq : unsent) {
    OutboxRecord& r = records_.find(seq)->second;
    unschedule(seq, r);
    DeliveryAttempt a;
    a.scheduled_at = r.next_attempt_at;
    a.sent_at = now;
    a.error = unsendable->error;
    record_attempt(seq, r, std::move(a), unsendable->retry_intervals);
  }
  if (unsendable != nullptr) unsendable->journaled += unsent.size();
  return out;
}

void Outbox::finish_attempt(std::string_view id, DeliveryAttempt attempt, const std::vector<Millis>& retry_intervals,
                            const std::string& signature) {
  auto seq = seq_of(id);
  if (!seq) return;
  auto rec = records_.find(*seq);
  if (rec == records_.end()) return;
  OutboxRecord& r = rec->second;
  if (r.state != DeliveryState::InFlight) return;  // reset or redelivered meanwhile
  if (r.signature.empty()) r.signature = signature;
  record_attempt(*seq, r, std::move(attempt), retry_intervals);
}

void Outbox::record_attempt(std::uint64_t seq, OutboxRecord& r, DeliveryAttempt attempt,
                            const std::vector<Millis>& retry_intervals) {
  attempt.number = static_cast<int>(r.attempts.size()) + 1;
  for (const auto& earlier : r.attempts)
    if (earlier.same_headers_as == 0 && earlier.request_headers == attempt.request_headers) {
      attempt.same_headers_as = earlier.number;
      attempt.request_headers.clear();
      attempt.request_headers.shrink_to_fit();
      break;
    }
  const std::size_t index_in_round = r.attempts.size() - r.round_start;
  if (attempt.acknowledged) {
    finished_.insert(seq);
    r.state = DeliveryState::Delivered;
    r.next_attempt_at = TimePoint{};
    attempt.next_attempt_at = TimePoint{};
  } else if (index_in_round < retry_intervals.size()) {
    attempt.next_attempt_at = attempt.scheduled_at + retry_intervals[index_in_round];
    schedule(seq, r, attempt.next_attempt_at);
  } else {
    finished_.insert(seq);
    r.state = DeliveryState::GivenUp;
    r.next_attempt_at = TimePoint{};
    attempt.next_attempt_at = TimePoint{};
    r.note = "given up after " + std::to_string(index_in_round + 1) + " attempt(s) without acknowledgement";
  }
  r.attempts.push_back(std::move(attempt));
}

bool Outbox::redeliver(std::string_view id, TimePoint now) {
  auto seq = seq_of(id);
  if (!seq) return false;
  auto rec = records_.find(*seq);
  if (rec == records_.end() || rec->second.state == DeliveryState::InFlight) return false;
  OutboxRecord& r = rec->second;
  if (r.state == DeliveryState::Pending) unschedule(*seq, r);
  finished_.erase(*seq);
  r.round_start = r.attempts.size();
  r.awaiting_successor = false;
  r.after_id.clear();
  r.note = "redelivery requested";
  schedule(*seq, r, now);
  return true;
}

void Outbox::evict_finished_beyond(std::size_t cap) {
  while (records_.size() > cap && !finished_.empty()) {
    records_.erase(*finished_.begin());
    finished_.erase(finished_.begin());
    ++evicted_;
  }
}

std::size_t Outbox::expire_finished_before(TimePoint cutoff) {
  std::size_t dropped = 0;
  while (!finished_.empty()) {
    const auto it = records_.find(*finished_.begin());
    if (it != records_.end() && it->second.created_at >= cutoff) break;
    if (it != records_.end()) records_.erase(it);
    finished_.erase(finished_.begin());
    ++dropped;
  }
  expired_ += dropped;
  return dropped;
}

void Outbox::requeue_in_flight() {
  for (auto& [seq, r] : records_)
    if (r.state == DeliveryState::InFlight) schedule(seq, r, r.next_attempt_at);
}

Status Outbox::rebuild(std::vector<OutboxRecord> records, std::uint64_t next_id, std::uint64_t evicted,
                       std::uint64_t expired, Outbox& out) {
  Outbox box;
  box.next_id_ = std::max<std::uint64_t>(next_id, 1);
  box.evicted_ = evicted;
  box.expired_ = expired;
  std::uint64_t previous = 0;
  for (auto& r : records) {
    const auto seq = box.seq_of(r.id);
    if (!seq) return Status::refused("notification id \"" + r.id + "\" is not " + box.id_prefix_ + "<number>");
    if (*seq <= previous) return Status::refused("notification ids are not in ascending order at \"" + r.id + "\"");
    if (next_id != 0 && *seq >= next_id) return Status::refused("notification id \"" + r.id + "\" is not below nextSequence");
    previous = *seq;
    box.next_id_ = std::max(box.next_id_, *seq + 1);
    auto& stored = box.records_.emplace(*seq, std::move(r)).first->second;
    if (finished(stored.state)) {
      box.finished_.insert(*seq);
      continue;
    }
    if (stored.awaiting_successor) box.awaiting_successor_.push_back(*seq);
    box.schedule(*seq, stored, stored.next_attempt_at);
  }
  out = std::move(box);
  return {};
}

}  // namespace antom::state
