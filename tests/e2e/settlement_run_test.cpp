// Issue #17 items 2 and 5: reconciliation files produced on the virtual clock (by the sender's
// pass, before --retention-days drops the records they list), GET /_sim/reports filters, and
// POST /_sim/settlements/run settling a day so far without moving the clock.
#include <doctest/doctest.h>

#include <thread>

#include "tests/e2e/notification_support.hpp"
#include "tests/e2e/payment_support.hpp"

using namespace antom::test;
using namespace antom::test::pay;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> listed(SimFixture& fx, const std::string& query = {}) {
  auto r = fx.control("GET", "/_sim/reports" + query);
  REQUIRE(r.http_status == 200);
  std::vector<std::string> out;
  for (const auto& f : r.json["files"].GetArray()) out.emplace_back(f["path"].GetString());
  return out;
}

void settle_in_usd(SimFixture& fx) {
  REQUIRE(fx.control("POST", "/_sim/merchants", R"({"clientId":")" + fx.demo_client_id() + R"(","settlementCurrencies":["USD"]})")
              .http_status == 200);
}

// The files kept in the merchant's state, read without GET /_sim/reports (which would produce).
std::size_t kept_files(SimFixture& fx) {
  auto m = fx.app().world.copy_of(fx.demo_client_id());
  return m ? m->settlement.files.size() : 0;
}

const std::string kDir = "/v1/settlements/2188120000000001/";

}  // namespace

TEST_CASE("the files are produced on the clock, before retention drops what they list") {
  SimFixture fx({.retention_days = 1});
  settle_in_usd(fx);
  NotifyReceiver ok(antom_public_key(fx.app().keys.antom_private));  // notifications delivered: nothing holds the record
  const Token t = mint(fx);
  auto paid = fx.call(kPay, pay_body("RP-1", t.access_token, "29900", "PHP", "GCASH",
                                     R"(,"paymentNotifyUrl":")" + ok.url() + "\""));
  REQUIRE(paid.code() == "SUCCESS");
  const std::string payment_id = paid.text("paymentId");
  REQUIRE(fx.call(kCancel, by_payment_id(payment_id)).code() == "SUCCESS");  // captured funds back: a CANCEL line
  REQUIRE(flush(fx));
  REQUIRE(ok.wait_for(1));

  fx.advance(48h + 1h);  // past the cycle's end and the retention of the cancelled payment, in one move
  // No read: the sender's pass produces them.
  // Day 1's three files, and day 2's zero summary.
  for (int i = 0; i < 200 && kept_files(fx) < 4; ++i) std::this_thread::sleep_for(10ms);
  REQUIRE(kept_files(fx) == 4);
  REQUIRE(fx.control("POST", "/_sim/notifications/flush?timeout=10s").json["expiredPayments"].GetUint64() == 1);
  CHECK(fx.call(kInquiry, by_payment_id(payment_id)).code() == "ORDER_NOT_EXIST");

  const auto paths = listed(fx);
  REQUIRE(paths.size() == 4);
  CHECK(paths[3] == kDir + "20260303/settlementSummary_USD_0000000000000000000_000.csv");
  auto details = fx.control("GET", "/_sim/reports/file?path=" + paths[1]);
  CHECK(details.body.find("," + payment_id + ",,RP-1,") != std::string::npos);
  CHECK(details.body.find(",CANCEL,") != std::string::npos);
}

TEST_CASE("GET /_sim/reports filters by date and kind, and names a bad value") {
  SimFixture fx;
  settle_in_usd(fx);
  const Token t = mint(fx);
  REQUIRE(fx.call(kPay, pay_body("RF-1", t.access_token, "29900")).code() == "SUCCESS");
  fx.advance(14h);  // 2026-03-02T00:00:00+08:00
  CHECK(listed(fx).size() == 3);
  CHECK(listed(fx, "?date=20260301") == std::vector<std::string>{kDir + "20260301/transactionItems_20260301_000.csv"});
  CHECK(listed(fx, "?date=20260302").size() == 2);
  CHECK(listed(fx, "?date=20260303").empty());
  CHECK(listed(fx, "?kind=settlementSummary") ==
        std::vector<std::string>{kDir + "20260302/settlementSummary_USD_2026030211021040001_000.csv"});
  CHECK(listed(fx, "?kind=settlementItems&date=20260302") ==
        std::vector<std::string>{kDir + "20260302/settlementItems_USD_2026030211021040001_000.csv"});
  CHECK(listed(fx, "?kind=transactionItems&date=20260302").empty());

  auto bad_date = fx.control("GET", "/_sim/reports?date=2026-03-01");
  CHECK(bad_date.http_status == 400);
  CHECK(bad_date.body.find("2026-03-01") != std::string::npos);
  auto no_such_day = fx.control("GET", "/_sim/reports?date=20260231");
  CHECK(no_such_day.http_status == 400);
  CHECK(no_such_day.body.find("20260231") != std::string::npos);
  auto bad_kind = fx.control("GET", "/_sim/reports?kind=summary");
  CHECK(bad_kind.http_status == 400);
  CHECK(bad_kind.body.find("summary") != std::string::npos);
}

TEST_CASE("POST /_sim/settlements/run settles the day so far; the rest of the day goes into the next batch") {
  SimFixture fx;  // 2026-03-01T10:00:00+08:00, frozen
  settle_in_usd(fx);
  const Token t = mint(fx);
  REQUIRE(fx.call(kPay, pay_body("RN-1", t.access_token, "29900")).code() == "SUCCESS");  // USD 5.16

  auto run = fx.control("POST", "/_sim/settlements/run", "{}");
  REQUIRE(run.http_status == 200);
  REQUIRE(run.json["batches"].Size() == 1);
  const auto& b = run.json["batches"][0];
  CHECK(std::string(b["settlementBatchId"].GetString()) == "2026030111021040001");
  CHECK(std::string(b["settlementCurrency"].GetString()) == "USD");
  CHECK(std::string(b["businessDay"].GetString()) == "2026-03-01");
  CHECK(std::string(b["settlementTime"].GetString()) == "2026-03-01T10:00:00+08:00");
  CHECK(b["count"].GetUint64() == 1);
  CHECK(b["settlementAmountValue"].GetInt64() == 516);
  CHECK(b["feeAmountValue"].GetInt64() == -10);
  REQUIRE(run.json["files"].Size() == 2);
  CHECK(std::string(run.json["files"][0].GetString()) == kDir + "20260301/settlementItems_USD_2026030111021040001_000.csv");
  CHECK(std::string(run.json["files"][1].GetString()) == kDir + "20260301/settlementSummary_USD_2026030111021040001_000.csv");
  // Run again with nothing new: nothing settles twice.
  auto idle = fx.control("POST", "/_sim/settlements/run", R"({"clientId":")" + fx.demo_client_id() + R"("})");
  REQUIRE(idle.http_status == 200);
  CHECK(idle.json["batches"].Size() == 0);

  fx.advance(1h);
  REQUIRE(fx.call(kPay, pay_body("RN-2", t.access_token, "10000")).code() == "SUCCESS");  // 11:00, USD 1.72
  auto second = fx.control("POST", "/_sim/settlements/run");
  REQUIRE(second.json["batches"].Size() == 1);
  CHECK(std::string(second.json["batches"][0]["settlementBatchId"].GetString()) == "2026030111021040002");
  CHECK(second.json["batches"][0]["settlementAmountValue"].GetInt64() == 172);

  fx.advance(1h);
  REQUIRE(fx.call(kPay, pay_body("RN-3", t.access_token, "5800")).code() == "SUCCESS");  // 12:00, after the runs
  fx.advance(12h);  // midnight: the rest of the day settles at its own time
  const auto summaries = listed(fx, "?kind=settlementSummary&date=20260302");
  REQUIRE(summaries.size() == 1);
  auto rest = fx.control("GET", "/_sim/reports/file?path=" + summaries[0]);
  CHECK(rest.body.find("2026030211021040001,2188120000000001,Alipay_SG,TOTAL,2026-03-02T00:00:00+08:00,1,100,USD,") !=
        std::string::npos);
  // The day's transaction details still list all three, once.
  auto day = fx.control("GET", "/_sim/reports/file?path=" + kDir + "20260301/transactionItems_20260301_000.csv");
  REQUIRE(day.http_status == 200);
  CHECK(std::count(day.body.begin(), day.body.end(), '\n') == 5);  // header, 3 lines, <END>

  auto nobody = fx.control("POST", "/_sim/settlements/run", R"({"clientId":"NOBODY"})");
  CHECK(nobody.http_status == 404);
  CHECK(nobody.body.find("NOBODY") != std::string::npos);
  auto wrong = fx.control("POST", "/_sim/settlements/run", R"({"merchantId":"x"})");
  CHECK(wrong.http_status == 400);
  CHECK(wrong.body.find("merchantId") != std::string::npos);
}

TEST_CASE("refund-reversed: the bank returns a successful refund, a positive REFUND_REVERSAL line in that time's batch") {
  SimFixture fx;  // 2026-03-01T10:00:00+08:00
  settle_in_usd(fx);
  const Token t = mint(fx);
  auto paid = fx.call(kPay, pay_body("RV-1", t.access_token, "29900"));  // USD 5.16, fee -10
  REQUIRE(paid.code() == "SUCCESS");
  const std::string payment_id = paid.text("paymentId");
  fx.advance(13h + 30min);  // 23:30: the reversal, 1 h on, falls in the next business day
  auto refund = fx.call(kRefund, refund_body("RV-R1", payment_id, "10000"), with_scenario("refund-reversed"));
  REQUIRE(refund.code() == "SUCCESS");  // USD 1.72, 2 % fee (3) returned
  const std::string refund_id = refund.text("refundId");
  fx.advance(1h);
  auto inq = fx.call(kInquiryRefund, R"({"refundRequestId":"RV-R1"})");
  CHECK(inq.text("refundStatus") == "SUCCESS");  // Antom documents no other status for a reversed refund

  // Day 1's batch has the refund; day 2's the reversal.
  auto day1 = fx.control("GET", "/_sim/reports/file?path=" + kDir + "20260302/settlementItems_USD_2026030211021040001_000.csv");
  REQUIRE(day1.http_status == 200);
  CHECK(day1.body.find("," + refund_id + "," + payment_id + ",RV-R1,") != std::string::npos);
  CHECK(day1.body.find(",REFUND,") != std::string::npos);
  CHECK(day1.body.find("REFUND_REVERSAL") == std::string::npos);
  fx.advance(24h);
  const auto summaries = listed(fx, "?kind=settlementSummary&date=20260303");
  REQUIRE(summaries.size() == 1);
  const std::string batch = summaries[0].substr(summaries[0].find("USD_") + 4, 19);
  auto details = fx.control("GET", "/_sim/reports/file?path=" + kDir + "20260303/settlementItems_USD_" + batch + "_000.csv");
  REQUIRE(details.http_status == 200);
  INFO(details.body);
  CHECK(details.body.find("," + refund_id + "," + payment_id + ",RV-R1,,GCASH,GCASH,REFUND_REVERSAL,2026-03-02T00:30:00+08:00,") !=
        std::string::npos);
  CHECK(details.body.find(",10000,PHP,172,USD,PHP/USD,0.01724138,-3,USD,,\n") != std::string::npos);
  auto summary = fx.control("GET", "/_sim/reports/file?path=" + summaries[0]);
  const std::string head = batch + ",2188120000000001,Alipay_SG,";
  CHECK(summary.body.find(head + "TOTAL,2026-03-03T00:00:00+08:00,1,172,USD,-3,USD") != std::string::npos);
  CHECK(summary.body.find(head + "REFUND_REVERSAL,2026-03-03T00:00:00+08:00,1,172,USD,-3,USD") != std::string::npos);
  // The day's transaction details list it too.
  auto txns = fx.control("GET", "/_sim/reports/file?path=" + kDir + "20260302/transactionItems_20260302_000.csv");
  REQUIRE(txns.http_status == 200);
  CHECK(txns.body.find(",REFUND_REVERSAL,2026-03-02T00:30:00+08:00,AGREEMENT_PAYMENT,10000,PHP\n") != std::string::npos);
}

TEST_CASE("a merchant on its own clock (scoped worlds): its files and runs follow that clock") {
  SimFixture fx;  // shared clock 2026-03-01T10:00:00+08:00, frozen
  settle_in_usd(fx);
  const Token t = mint(fx);
  REQUIRE(fx.call(kPay, pay_body("SW-1", t.access_token, "29900")).code() == "SUCCESS");
  REQUIRE(fx.control("POST", "/_sim/clock/advance", R"({"by":"14h","clientId":")" + fx.demo_client_id() + R"("})")
              .http_status == 200);
  CHECK(std::string(fx.control("GET", "/_sim/clock").json["now"].GetString()) == "2026-03-01T10:00:00+08:00");
  CHECK(listed(fx).size() == 3);  // its day settled on its clock
  auto run = fx.control("POST", "/_sim/settlements/run", "{}");
  REQUIRE(run.http_status == 200);
  CHECK(std::string(run.json["settledAt"].GetString()) == "2026-03-02T00:00:00+08:00");
}
