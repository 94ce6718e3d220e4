// The settlement ledger and its three report files: Antom's published sample figures byte for
// byte, the invariants a merchant reconciles with (details sum to the summary's TOTAL, TOTAL is
// the sum of the per-type rows, every successful transaction exactly once), the clock deciding
// when a batch closes, empty cycles, naming variants and CSV quoting.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <sstream>

#include "state/payment_flow.hpp"
#include "state/refund_flow.hpp"
#include "state/settlement_ledger.hpp"
#include "state/settlement_reports.hpp"
#include "tests/state/state_test_bed.hpp"

using namespace antom::state;
using namespace antom::state::test;
using namespace std::chrono_literals;

namespace {

// Records as Antom's sample has them: a KRW 18,000 payment settled in USD and a half refund.
// https://docs.antom.com/ac/autodebitpay/settlementsummary (amounts in minor units).
struct SampleBed {
  MerchantState m;
  WalletTable wallets;
  FxTable fx;
  SettlementContract contract;
  SettlementBook book;
  SampleBed() {
    contract.settlement_currencies = {"USD"};
    contract.cycle = SettlementCycle{1, 10, 8 * 60 + 30};
    contract.fees["KAKAOPAY"] = Fee{345, 0};
    fx.set("KRW", 1'241'380'000, TimePoint{});  // KRW per USD: 18,000 KRW = USD 14.50
  }
  SettlementInputs in() const { return {contract, fx, wallets}; }
  TimePoint at(const char* t) const { return *parse_iso8601(t); }
  void add_payment(const std::string& id, std::int64_t krw, const char* when, const std::string& description = "") {
    Payment p;
    p.payment_id = id;
    p.payment_request_id = "PRQ-" + id;
    p.reference_order_id = "ORD-" + id;
    p.order_description = description;
    p.wallet = "KAKAOPAY";
    p.amount = Money{krw, "KRW"};
    p.status = PaymentStatus::Success;
    p.created_at = p.finished_at = at(when);
    p.settlement = settle(fx, p.amount, "USD", "q-" + id, p.finished_at);
    m.payments.add(std::move(p));
  }
  void add_refund(const std::string& id, const std::string& payment_id, std::int64_t krw, const char* when) {
    Refund r;
    r.refund_id = id;
    r.refund_request_id = "RRQ-" + id;
    r.payment_id = payment_id;
    r.amount = Money{krw, "KRW"};
    r.status = RefundStatus::Success;
    r.created_at = r.finished_at = at(when);
    m.payments.add(std::move(r));
  }
};

std::vector<std::string> split_lines(const std::string& bytes) {
  std::vector<std::string> out;
  std::istringstream in(bytes);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Unquoted fields only: the invariant tests use plain descriptions.
std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out(1);
  for (char ch : line) {
    if (ch == ',') out.emplace_back();
    else out.back() += ch;
  }
  return out;
}

}  // namespace

TEST_CASE("Antom's sample batch: a payment and a half refund, byte for byte") {
  SampleBed b;
  b.add_payment("P1", 18000, "2018-12-25T12:00:00+08:30");
  b.add_refund("R1", "P1", 9000, "2018-12-25T18:30:00+08:30");
  // Nothing before the cycle ends; the book starts at the first transaction's day.
  CHECK(settle_due(b.m, b.book, b.in(), b.at("2018-12-26T09:59:59+08:30")).empty());
  const auto batches = settle_due(b.m, b.book, b.in(), b.at("2018-12-26T10:00:00+08:30"));
  REQUIRE(batches.size() == 1);
  const SettlementBatch& batch = batches.front();
  CHECK(batch.batch_id == "2018122611021040001");
  CHECK(batch.currency == "USD");

  const ReportFile summary = settlement_summary_file(b.contract, batch);
  CHECK(summary.path == "/v1/settlements/2188120000000001/20181226/settlementSummary_USD_2018122611021040001_000.csv");
  const std::string tail = ",,,,,,,,,,,,,,\n";
  CHECK(summary.bytes == std::string(kSettlementSummaryHeader) + "\n" +
                             "2018122611021040001,2188120000000001,Alipay_SG,TOTAL,2018-12-26T10:00:00+08:30,2,725,USD,-25,USD" + tail +
                             "2018122611021040001,2188120000000001,Alipay_SG,PAYMENT,2018-12-26T10:00:00+08:30,1,1450,USD,-50,USD" + tail +
                             "2018122611021040001,2188120000000001,Alipay_SG,REFUND,2018-12-26T10:00:00+08:30,1,-725,USD,25,USD" + tail +
                             "<END>\n");

  const ReportFile details = settlement_details_file(b.contract, batch);
  CHECK(details.path == "/v1/settlements/2188120000000001/20181226/settlementItems_USD_2018122611021040001_000.csv");
  CHECK(details.bytes ==
        std::string(kSettlementItemsHeader) + "\n" +
            "2018122611021040001,2188120000000001,,,P1,,PRQ-P1,ORD-P1,KAKAOPAY,KAKAOPAY,PAYMENT,2018-12-25T12:00:00+08:30,"
            "2018-12-26T10:00:00+08:30,AGREEMENT_PAYMENT,18000,KRW,1450,USD,KRW/USD,0.00080556,-50,USD,,\n"
            "2018122611021040001,2188120000000001,,,R1,P1,RRQ-R1,,KAKAOPAY,KAKAOPAY,REFUND,2018-12-25T18:30:00+08:30,"
            "2018-12-26T10:00:00+08:30,AGREEMENT_PAYMENT,-9000,KRW,-725,USD,KRW/USD,0.00080556,25,USD,,\n"
            "<END>\n");
  // Once returned, a batch is not returned again.
  CHECK(settle_due(b.m, b.book, b.in(), b.at("2018-12-26T11:00:00+08:30")).empty());
}

TEST_CASE("transaction details: day T's transactions on T+1, in the transaction date's folder") {
  SampleBed b;
  b.add_payment("P1", 18000, "2018-12-25T12:00:00+08:30", "Plan, \"gold\"");
  b.add_refund("R1", "P1", 9000, "2018-12-25T23:59:59+08:30");
  b.add_payment("P2", 500, "2018-12-26T00:00:00+08:30");
  CHECK(transaction_details_due(b.m, b.book, b.in(), b.at("2018-12-25T23:59:59+08:30")).empty());
  const auto days = transaction_details_due(b.m, b.book, b.in(), b.at("2018-12-26T00:00:00+08:30"));
  REQUIRE(days.size() == 1);
  CHECK(days[0].lines.size() == 2);  // P2 belongs to the 26th
  const ReportFile f = transaction_details_file(b.contract, days[0]);
  CHECK(f.path == "/v1/settlements/2188120000000001/20181225/transactionItems_20181225_000.csv");
  CHECK(f.bytes == std::string(kTransactionItemsHeader) + "\n" +
                       "2188120000000001,,,P1,,PRQ-P1,ORD-P1,\"Plan, \"\"gold\"\"\",KAKAOPAY,KAKAOPAY,PAYMENT,"
                       "2018-12-25T12:00:00+08:30,AGREEMENT_PAYMENT,18000,KRW\n"
                       "2188120000000001,,,R1,P1,RRQ-R1,,\"Plan, \"\"gold\"\"\",KAKAOPAY,KAKAOPAY,REFUND,"
                       "2018-12-25T23:59:59+08:30,AGREEMENT_PAYMENT,-9000,KRW\n"
                       "<END>\n");
  const auto next = transaction_details_due(b.m, b.book, b.in(), b.at("2018-12-28T00:00:00+08:30"));
  REQUIRE(next.size() == 1);  // the 27th had nothing: no file
  CHECK(next[0].lines.front().transaction_id == "P2");
}

TEST_CASE("an empty cycle gives a zero summary per contract currency, or nothing") {
  SampleBed b;
  b.add_payment("P1", 18000, "2018-12-25T12:00:00+08:30");
  auto batches = settle_due(b.m, b.book, b.in(), b.at("2018-12-28T10:00:00+08:30"));
  REQUIRE(batches.size() == 3);  // the 25th, then two empty days
  CHECK(batches[0].lines.size() == 1);
  CHECK(batches[1].batch_id == "0000000000000000000");
  CHECK(batches[1].lines.empty());
  const ReportFile f = settlement_summary_file(b.contract, batches[1]);
  CHECK(f.path == "/v1/settlements/2188120000000001/20181227/settlementSummary_USD_0000000000000000000_000.csv");
  CHECK(split_lines(f.bytes).at(1) ==
        "0000000000000000000,2188120000000001,Alipay_SG,TOTAL,2018-12-27T10:00:00+08:30,0,0,USD,0,USD,,,,,,,,,,,,,,");
  CHECK(split_lines(f.bytes).size() == 3);
  b.contract.empty_cycle_summary = false;
  CHECK(settle_due(b.m, b.book, b.in(), b.at("2018-12-30T10:00:00+08:30")).empty());
}

TEST_CASE("a second contract currency without transactions that day gets its own zero summary") {
  SampleBed b;
  b.contract.settlement_currencies = {"USD", "SGD"};
  b.add_payment("P1", 18000, "2018-12-25T12:00:00+08:30");  // settles in USD
  auto batches = settle_due(b.m, b.book, b.in(), b.at("2018-12-26T10:00:00+08:30"));
  REQUIRE(batches.size() == 2);
  CHECK(batches[0].currency == "USD");
  CHECK(batches[0].batch_id == "2018122611021040001");
  CHECK(batches[1].currency == "SGD");
  CHECK(batches[1].batch_id == "0000000000000000000");
  CHECK(batches[1].lines.empty());
}

TEST_CASE("a clock set years ahead settles every day but makes zero summaries for the last week only") {
  SampleBed b;
  b.add_payment("P1", 18000, "2018-12-25T12:00:00+08:30");
  auto batches = settle_due(b.m, b.book, b.in(), b.at("9000-01-01T10:00:00+08:30"));
  REQUIRE(batches.size() == 1 + 8);  // the payment's batch, then the zero summaries of the last 8 settlement times
  CHECK(batches[0].lines.size() == 1);
  CHECK(format_iso8601(batches.back().settled_at, 510) == "9000-01-01T10:00:00+08:30");
  // And the transaction details: one file, for the one day with transactions.
  CHECK(transaction_details_due(b.m, b.book, b.in(), b.at("9000-01-01T10:00:00+08:30")).size() == 1);
}

TEST_CASE("naming variants: CONNECTWALLET files, or one batch and file per payment method") {
  SampleBed b;
  b.add_payment("P1", 18000, "2018-12-25T12:00:00+08:30");
  Payment gcash;
  gcash.payment_id = "P2";
  gcash.wallet = "GCASH";
  gcash.amount = Money{29900, "PHP"};
  gcash.status = PaymentStatus::Success;
  gcash.finished_at = b.at("2018-12-25T13:00:00+08:30");
  gcash.settlement = settle(b.fx, gcash.amount, "USD", "q", gcash.finished_at);
  b.m.payments.add(gcash);

  SettlementBook combined_book;
  b.contract.naming = ReportNaming::ConnectWallet;
  auto one = settle_due(b.m, combined_book, b.in(), b.at("2018-12-26T10:00:00+08:30"));
  REQUIRE(one.size() == 1);
  CHECK(one[0].lines.size() == 2);
  CHECK(settlement_details_file(b.contract, one[0]).path.ends_with("/settlementItems_CONNECTWALLET_USD_2018122611021040001_000.csv"));
  CHECK(settlement_summary_file(b.contract, one[0]).path.ends_with("/settlementSummary_CONNECTWALLET_USD_2018122611021040001_000.csv"));

  b.contract.naming = ReportNaming::PerPaymentMethod;
  auto per = settle_due(b.m, b.book, b.in(), b.at("2018-12-26T10:00:00+08:30"));
  REQUIRE(per.size() == 2);
  CHECK(settlement_details_file(b.contract, per[0]).path.ends_with("/settlementItems_GCASH_USD_2018122611021040001_000.csv"));
  CHECK(settlement_details_file(b.contract, per[1]).path.ends_with("/settlementItems_KAKAOPAY_USD_2018122611021040002_000.csv"));
}

TEST_CASE("a contract that keeps the fee on refunds, and a cancel of captured funds") {
  SampleBed b;
  b.contract.refund_fee_returned = false;
  b.add_payment("P1", 18000, "2018-12-25T12:00:00+08:30");
  b.add_refund("R1", "P1", 9000, "2018-12-25T13:00:00+08:30");
  b.add_payment("P2", 18000, "2018-12-25T14:00:00+08:30");
  Payment* p2 = b.m.payments.payment("P2");
  p2->status = PaymentStatus::Cancelled;
  p2->cancelled_after_success = true;
  p2->cancelled_at = b.at("2018-12-26T11:00:00+08:30");  // the next business day
  auto day1 = settle_due(b.m, b.book, b.in(), b.at("2018-12-26T10:00:00+08:30"));
  REQUIRE(day1.size() == 1);
  REQUIRE(day1[0].lines.size() == 3);
  CHECK(day1[0].lines[1].type == SettlementType::Refund);
  CHECK(day1[0].lines[1].fee == 0);
  auto day2 = settle_due(b.m, b.book, b.in(), b.at("2018-12-27T10:00:00+08:30"));
  REQUIRE(day2.size() == 1);
  REQUIRE(day2[0].lines.size() == 1);
  const SettlementLine& cancel = day2[0].lines[0];
  CHECK(cancel.type == SettlementType::Cancel);
  CHECK(cancel.original_transaction_id == "P2");
  CHECK(cancel.amount == Money{-18000, "KRW"});
  CHECK(cancel.settled == Money{-1450, "USD"});
  CHECK(cancel.fee == 0);
  // A payment cancelled before it completed settles nothing.
  Payment never;
  never.payment_id = "P3";
  never.status = PaymentStatus::Cancelled;
  never.finished_at = never.cancelled_at = b.at("2018-12-27T12:00:00+08:30");
  b.m.payments.add(never);
  CHECK(settle_due(b.m, b.book, b.in(), b.at("2018-12-28T10:00:00+08:30")).front().batch_id == "0000000000000000000");
}

TEST_CASE("invariants over days of real payments, refunds and cancels in two settlement currencies") {
  MerchantState m;
  m.ids.reseed(11);
  WalletTable wallets;
  FxTable fx;
  fx.set("PHP", 56'000'000, kT0 + 30h);  // a rate change mid-run: refunds settle at their own day's rate
  SettlementContract contract;
  contract.settlement_currencies = {"USD", "SGD"};
  contract.fees["GCASH"] = Fee{175, 3};
  add_token(m, "tok", "GCASH", "buyer-1", 24h * 30);
  add_token(m, "tok-hk", "ALIPAY_HK", "buyer-2", 24h * 30);
  std::set<std::string> expected;
  std::vector<std::string> paid;
  for (int i = 0; i < 60; ++i) {
    const TimePoint now = kT0 + std::chrono::minutes(i * 97);
    PayRequest r;
    r.payment_request_id = "pay-" + std::to_string(i);
    const bool hk = i % 4 == 3;
    r.wallet = hk ? "ALIPAY_HK" : "GCASH";
    r.access_token = hk ? "tok-hk" : "tok";
    r.order_description = "Plan";
    r.amount = Money{1000 + i * 37, hk ? "HKD" : "PHP"};
    r.settlement = settle(fx, r.amount, i % 2 ? "SGD" : "USD", "q", now);
    const auto out = pay(m, r, wallets, {}, now);
    REQUIRE(out.result.code == ResultCode::SUCCESS);
    const std::string id = out.payment->payment_id;
    expected.insert("PAYMENT/" + id);
    if (i % 5 == 1) {
      RefundRequest rr{"ref-" + std::to_string(i), id, "", "", "", Money{400, r.amount.currency}, &fx};
      const auto ro = refund_payment(m, rr, wallets, {}, now + 1min);
      REQUIRE(ro.result.code == ResultCode::SUCCESS);
      expected.insert("REFUND/" + ro.refund->refund_id);
    } else if (i % 7 == 2) {
      REQUIRE(cancel_payment(m, id, "", wallets, {}, now + 2min).result.code == ResultCode::SUCCESS);
      expected.insert("CANCEL/" + id);
    }
  }
  SettlementBook book;
  const SettlementInputs in{contract, fx, wallets};
  std::vector<SettlementBatch> batches;
  // The clock moves in uneven steps; each batch comes out once.
  for (TimePoint now = kT0; now < kT0 + 24h * 6; now += 7h + 13min)
    for (auto& batch : settle_due(m, book, in, now)) batches.push_back(std::move(batch));
  std::set<std::string> seen;
  std::set<std::string> batch_ids;
  int non_empty = 0;
  for (const auto& batch : batches) {
    if (batch.lines.empty()) continue;
    ++non_empty;
    CHECK(batch_ids.insert(batch.batch_id).second);
    const auto details = split_lines(settlement_details_file(contract, batch).bytes);
    const auto summary = split_lines(settlement_summary_file(contract, batch).bytes);
    CHECK(details.back() == "<END>");
    CHECK(summary.back() == "<END>");
    std::int64_t count = 0, amount = 0, fee = 0;
    for (std::size_t i = 1; i + 1 < details.size(); ++i) {
      const auto f = fields(details[i]);
      REQUIRE(f.size() == 24);
      CHECK(f[0] == batch.batch_id);
      CHECK(f[17] == batch.currency);
      CHECK(seen.insert(f[10] + "/" + f[4]).second);  // exactly once
      ++count;
      amount += std::stoll(f[16]);
      fee += std::stoll(f[20]);
    }
    const auto total = fields(summary.at(1));
    REQUIRE(total.size() == 24);
    CHECK(total[3] == "TOTAL");
    CHECK(std::stoll(total[5]) == count);
    CHECK(std::stoll(total[6]) == amount);
    CHECK(std::stoll(total[8]) == fee);
    std::int64_t type_count = 0, type_amount = 0, type_fee = 0;
    for (std::size_t i = 2; i + 1 < summary.size(); ++i) {
      const auto f = fields(summary[i]);
      type_count += std::stoll(f[5]);
      type_amount += std::stoll(f[6]);
      type_fee += std::stoll(f[8]);
    }
    CHECK(type_count == count);
    CHECK(type_amount == amount);
    CHECK(type_fee == fee);
  }
  CHECK(non_empty >= 6);  // several days, two currencies
  CHECK(seen == expected);
}

TEST_CASE("batch ids: the settlement date, a fixed infix and the day's sequence") {
  CHECK(settlement_batch_id(std::chrono::sys_days{std::chrono::year{2024} / 3 / 2}, 1) == "2024030211021040001");
  CHECK(settlement_batch_id(std::chrono::sys_days{std::chrono::year{2018} / 12 / 26}, 123) == "2018122611021040123");
}

TEST_CASE("produce_reports keeps the files a merchant's SFTP folder would hold, for 7 days") {
  SampleBed b;
  b.add_payment("P1", 18000, "2018-12-25T12:00:00+08:30");
  CHECK(produce_reports(b.m, b.in(), b.at("2018-12-25T23:00:00+08:30")) == 0);
  CHECK(produce_reports(b.m, b.in(), b.at("2018-12-26T00:00:00+08:30")) == 1);  // transaction details
  CHECK(produce_reports(b.m, b.in(), b.at("2018-12-26T10:00:00+08:30")) == 2);  // details + summary
  CHECK(produce_reports(b.m, b.in(), b.at("2018-12-26T10:00:00+08:30")) == 0);  // once
  const auto& files = b.m.settlement.files;
  REQUIRE(files.size() == 3);
  CHECK(files[0].path == "/v1/settlements/2188120000000001/20181225/transactionItems_20181225_000.csv");
  CHECK(files[1].path.find("/20181226/settlementItems_USD_2018122611021040001_000.csv") != std::string::npos);
  CHECK(files[2].path.find("/20181226/settlementSummary_USD_2018122611021040001_000.csv") != std::string::npos);
  CHECK(format_iso8601(files[2].produced_at, 510) == "2018-12-26T10:00:00+08:30");
  // A week of empty cycles: one zero summary a day; the first files age out after 7 days.
  CHECK(produce_reports(b.m, b.in(), b.at("2019-01-02T10:00:00+08:30")) == 7);
  CHECK(files.size() == 7 + 2);  // the transaction details of the 25th (produced at midnight) are gone
  CHECK(produce_reports(b.m, b.in(), b.at("2019-01-02T10:00:00.001+08:30")) == 0);
  CHECK(files.size() == 7);
  CHECK(files.front().path.find("/20181227/settlementSummary_USD_0000000000000000000_000.csv") != std::string::npos);
}

TEST_CASE("summary totals do not overflow: 2000 lines of 9 x 10^15 minor units") {
  SettlementBatch batch;
  batch.batch_id = "2018122611021040001";
  batch.currency = "USD";
  SettlementLine l;
  l.settled = Money{9'000'000'000'000'000, "USD"};
  l.fee = -9'000'000'000'000'000;
  batch.lines.assign(2000, l);
  const auto rows = split_lines(settlement_summary_file(SettlementContract{}, batch).bytes);
  const auto total = fields(rows.at(1));
  CHECK(total[3] == "TOTAL");
  CHECK(total[5] == "2000");
  CHECK(total[6] == "18000000000000000000");
  CHECK(total[8] == "-18000000000000000000");
}

TEST_CASE("settle_now: the day so far at now, the rest later with the date's next sequence; nothing twice") {
  SampleBed b;  // cycle T+1 with a 10:00 cut-off at +08:30
  b.add_payment("P1", 18000, "2018-12-25T12:00:00+08:30");
  b.add_payment("P2", 9000, "2018-12-25T13:00:00+08:30");
  const auto run = settle_now(b.m, b.book, b.in(), b.at("2018-12-25T12:00:00+08:30"));
  REQUIRE(run.size() == 1);
  CHECK(run[0].batch_id == "2018122511021040001");  // settled today
  CHECK(run[0].settled_at == b.at("2018-12-25T12:00:00+08:30"));
  REQUIRE(run[0].lines.size() == 1);  // P1, at now, included
  CHECK(run[0].lines[0].transaction_id == "P1");
  CHECK(settle_now(b.m, b.book, b.in(), b.at("2018-12-25T12:30:00+08:30")).empty());
  const auto second = settle_now(b.m, b.book, b.in(), b.at("2018-12-25T13:00:00+08:30"));
  REQUIRE(second.size() == 1);
  CHECK(second[0].batch_id == "2018122511021040002");
  CHECK(second[0].lines[0].transaction_id == "P2");
  // A clock moved back settles nothing again.
  CHECK(settle_now(b.m, b.book, b.in(), b.at("2018-12-25T12:59:00+08:30")).empty());
  b.add_payment("P3", 500, "2018-12-25T14:00:00+08:30");
  const auto rest = settle_due(b.m, b.book, b.in(), b.at("2018-12-26T10:00:00+08:30"));
  REQUIRE(rest.size() == 1);  // the day's own batch: only P3, and no zero summary for a day a run settled in part
  CHECK(rest[0].batch_id == "2018122611021040001");
  REQUIRE(rest[0].lines.size() == 1);
  CHECK(rest[0].lines[0].transaction_id == "P3");
}

TEST_CASE("a reversed refund: its REFUND line on its day, a positive REFUND_REVERSAL line on the reversal's") {
  SampleBed b;
  b.add_payment("P1", 18000, "2018-12-25T12:00:00+08:30");
  b.add_refund("R1", "P1", 9000, "2018-12-25T18:30:00+08:30");
  b.m.payments.refund("R1")->reversed_at = b.at("2018-12-26T11:00:00+08:30");
  const auto day1 = settle_due(b.m, b.book, b.in(), b.at("2018-12-26T10:00:00+08:30"));
  REQUIRE(day1.size() == 1);
  CHECK(day1[0].lines.size() == 2);
  const auto day2 = settle_due(b.m, b.book, b.in(), b.at("2018-12-27T10:00:00+08:30"));
  REQUIRE(day2.size() == 1);
  REQUIRE(day2[0].lines.size() == 1);
  const SettlementLine& back = day2[0].lines[0];
  CHECK(back.type == SettlementType::RefundReversal);
  CHECK(back.transaction_id == "R1");
  CHECK(back.original_transaction_id == "P1");
  CHECK(back.amount.value == 9000);
  CHECK(back.settled.value == 725);
  CHECK(back.fee == -25);  // the returned fee charged again
  const ReportFile summary = settlement_summary_file(b.contract, day2[0]);
  CHECK(summary.bytes.find(",REFUND_REVERSAL,2018-12-27T10:00:00+08:30,1,725,USD,-25,USD,") != std::string::npos);
}
