// Retention of payments (--retention-days): finished payments go with their refunds, ids and
// idempotency keys once no window is open and N days have passed; everything else stays, and what
// stays is still found by every index.
#include <doctest/doctest.h>

#include "state/payment_flow.hpp"
#include "state/refund_flow.hpp"
#include "state/retention.hpp"
#include "state/tick.hpp"
#include "tests/state/state_test_bed.hpp"

using namespace antom::state;
using namespace antom::state::test;
using namespace std::chrono_literals;

namespace {

struct Bed {
  MerchantState m;
  WalletTable wallets;
  Bed() { add_token(m, "tok", "GCASH", "buyer", std::chrono::days(3650)); }
  std::string pay_at(const std::string& request_id, TimePoint now) {
    PayRequest r;
    r.payment_request_id = request_id;
    r.wallet = "GCASH";
    r.access_token = "tok";
    r.amount = Money{10000, "PHP"};
    const auto out = pay(m, r, wallets, {}, now);
    REQUIRE(out.result.code == ResultCode::SUCCESS);
    return out.payment->payment_id;
  }
  RefundOutcome refund_at(const std::string& payment_id, const std::string& request_id, TimePoint now,
                          const Directive& d = {}) {
    RefundRequest r;
    r.refund_request_id = request_id;
    r.payment_id = payment_id;
    r.amount = Money{1000, "PHP"};
    return refund_payment(m, r, wallets, d, now);
  }
  // The merchant acknowledged every notification.
  void deliver_all() {
    std::vector<std::string> ids;
    m.outbox.for_each([&](const OutboxRecord& r) { ids.push_back(r.id); });
    for (const auto& id : ids) m.outbox.find(id)->state = DeliveryState::Delivered;
  }
  // The end of GCash's refund window for a payment finished at `t`.
  Millis refund_window() const { return std::chrono::days(wallets.find("GCASH")->refund_window_days); }
};

}  // namespace

TEST_CASE("a successful payment is kept through its refund window, then dropped with its keys") {
  Bed b;
  const auto id = b.pay_at("p1", kT0);
  b.deliver_all();
  const TimePoint window_end = kT0 + b.refund_window();
  CHECK(expire_finished_before(b.m, b.wallets, window_end).payments == 0);  // a refund is still accepted at the end
  CHECK(b.m.payments.payment(id) != nullptr);
  const auto dropped = expire_finished_before(b.m, b.wallets, window_end + kRetentionScanStep);
  CHECK(dropped.payments == 1);
  CHECK(b.m.payments.payment(id) == nullptr);
  CHECK(b.m.payments.payment_by_request("p1") == nullptr);
  CHECK(b.m.payments.expired().payments == 1);
  // What Antom answers for an unknown id; a repeat of the request id is a new payment.
  CHECK(inquire_payment(b.m, id, "", window_end).result.code == ResultCode::ORDER_NOT_EXIST);
  const auto again = b.pay_at("p1", window_end + std::chrono::days(2));
  CHECK(again != id);
}

TEST_CASE("what stays is found by every index: payments, refunds, pending lists") {
  Bed b;
  const auto old_id = b.pay_at("old", kT0);
  REQUIRE(b.refund_at(old_id, "old-r", kT0 + 1h).result.code == ResultCode::SUCCESS);
  const TimePoint later = kT0 + b.refund_window() + std::chrono::days(10);
  const auto new_id = b.pay_at("new", later);
  REQUIRE(b.refund_at(new_id, "new-r", later + 1h).result.code == ResultCode::SUCCESS);
  Directive held;
  held.processing = true;
  held.settle_after = 5s;
  REQUIRE(b.refund_at(new_id, "new-held", later + 2h, held).result.code == ResultCode::REFUND_IN_PROCESS);
  b.deliver_all();

  const auto dropped = expire_finished_before(b.m, b.wallets, later);
  CHECK(dropped.payments == 1);
  CHECK(dropped.refunds == 1);
  CHECK(b.m.payments.payment(old_id) == nullptr);
  CHECK(b.m.payments.refund_by_request("old-r") == nullptr);
  const Payment* kept = b.m.payments.payment_by_request("new");
  REQUIRE(kept != nullptr);
  CHECK(kept->payment_id == new_id);
  REQUIRE(kept->refunds.size() == 2);
  for (auto i : kept->refunds) CHECK(b.m.payments.refunds()[i].payment_id == new_id);
  REQUIRE(b.m.payments.refund_by_request("new-r") != nullptr);
  CHECK(b.m.payments.refund_by_request("new-r")->payment_id == new_id);
  REQUIRE(b.m.payments.pending_refunds.size() == 1);
  CHECK(b.m.payments.refunds()[b.m.payments.pending_refunds[0]].refund_request_id == "new-held");
  tick(b.m, later + 2h + 5s);  // the held refund settles through its remapped position
  CHECK(b.m.payments.refund_by_request("new-held")->status == RefundStatus::Success);
  CHECK(b.refund_at(new_id, "new-r2", later + 3h).result.code == ResultCode::SUCCESS);  // the refundable sum is right
}

TEST_CASE("a pending notification, a PROCESSING refund or an open window keeps a payment") {
  const TimePoint far = kT0 + std::chrono::days(3650);
  SUBCASE("its notification is not delivered yet") {
    Bed b;
    (void)b.pay_at("p", kT0);
    CHECK(expire_finished_before(b.m, b.wallets, far).payments == 0);
    b.deliver_all();
    CHECK(expire_finished_before(b.m, b.wallets, far + kRetentionScanStep).payments == 1);
  }
  SUBCASE("a refund waits for its result") {
    Bed b;
    const auto id = b.pay_at("p", kT0);
    Directive held;
    held.processing = true;
    held.settle_after = std::chrono::days(5000);
    REQUIRE(b.refund_at(id, "r", kT0 + 1h, held).result.code == ResultCode::REFUND_IN_PROCESS);
    b.deliver_all();
    CHECK(expire_finished_before(b.m, b.wallets, far).payments == 0);
  }
  SUBCASE("a refund made late in the window moves the settled time") {
    Bed b;
    const auto id = b.pay_at("p", kT0);
    const TimePoint late = kT0 + b.refund_window() - std::chrono::days(1);
    REQUIRE(b.refund_at(id, "r", late).result.code == ResultCode::SUCCESS);
    b.deliver_all();
    CHECK(expire_finished_before(b.m, b.wallets, kT0 + b.refund_window() + 1s).payments == 1);  // the window's end
    Bed c;
    const auto id2 = c.pay_at("p", kT0);
    REQUIRE(c.refund_at(id2, "r", late).result.code == ResultCode::SUCCESS);
    c.deliver_all();
    CHECK(expire_finished_before(c.m, c.wallets, late).payments == 0);
  }
}

TEST_CASE("the book is scanned again only once the cutoff has moved an hour") {
  Bed b;
  const auto id = b.pay_at("p", kT0);
  const TimePoint past = kT0 + b.refund_window() + 1s;
  CHECK(expire_finished_before(b.m, b.wallets, past).payments == 0);  // not delivered yet
  b.deliver_all();
  CHECK(expire_finished_before(b.m, b.wallets, past + 30min).payments == 0);  // not scanned
  CHECK(b.m.payments.payment(id) != nullptr);
  CHECK(expire_finished_before(b.m, b.wallets, past + 1h).payments == 1);
}

TEST_CASE("a refund the bank returns later keeps its payment until the reversal happened") {
  Bed b;
  const auto id = b.pay_at("p1", kT0);
  Directive reversed;
  reversed.reverse_after = std::chrono::days(400);  // past the refund window
  REQUIRE(b.refund_at(id, "r1", kT0 + 1h, reversed).result.code == ResultCode::SUCCESS);
  b.deliver_all();
  const TimePoint late = kT0 + b.refund_window() + std::chrono::days(30);
  CHECK(expire_finished_before(b.m, b.wallets, late).payments == 0);
  tick(b.m, kT0 + 1h + std::chrono::days(400));  // the reversal happens
  REQUIRE(b.m.payments.refund_by_request("r1")->reversed_at.has_value());
  CHECK(b.m.payments.refund_by_request("r1")->status == RefundStatus::Success);
  CHECK(expire_finished_before(b.m, b.wallets, kT0 + 1h + std::chrono::days(400) + kRetentionScanStep).payments == 1);
}
