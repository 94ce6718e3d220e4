// refund and inquiryRefund in state: the refundable balance (with held PROCESSING refunds), the
// buyer's money, idempotency and notifyRefund records.
#include <doctest/doctest.h>

#include "state/payment_fields.hpp"
#include "state/payment_flow.hpp"
#include "state/refund_flow.hpp"
#include "state/tick.hpp"
#include "tests/state/state_test_bed.hpp"

using namespace antom::state;
using namespace antom::state::test;
using namespace std::chrono_literals;

namespace {

struct Bed {
  MerchantState m;
  WalletTable wallets;
  std::string payment_id;
  Bed() {
    add_token(m, "tok", "GCASH", "buyer");
    PayRequest r;
    r.payment_request_id = "p";
    r.wallet = "GCASH";
    r.access_token = "tok";
    r.amount = Money{10000, "PHP"};
    payment_id = pay(m, r, wallets, {}, kT0).payment->payment_id;
  }
  RefundOutcome refund(std::string id, std::int64_t value, const Directive& d = {}, TimePoint now = kT0) {
    RefundRequest r;
    r.refund_request_id = std::move(id);
    r.payment_id = payment_id;
    r.amount = Money{value, "PHP"};
    r.metadata = "meta";
    return refund_payment(m, r, wallets, d, now);
  }
  std::int64_t balance() { return m.payments.buyers.find("buyer")->purses.at("PHP").balance; }
  std::vector<OutboxRecord> refund_notices() {
    std::vector<OutboxRecord> out;
    m.outbox.for_each([&](const OutboxRecord& r) {
      if (r.notify_type == "REFUND_RESULT") out.push_back(r);
    });
    return out;
  }
};

}  // namespace

TEST_CASE("refunds total at most the payment, and give the buyer the money back") {
  Bed b;
  const auto after_pay = b.balance();
  CHECK(b.refund("r1", 9900).result.code == ResultCode::SUCCESS);
  CHECK(b.refund("r2", 101).result.code == ResultCode::REFUND_AMOUNT_EXCEED);
  CHECK(b.refund("r2", 99).result.code == ResultCode::REFUND_AMOUNT_EXCEED);  // below GCash's 1 PHP minimum
  CHECK(b.refund("r3", 100).result.code == ResultCode::SUCCESS);
  CHECK(b.balance() == after_pay + 10000);
  const auto sent = b.refund_notices();
  REQUIRE(sent.size() == 2);
  CHECK(std::get<std::string>(find(sent[0].payload, "metadata")->value) == "meta");
  CHECK(std::get<std::string>(find(sent[0].payload, "refundStatus")->value) == "SUCCESS");
  CHECK(find(sent[0].payload, "refundTime") != nullptr);
}

TEST_CASE("a PROCESSING refund holds its amount; failing releases it; replay answers the same") {
  Bed b;
  Directive d;
  d.processing = true;
  d.settle_after = 5s;
  d.settle_code = ResultCode::PROCESS_FAIL;
  auto out = b.refund("held", 8000, d);
  CHECK(out.result.code == ResultCode::REFUND_IN_PROCESS);
  CHECK(b.refund("more", 2001).result.code == ResultCode::REFUND_AMOUNT_EXCEED);
  CHECK(b.refund("held", 8000).result.code == ResultCode::REFUND_IN_PROCESS);
  tick(b.m, kT0 + 5s);
  auto inq = inquire_refund(b.m, "", "held", kT0 + 5s);
  CHECK(inq.refund->status == RefundStatus::Fail);
  CHECK(b.refund("held", 8000).result.code == ResultCode::PROCESS_FAIL);
  CHECK(b.refund("more", 10000).result.code == ResultCode::SUCCESS);
  CHECK(b.refund("held", 8001).result.code == ResultCode::REPEAT_REQ_INCONSISTENT);
  const auto sent = b.refund_notices();
  REQUIRE(sent.size() == 2);
  CHECK(std::get<std::string>(find(sent[0].payload, "refundStatus")->value) == "FAIL");
  CHECK(find(sent[0].payload, "refundTime") == nullptr);
}

TEST_CASE("inquiryRefund settles after N inquiries and refundId wins") {
  Bed b;
  Directive d;
  d.processing = true;
  d.settle_after_inquiries = 1;
  auto out = b.refund("polled", 100, d);
  CHECK(inquire_refund(b.m, "", "polled", kT0).refund->status == RefundStatus::Processing);
  CHECK(inquire_refund(b.m, out.refund->refund_id, "", kT0).refund->status == RefundStatus::Success);
  CHECK(inquire_refund(b.m, "other", "polled", kT0).result.code == ResultCode::REFUND_NOT_EXIST);
}

TEST_CASE("forced refund outcomes") {
  Bed b;
  Directive d;
  d.force = ResultCode::MERCHANT_BALANCE_NOT_ENOUGH;
  CHECK(b.refund("f", 100, d).result.code == ResultCode::MERCHANT_BALANCE_NOT_ENOUGH);
  CHECK(inquire_refund(b.m, "", "f", kT0).refund->status == RefundStatus::Fail);
  CHECK(b.refund("f", 100).result.code == ResultCode::MERCHANT_BALANCE_NOT_ENOUGH);
  // a failed refund does not block cancel, nor use up the refundable amount
  CHECK(b.refund("g", 10000).result.code == ResultCode::SUCCESS);
}
