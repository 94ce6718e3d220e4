#include <doctest/doctest.h>

#include "state/outbox.hpp"

using namespace antom::state;
using namespace std::chrono_literals;

namespace {

const TimePoint t0 = from_epoch_ms(1'772'330'400'000);  // 2026-03-01T10:00:00+08:00

OutboxRecord payment_record(NotifyFaults faults = {}) {
  OutboxRecord r;
  r.kind = NotifyKind::Payment;
  r.notify_type = "PAYMENT_RESULT";
  r.subject_id = "pay_1";
  Fields result;
  put(result, "resultCode", "SUCCESS");
  put(result, "resultStatus", "S");
  put(result, "resultMessage", "success");
  Fields payload;
  put(payload, "notifyType", "PAYMENT_RESULT");
  put(payload, "result", result);
  r.payload = std::move(payload);
  r.faults = std::move(faults);
  return r;
}

DeliveryAttempt failed_at(TimePoint scheduled) {
  DeliveryAttempt a;
  a.scheduled_at = scheduled;
  a.sent_at = scheduled;
  a.http_status = 500;
  a.error = "HTTP 500";
  return a;
}

const std::vector<Millis> kProduction = {0s, 2min, 10min, 10min, 1h, 2h, 6h, 15h};

std::string status_of(const OutboxRecord& r) {
  const auto* result = std::get_if<Fields>(&find(r.payload, "result")->value);
  return std::get<std::string>(find(*result, "resultStatus")->value);
}

}  // namespace

TEST_CASE("a failing notification follows the retry intervals on the virtual clock, then is given up") {
  Outbox box;
  const auto id = box.enqueue(payment_record(), t0);
  std::vector<TimePoint> sent;
  TimePoint now = t0 + 48h;  // the clock jumped: every attempt is due at once, in order
  for (int i = 0; i < 20; ++i) {
    auto due = box.take_due(now, 10, "2026-03-01T10:00:00+08:00");
    if (due.empty()) break;
    REQUIRE(due.size() == 1);
    CHECK(due[0].number == static_cast<int>(sent.size()) + 1);
    sent.push_back(due[0].scheduled_at);
    box.finish_attempt(id, failed_at(due[0].scheduled_at), kProduction, "sig");
  }
  REQUIRE(sent.size() == 9);  // the first delivery plus 8 retries
  const std::vector<Millis> offsets = {0s, 0s, 2min, 12min, 22min, 82min, 202min, 562min, 1462min};
  for (std::size_t i = 0; i < sent.size(); ++i) CHECK(sent[i] - t0 == offsets[i]);
  const auto* r = box.find(id);
  REQUIRE(r);
  CHECK(r->state == DeliveryState::GivenUp);
  CHECK(r->attempts.size() == 9);
  CHECK(r->attempts[1].next_attempt_at == t0 + 2min);
  CHECK(r->attempts.back().next_attempt_at == TimePoint{});
  CHECK(r->signature == "sig");
  CHECK(box.undelivered() == 0);
}

TEST_CASE("nothing is taken before it is due, and an acknowledgement ends the schedule") {
  Outbox box;
  const auto id = box.enqueue(payment_record(), t0);
  auto due = box.take_due(t0, 10, "rt");
  REQUIRE(due.size() == 1);
  CHECK(box.take_due(t0, 10, "rt").empty());  // in flight: not taken twice
  box.finish_attempt(id, failed_at(t0), kProduction, "sig");
  due = box.take_due(t0 + 1s, 10, "other");  // retry 1 after 0 s
  REQUIRE(due.size() == 1);
  CHECK(due[0].request_time == "rt");  // fixed at the first attempt
  CHECK(due[0].signature == "sig");
  auto ok = failed_at(due[0].scheduled_at);
  ok.acknowledged = true;
  ok.http_status = 200;
  box.finish_attempt(id, ok, kProduction, "sig");
  CHECK(box.find(id)->state == DeliveryState::Delivered);
  CHECK(box.take_due(t0 + 48h, 10, "rt").empty());
  CHECK_FALSE(box.next_due());
}

TEST_CASE("sandbox schedule: one attempt, no resend") {
  Outbox box;
  const auto id = box.enqueue(payment_record(), t0);
  REQUIRE(box.take_due(t0, 10, "rt").size() == 1);
  box.finish_attempt(id, failed_at(t0), {}, "sig");
  CHECK(box.find(id)->state == DeliveryState::GivenUp);
  CHECK(box.take_due(t0 + 48h, 10, "rt").empty());
}

TEST_CASE("redelivery starts a new round of the schedule") {
  Outbox box;
  const auto id = box.enqueue(payment_record(), t0);
  REQUIRE(box.take_due(t0, 10, "rt").size() == 1);
  box.finish_attempt(id, failed_at(t0), {}, "sig");
  CHECK_FALSE(box.redeliver("ntf_999999", t0));
  CHECK_FALSE(box.redeliver("garbage", t0));
  REQUIRE(box.redeliver(id, t0 + 1h));
  CHECK(box.take_due(t0, 10, "rt").empty());
  auto due = box.take_due(t0 + 1h, 10, "rt");
  REQUIRE(due.size() == 1);
  CHECK(due[0].number == 2);
  CHECK_FALSE(box.redeliver(id, t0 + 1h));  // in flight
  box.finish_attempt(id, failed_at(t0 + 1h), {1min}, "sig");
  CHECK(box.find(id)->state == DeliveryState::Pending);
  CHECK(box.next_due() == t0 + 1h + 1min);
}

TEST_CASE("DROP is journaled and never taken; DELAY moves the first attempt on the virtual clock") {
  Outbox box;
  const auto dropped = box.enqueue(payment_record({.drop = true}), t0);
  const auto delayed = box.enqueue(payment_record({.delay = 5000ms}), t0);
  CHECK(box.find(dropped)->state == DeliveryState::Dropped);
  CHECK_FALSE(box.find(dropped)->note.empty());
  CHECK(box.take_due(t0 + 4999ms, 10, "rt").empty());
  auto due = box.take_due(t0 + 5s, 10, "rt");
  REQUIRE(due.size() == 1);
  CHECK(due[0].record_id == delayed);
}

TEST_CASE("DUPLICATE copies follow the original; CHANGE_STATUS_ON_DUPLICATE flips the copy's result") {
  Outbox box;
  const auto id = box.enqueue(payment_record({.duplicates = 2, .change_status_on_duplicate = true}), t0);
  CHECK(box.size() == 3);
  auto due = box.take_due(t0, 10, "rt");
  REQUIRE(due.size() == 1);  // the copies wait for the original's first attempt
  CHECK(due[0].record_id == id);
  box.finish_attempt(id, failed_at(t0), {}, "sig");
  due = box.take_due(t0, 10, "rt");
  REQUIRE(due.size() == 1);
  const auto* copy = box.find(due[0].record_id);
  REQUIRE(copy);
  CHECK(copy->duplicate_of == id);
  CHECK(status_of(*copy) == "F");
  CHECK(status_of(*box.find(id)) == "S");
  CHECK(copy->faults.duplicates == 0);
  CHECK_FALSE(copy->faults.change_status_on_duplicate);
}

TEST_CASE("REORDER holds a notification until the next one of the merchant has been sent") {
  Outbox box;
  const auto first = box.enqueue(payment_record({.reorder = true}), t0);
  CHECK(box.take_due(t0, 10, "rt").empty());
  const auto second = box.enqueue(payment_record(), t0);
  auto due = box.take_due(t0, 10, "rt");
  REQUIRE(due.size() == 1);
  CHECK(due[0].record_id == second);
  box.finish_attempt(second, failed_at(t0), {}, "sig");
  due = box.take_due(t0, 10, "rt");
  REQUIRE(due.size() == 1);
  CHECK(due[0].record_id == first);

  // Without a successor it is released after the maximum hold.
  Outbox lonely;
  (void)lonely.enqueue(payment_record({.reorder = true}), t0);
  CHECK(lonely.take_due(t0 + kReorderMaxHold - 1ms, 10, "rt").empty());
  CHECK(lonely.take_due(t0 + kReorderMaxHold, 10, "rt").size() == 1);
}

TEST_CASE("eviction drops only the oldest finished records and counts them") {
  Outbox box;
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(box.enqueue(payment_record(), t0));
  auto due = box.take_due(t0, 3, "rt");  // limit respected
  REQUIRE(due.size() == 3);
  for (auto& d : due) box.finish_attempt(d.record_id, failed_at(t0), {}, "sig");
  box.evict_finished_beyond(3);
  CHECK(box.size() == 3);
  CHECK(box.evicted() == 2);
  CHECK(box.find(ids[0]) == nullptr);
  CHECK(box.find(ids[2]) != nullptr);
  box.evict_finished_beyond(0);
  CHECK(box.size() == 2);  // the two pending ones stay
  CHECK(box.undelivered() == 2);
}

TEST_CASE("fault names parse into the typed value and back; malformed ones are refused and change nothing") {
  NotifyFaults f;
  for (auto name : {"DROP", "DELAY:250", "DUPLICATE:3", "CHANGE_STATUS_ON_DUPLICATE", "REORDER", "BEFORE_RESPONSE",
                    "BAD_SIGNATURE", "UNKNOWN_KEY_VERSION"})
    CHECK_MESSAGE(add_notify_fault(f, name), name);
  CHECK(f.delay == 250ms);
  CHECK(f.duplicates == 3);
  CHECK(fault_names(f) == std::vector<std::string>{"DROP", "DELAY:250", "DUPLICATE:3", "CHANGE_STATUS_ON_DUPLICATE",
                                                   "REORDER", "BEFORE_RESPONSE", "BAD_SIGNATURE", "UNKNOWN_KEY_VERSION"});
  NotifyFaults plain;
  CHECK(add_notify_fault(plain, "DUPLICATE"));
  CHECK(plain.duplicates == 1);
  CHECK(fault_names(plain) == std::vector<std::string>{"DUPLICATE"});
  const NotifyFaults before = plain;
  for (auto bad : {"DELAY:abc", "DELAY:-5", "DELAY:0", "DELAY:", "DELAY", "DELAYED:5", "DUPLICATES", "DUPLICATE:101",
                   "DUPLICATE:0", "drop", "", "DELAY:99999999999999999999", "DELAY:604800001"})
    CHECK_MESSAGE(!add_notify_fault(plain, bad), bad);
  CHECK(plain == before);
  CHECK_FALSE(NotifyFaults{}.any());
  CHECK(plain.any());
}

TEST_CASE("retention drops finished records older than the cutoff, never pending ones, and counts them") {
  Outbox box;
  std::vector<std::string> ids;
  for (int i = 0; i < 4; ++i) ids.push_back(box.enqueue(payment_record(), t0 + std::chrono::hours(24 * i)));
  auto due = box.take_due(t0 + 100h, 3, "rt");  // the first three finish; the fourth stays pending
  REQUIRE(due.size() == 3);
  for (auto& d : due) box.finish_attempt(d.record_id, failed_at(t0 + 100h), {}, "sig");
  CHECK(box.expire_finished_before(t0) == 0);
  CHECK(box.expire_finished_before(t0 + 24h + 1ms) == 2);  // created at t0 and t0+24h
  CHECK(box.find(ids[0]) == nullptr);
  CHECK(box.find(ids[1]) == nullptr);
  CHECK(box.find(ids[2]) != nullptr);
  CHECK(box.expired() == 2);
  CHECK(box.expire_finished_before(t0 + 1000h) == 1);  // the pending one stays whatever its age
  CHECK(box.size() == 1);
  CHECK(box.undelivered() == 1);
  CHECK(box.expired() == 3);
  CHECK(box.evicted() == 0);
}

TEST_CASE("identical request headers of resends are stored once and point to the first attempt") {
  Outbox box;
  const auto id = box.enqueue(payment_record(), t0);
  for (int i = 0; i < 3; ++i) {
    auto due = box.take_due(t0 + 48h, 10, "rt");
    REQUIRE(due.size() == 1);
    auto a = failed_at(due[0].scheduled_at);
    a.request_headers = {{"client-id", "X"}, {"signature", i == 2 ? "other" : "same"}};
    box.finish_attempt(id, a, kProduction, "sig");
  }
  const auto& attempts = box.find(id)->attempts;
  CHECK(attempts[0].request_headers.size() == 2);
  CHECK(attempts[1].request_headers.empty());
  CHECK(attempts[1].same_headers_as == 1);
  CHECK(attempts[2].same_headers_as == 0);
  CHECK(attempts[2].request_headers.size() == 2);
}

// Journals attempts for records that cannot be sent; returns how many, and fails the test if
// anything was copied out to send.
std::size_t journal_unsendable(Outbox& box, TimePoint now, std::size_t limit, const std::string& request_time,
                               std::string_view why, const std::vector<Millis>& intervals) {
  Unsendable unsendable{why, intervals};
  CHECK(box.take_due(now, limit, request_time, &unsendable).empty());
  return unsendable.journaled;
}

TEST_CASE("unsendable records (no URL anywhere) get failed attempts in place, on the same schedule") {
  Outbox box;
  const auto lost = box.enqueue(payment_record(), t0);
  OutboxRecord with_url = payment_record();
  with_url.url = "https://merchant.example/notify";
  const auto sendable = box.enqueue(with_url, t0);
  const std::string why = "no notification URL";

  TimePoint now = t0 + 48h;  // every attempt due at once: one per call, as for sent ones
  Unsendable unsendable{why, kProduction};
  auto due = box.take_due(now, 10, "rt-first", &unsendable);
  CHECK(unsendable.journaled == 1);
  REQUIRE(due.size() == 1);  // the record with a URL is copied out for the sender
  CHECK(due[0].record_id == sendable);
  CHECK(box.find(sendable)->state == DeliveryState::InFlight);
  std::size_t calls = 1;
  while (journal_unsendable(box, now, 10, "rt-later", why, kProduction) == 1) ++calls;
  CHECK(calls == 9);
  const auto* r = box.find(lost);
  REQUIRE(r);
  CHECK(r->state == DeliveryState::GivenUp);
  REQUIRE(r->attempts.size() == 9);
  const std::vector<Millis> offsets = {0s, 0s, 2min, 12min, 22min, 82min, 202min, 562min, 1462min};
  for (std::size_t i = 0; i < 9; ++i) {
    CHECK(r->attempts[i].number == static_cast<int>(i) + 1);
    CHECK(r->attempts[i].scheduled_at - t0 == offsets[i]);
    CHECK(r->attempts[i].sent_at == now);
    CHECK(r->attempts[i].error == why);
    CHECK_FALSE(r->attempts[i].acknowledged);
  }
  CHECK(r->request_time == "rt-first");
  CHECK(r->note.find("given up after 9") != std::string::npos);
  CHECK(box.find(sendable)->attempts.empty());
}

TEST_CASE("unsendable records: a resend due at once waits for the next call; the limit and holds are kept") {
  Outbox box;
  const auto a = box.enqueue(payment_record(), t0);
  const auto b = box.enqueue(payment_record(), t0);
  CHECK(journal_unsendable(box, t0, 1, "rt", "why", kProduction) == 1);  // limit: the oldest only
  CHECK(box.find(a)->attempts.size() == 1);
  CHECK(box.find(b)->attempts.empty());
  CHECK(box.find(a)->state == DeliveryState::Pending);
  CHECK(box.find(a)->next_attempt_at == t0);  // production's first gap is 0 s
  CHECK(journal_unsendable(box, t0, 10, "rt", "why", kProduction) == 2);
  CHECK(box.find(a)->attempts.size() == 2);
  CHECK(box.find(a)->next_attempt_at == t0 + 2min);
  CHECK(journal_unsendable(box, t0 + 1min, 10, "rt", "why", kProduction) == 1);  // b's 0 s resend only
  CHECK(journal_unsendable(box, t0 + 1min, 10, "rt", "why", kProduction) == 0);
  CHECK(box.take_due(t0 + 1min, 10, "rt").empty());  // nothing due, with or without the policy

  // Without the policy the same records are copied out to be sent.
  CHECK(box.take_due(t0 + 2min, 10, "rt").size() == 2);

  // A DUPLICATE copy is held until its original had an attempt.
  Outbox dup;
  const auto original = dup.enqueue(payment_record({.duplicates = 1}), t0);
  CHECK(journal_unsendable(dup, t0, 10, "rt", "why", {}) == 1);
  CHECK(dup.find(original)->attempts.size() == 1);
  CHECK(dup.find(original)->state == DeliveryState::GivenUp);  // sandbox schedule: no resend
  CHECK(journal_unsendable(dup, t0, 10, "rt", "why", {}) == 1);  // now the copy
  CHECK(dup.undelivered() == 0);
}
