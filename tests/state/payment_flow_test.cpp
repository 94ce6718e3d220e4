// pay, inquiryPayment, cancel and the clock in state: balances, limits, idempotency, PROCESSING
// settling and expiry, the cancel window, and the notifications each step queues.
#include <doctest/doctest.h>

#include "state/payment_fields.hpp"
#include "state/payment_flow.hpp"
#include "state/refund_flow.hpp"
#include "state/tick.hpp"
#include "state/world.hpp"
#include "tests/state/state_test_bed.hpp"

using namespace antom::state;
using namespace antom::state::test;
using namespace std::chrono_literals;

namespace {

std::vector<OutboxRecord> records(const Outbox& o) {
  std::vector<OutboxRecord> out;
  o.for_each([&](const OutboxRecord& r) { out.push_back(r); });
  return out;
}

struct Bed {
  MerchantState m = test_merchant();
  WalletTable wallets;
  Bed() {
    add_token(m, "tok-gcash", "GCASH", "buyer-1", 24h * 30);
    add_token(m, "tok-hk", "ALIPAY_HK", "buyer-2", 24h * 30);
  }
  PayRequest req(std::string id, std::int64_t value = 10000, std::string token = "tok-gcash") const {
    PayRequest r;
    r.payment_request_id = std::move(id);
    r.wallet = token == "tok-hk" ? "ALIPAY_HK" : "GCASH";
    r.access_token = std::move(token);
    r.reference_order_id = "ORD-1";
    r.order_description = "Plan";
    r.amount = Money{value, r.wallet == "GCASH" ? "PHP" : "HKD"};
    return r;
  }
  PaymentOutcome pay(const PayRequest& r, const Directive& d = {}, TimePoint now = kT0) {
    return antom::state::pay(m, r, wallets, d, now);
  }
  std::int64_t balance(const std::string& buyer, const std::string& ccy) {
    return m.payments.buyers.find(buyer)->purses.at(ccy).balance;
  }
  std::size_t notices(std::string_view type) const {
    std::size_t n = 0;
    for (const auto& r : records(m.outbox)) n += r.notify_type == type;
    return n;
  }
};

}  // namespace

TEST_CASE("a successful pay debits the buyer, answers paymentId and times, and queues notifyPayment") {
  Bed b;
  auto out = b.pay(b.req("p1", 12345));
  REQUIRE(out.result.code == ResultCode::SUCCESS);
  REQUIRE(out.payment);
  CHECK(out.payment->payment_id.size() == 30);
  CHECK(out.payment->status == PaymentStatus::Success);
  CHECK(b.balance("buyer-1", "PHP") == b.wallets.find("GCASH")->default_balance_minor - 12345);
  const auto all = records(b.m.outbox);
  REQUIRE(all.size() == 1);
  const auto& rec = all.front();
  CHECK(rec.notify_type == "PAYMENT_RESULT");
  CHECK(rec.subject_id == out.payment->payment_id);
  const auto* result = find(rec.payload, "result");
  REQUIRE(result);
  CHECK(std::get<std::string>(find(std::get<Fields>(result->value), "resultCode")->value) == "SUCCESS");
  CHECK(std::get<std::string>(find(rec.payload, "paymentTime")->value) == "2026-03-01T10:00:00+08:00");
}

TEST_CASE("balance and limits come from state") {
  Bed b;
  const auto full = b.wallets.find("GCASH")->default_balance_minor;
  CHECK(b.pay(b.req("big", full + 1)).result.code == ResultCode::USER_BALANCE_NOT_ENOUGH);
  CHECK(b.pay(b.req("exact", full)).result.code == ResultCode::SUCCESS);
  CHECK(b.pay(b.req("after", 100)).result.code == ResultCode::USER_BALANCE_NOT_ENOUGH);
  // the failed attempt is a FAIL payment that inquiry reports
  auto inq = inquire_payment(b.m, "", "big", kT0);
  REQUIRE(inq.payment);
  CHECK(inq.payment->status == PaymentStatus::Fail);
  CHECK(inq.payment->result_code == ResultCode::USER_BALANCE_NOT_ENOUGH);

  Buyer& buyer = *b.m.payments.buyers.find("buyer-1");
  buyer.purses.at("PHP").balance = 1'000'000;
  buyer.single_limit = 5000;
  CHECK(b.pay(b.req("single", 5001)).result.code == ResultCode::USER_AMOUNT_EXCEED_LIMIT);
  CHECK(b.pay(b.req("single-ok", 5000)).result.code == ResultCode::SUCCESS);
  buyer.single_limit.reset();
  buyer.daily_count_limit = buyer.payments_today;
  CHECK(b.pay(b.req("count", 100)).result.code == ResultCode::PAYMENT_COUNT_EXCEED_LIMIT);
  // the next GMT+8 day resets the counters
  CHECK(b.pay(b.req("next-day", 100), {}, kT0 + 14h).result.code == ResultCode::SUCCESS);
  const auto contract_max = kContractMaxFactor * b.wallets.find("GCASH")->default_balance_minor;
  CHECK(b.pay(b.req("huge", contract_max + 1), {}, kT0 + 14h).result.code == ResultCode::PAYMENT_AMOUNT_EXCEED_LIMIT);
}

TEST_CASE("request rules: wallet, currency, minimum, expiry, token") {
  Bed b;
  auto r = b.req("c1");
  r.amount.currency = "USD";
  CHECK(b.pay(r).result.code == ResultCode::CURRENCY_NOT_SUPPORT);
  CHECK(b.pay(b.req("min", 99)).result.code == ResultCode::PARAM_ILLEGAL);  // GCash minimum 1 PHP
  CHECK(b.pay(b.req("min-ok", 100)).result.code == ResultCode::SUCCESS);
  auto late = b.req("exp");
  late.expiry = kT0 + 61s;
  CHECK(b.pay(late).result.code == ResultCode::PARAM_ILLEGAL);
  late.expiry = kT0;
  CHECK(b.pay(late).result.code == ResultCode::PARAM_ILLEGAL);
  late.expiry = kT0 + 60s;
  CHECK(b.pay(late).result.code == ResultCode::SUCCESS);
  auto wrong = b.req("w1");
  wrong.wallet = "NOPE";
  CHECK(b.pay(wrong).result.code == ResultCode::PARAM_ILLEGAL);
  auto other = b.req("w2", 1000, "tok-hk");
  other.wallet = "GCASH";
  other.amount.currency = "PHP";
  CHECK(b.pay(other).result.code == ResultCode::INVALID_ACCESS_TOKEN);
  CHECK(b.pay(b.req("t1", 1000, "tok-unknown")).result.code == ResultCode::INVALID_ACCESS_TOKEN);
  // an expired token is invalid too
  CHECK(b.pay(b.req("t2"), {}, kT0 + 24h * 31).result.code == ResultCode::INVALID_ACCESS_TOKEN);
  // rejected requests record nothing
  CHECK(inquire_payment(b.m, "", "c1", kT0).result.code == ResultCode::ORDER_NOT_EXIST);
}

TEST_CASE("idempotency on paymentRequestId") {
  Bed b;
  auto first = b.pay(b.req("same", 1000));
  auto again = b.pay(b.req("same", 1000), {}, kT0 + 1s);
  CHECK(again.result.code == ResultCode::SUCCESS);
  CHECK(again.payment->payment_id == first.payment->payment_id);
  CHECK(b.balance("buyer-1", "PHP") == b.wallets.find("GCASH")->default_balance_minor - 1000);
  CHECK(b.notices("PAYMENT_RESULT") == 1);
  CHECK(b.pay(b.req("same", 1001)).result.code == ResultCode::REPEAT_REQ_INCONSISTENT);
  auto fail = b.pay(b.req("f", 100'000'000'000));
  auto fail_again = b.pay(b.req("f", 100'000'000'000));
  CHECK(fail_again.result.code == fail.result.code);
  // a cancelled payment's id answers ORDER_IS_CLOSED
  REQUIRE(cancel_payment(b.m, "", "same", b.wallets, {}, kT0 + 2s).result.code == ResultCode::SUCCESS);
  CHECK(b.pay(b.req("same", 1000), {}, kT0 + 3s).result.code == ResultCode::ORDER_IS_CLOSED);
}

TEST_CASE("forced outcomes are recorded consistently") {
  Bed b;
  Directive d;
  d.force = ResultCode::USER_BALANCE_NOT_ENOUGH;
  d.notification_faults = {.bad_signature = true};
  auto out = b.pay(b.req("forced"), d);
  CHECK(out.result.code == ResultCode::USER_BALANCE_NOT_ENOUGH);
  auto inq = inquire_payment(b.m, out.payment->payment_id, "", kT0);
  CHECK(inq.payment->status == PaymentStatus::Fail);
  CHECK(inq.payment->result_code == ResultCode::USER_BALANCE_NOT_ENOUGH);
  CHECK(records(b.m.outbox).back().faults == NotifyFaults{.bad_signature = true});
  Directive u;
  u.force = ResultCode::UNKNOWN_EXCEPTION;
  CHECK(b.pay(b.req("unknown"), u).result.code == ResultCode::UNKNOWN_EXCEPTION);
  CHECK(inquire_payment(b.m, "", "unknown", kT0).result.code == ResultCode::ORDER_NOT_EXIST);
  Directive refusal;
  refusal.force = ResultCode::INVALID_SIGNATURE;
  CHECK(b.pay(b.req("refused"), refusal).result.code == ResultCode::INVALID_SIGNATURE);
  CHECK(inquire_payment(b.m, "", "refused", kT0).result.code == ResultCode::ORDER_NOT_EXIST);
  CHECK(b.pay(b.req("refused")).result.code == ResultCode::SUCCESS);  // nothing was recorded
}

TEST_CASE("PROCESSING settles on the clock, after N inquiries, or expires") {
  Bed b;
  const auto start = b.wallets.find("GCASH")->default_balance_minor;
  Directive d;
  d.processing = true;
  d.settle_after = 10s;
  auto out = b.pay(b.req("async", 500), d);
  CHECK(out.result.code == ResultCode::PAYMENT_IN_PROCESS);
  CHECK(b.notices("PAYMENT_RESULT") == 0);
  tick(b.m, kT0 + 9s);
  CHECK(inquire_payment(b.m, "", "async", kT0 + 9s).payment->status == PaymentStatus::Processing);
  tick(b.m, kT0 + 10s);
  auto inq = inquire_payment(b.m, "", "async", kT0 + 10s);
  CHECK(inq.payment->status == PaymentStatus::Success);
  CHECK(format_iso8601(inq.payment->finished_at) == "2026-03-01T10:00:10+08:00");
  CHECK(b.notices("PAYMENT_RESULT") == 1);
  CHECK(b.balance("buyer-1", "PHP") == start - 500);

  Directive fail = d;
  fail.settle_code = ResultCode::RISK_REJECT;
  b.pay(b.req("async-fail", 700), fail);
  tick(b.m, kT0 + 20s);
  CHECK(inquire_payment(b.m, "", "async-fail", kT0 + 20s).payment->result_code == ResultCode::RISK_REJECT);
  CHECK(b.balance("buyer-1", "PHP") == start - 500);  // the held amount went back

  Directive by_inquiry;
  by_inquiry.processing = true;
  by_inquiry.settle_after_inquiries = 2;
  b.pay(b.req("polled", 100), by_inquiry);
  CHECK(inquire_payment(b.m, "", "polled", kT0 + 1s).payment->status == PaymentStatus::Processing);
  CHECK(inquire_payment(b.m, "", "polled", kT0 + 2s).payment->status == PaymentStatus::Processing);
  CHECK(inquire_payment(b.m, "", "polled", kT0 + 3s).payment->status == PaymentStatus::Success);

  Directive never;
  never.processing = true;
  never.settle_after = 5min;
  auto exp = b.req("expires", 100);
  exp.expiry = kT0 + 30s;
  b.pay(exp, never);
  tick(b.m, kT0 + 29s);
  CHECK(b.m.payments.payment_by_request("expires")->status == PaymentStatus::Processing);
  tick(b.m, kT0 + 2min);
  const Payment& closed = *b.m.payments.payment_by_request("expires");
  CHECK(closed.status == PaymentStatus::Fail);
  CHECK(closed.result_code == ResultCode::ORDER_IS_CLOSED);
  CHECK(closed.finished_at == kT0 + 30s);
  CHECK(records(b.m.outbox).back().subject_id == closed.payment_id);
}

TEST_CASE("cancel window ends 00:15 GMT+8 on the day after the payment") {
  CHECK(format_iso8601(cancel_deadline(kT0)) == "2026-03-02T00:15:00+08:00");
  // just before midnight GMT+8 still belongs to that day
  CHECK(format_iso8601(cancel_deadline(*parse_iso8601("2026-03-01T23:59:59+08:00"))) == "2026-03-02T00:15:00+08:00");
  CHECK(format_iso8601(cancel_deadline(*parse_iso8601("2026-03-01T16:30:00Z"))) == "2026-03-03T00:15:00+08:00");
  Bed b;
  const auto start = b.wallets.find("GCASH")->default_balance_minor;
  b.pay(b.req("a", 1000));
  b.pay(b.req("b", 1000));
  const auto edge = *parse_iso8601("2026-03-02T00:15:00+08:00");
  CHECK(cancel_payment(b.m, "", "a", b.wallets, {}, edge).result.code == ResultCode::CANCEL_WINDOW_EXCEED);
  auto ok = cancel_payment(b.m, "", "b", b.wallets, {}, edge - 1s);
  CHECK(ok.result.code == ResultCode::SUCCESS);
  CHECK(b.balance("buyer-1", "PHP") == start - 1000);  // b's money came back
  // idempotent: same cancelTime, no second credit
  auto again = cancel_payment(b.m, "", "b", b.wallets, {}, edge + 1h);
  CHECK(again.result.code == ResultCode::SUCCESS);
  CHECK(again.payment->cancelled_at == edge - 1s);
  CHECK(b.balance("buyer-1", "PHP") == start - 1000);
  CHECK(cancel_payment(b.m, "nope", "b", b.wallets, {}, kT0).result.code == ResultCode::ORDER_NOT_EXIST);  // paymentId wins
}

TEST_CASE("a forced cancel code applies to a payment that exists; an unknown one is ORDER_NOT_EXIST") {
  Bed b;
  b.pay(b.req("f", 1000));
  Directive forced;
  forced.force = ResultCode::CANCEL_WINDOW_EXCEED;
  CHECK(cancel_payment(b.m, "", "missing", b.wallets, forced, kT0 + 1s).result.code == ResultCode::ORDER_NOT_EXIST);
  CHECK(cancel_payment(b.m, "", "f", b.wallets, forced, kT0 + 1s).result.code == ResultCode::CANCEL_WINDOW_EXCEED);
  CHECK(cancel_payment(b.m, "", "f", b.wallets, {}, kT0 + 2s).result.code == ResultCode::SUCCESS);  // forcing changed nothing
}

TEST_CASE("a refunded payment cannot be cancelled; a cancelled one cannot be refunded") {
  Bed b;
  auto p1 = b.pay(b.req("r", 1000));
  RefundRequest rr;
  rr.refund_request_id = "rf1";
  rr.payment_id = p1.payment->payment_id;
  rr.amount = Money{100, "PHP"};
  REQUIRE(refund_payment(b.m, rr, b.wallets, {}, kT0).result.code == ResultCode::SUCCESS);
  CHECK(cancel_payment(b.m, p1.payment->payment_id, "", b.wallets, {}, kT0).result.code == ResultCode::PROCESS_FAIL);
  auto p2 = b.pay(b.req("c", 1000));
  REQUIRE(cancel_payment(b.m, p2.payment->payment_id, "", b.wallets, {}, kT0).result.code == ResultCode::SUCCESS);
  rr.refund_request_id = "rf2";
  rr.payment_id = p2.payment->payment_id;
  CHECK(refund_payment(b.m, rr, b.wallets, {}, kT0).result.code == ResultCode::ORDER_STATUS_INVALID);
  auto inq = inquire_payment(b.m, p2.payment->payment_id, "", kT0);
  CHECK(inq.payment->status == PaymentStatus::Cancelled);
  auto fields = inquiry_payment_fields(*inq.payment, inq.refunds);
  const auto* tx = find(fields, "transactions");
  REQUIRE(tx);
  const auto& list = std::get<std::vector<Fields>>(tx->value);
  REQUIRE(list.size() == 1);
  CHECK(std::get<std::string>(find(list[0], "transactionType")->value) == "CANCEL");
}

TEST_CASE("copies of the book keep working indexes") {
  Bed b;
  b.pay(b.req("x", 1000));
  MerchantState copy = b.m;
  b.m = MerchantState();
  REQUIRE(copy.payments.payment_by_request("x"));
  CHECK(copy.payments.payment(copy.payments.payment_by_request("x")->payment_id) != nullptr);
}

TEST_CASE("PENDING: the buyer is done, inquiry says PENDING and PAYMENT_PENDING is sent, then the result") {
  Bed b;
  Directive d;
  d.processing = true;
  d.settle_after = 5s;
  d.report_pending = true;
  CHECK(b.pay(b.req("pending", 500), d).result.code == ResultCode::PAYMENT_IN_PROCESS);
  CHECK(b.notices("PAYMENT_PENDING") == 1);
  CHECK(b.notices("PAYMENT_RESULT") == 0);
  auto p = inquire_payment(b.m, "", "pending", kT0 + 1s).payment;
  REQUIRE(p);
  CHECK(is_reported_pending(*p));
  for (const auto& r : records(b.m.outbox))
    if (r.notify_type == "PAYMENT_PENDING") {
      const auto* type = find(r.payload, "notifyType");
      REQUIRE(type);
      CHECK(std::get<std::string>(type->value) == "PAYMENT_PENDING");
    }
  tick(b.m, kT0 + 5s);
  p = inquire_payment(b.m, "", "pending", kT0 + 5s).payment;
  CHECK(p->status == PaymentStatus::Success);
  CHECK_FALSE(is_reported_pending(*p));
  CHECK(b.notices("PAYMENT_RESULT") == 1);
  // without the flag, PROCESSING stays PROCESSING and nothing is sent before the result
  Directive plain = d;
  plain.report_pending = false;
  b.pay(b.req("plain", 500), plain);
  CHECK(b.notices("PAYMENT_PENDING") == 1);
  CHECK_FALSE(is_reported_pending(*inquire_payment(b.m, "", "plain", kT0 + 1s).payment));
}

TEST_CASE("the world's door brings a merchant up to the clock: a read sees time-driven changes with no advance call") {
  World world(7);
  world.clock().freeze();
  REQUIRE(world.clock().set(kT0));
  const WalletTable wallets;
  Directive d;
  d.processing = true;
  d.settle_after = 10s;
  Bed bed;  // only for its request and token
  world.with_merchant("SANDBOX_TEST", [&](MerchantState& m) {
    add_token(m, "tok-gcash", "GCASH", "buyer-1", 24h * 30);
    CHECK(antom::state::pay(m, bed.req("async", 500), wallets, d, kT0).result.code == ResultCode::PAYMENT_IN_PROCESS);
  });
  const auto status = [&] {
    return world.with_merchant("SANDBOX_TEST", [](MerchantState& m) {
      return std::pair(m.payments.payment_by_request("async")->status, m.outbox.size());
    });
  };
  REQUIRE(world.clock().advance(9s));
  CHECK(status() == std::pair(PaymentStatus::Processing, std::size_t{0}));
  REQUIRE(world.clock().advance(1s));
  CHECK(status() == std::pair(PaymentStatus::Success, std::size_t{1}));  // settled and notified by the read itself
  auto copy = world.copy_of("SANDBOX_TEST");
  REQUIRE(copy);
  CHECK(copy->payments.payment_by_request("async")->finished_at == kT0 + 10s);
}
