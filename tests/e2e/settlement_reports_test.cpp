// Issue #17 (first part): the reconciliation files over the control API. A merchant settling in
// USD pays and refunds through signed requests; once the virtual clock passes the cycle's end,
// GET /_sim/reports lists Antom's three files at their SFTP paths and GET /_sim/reports/file
// gives their bytes (layout: docs/settlement.md).
#include <doctest/doctest.h>

#include "tests/e2e/payment_support.hpp"

using namespace antom::test;
using namespace antom::test::pay;
using namespace std::chrono_literals;

namespace {
std::vector<std::string> listed_paths(SimFixture& fx) {
  auto r = fx.control("GET", "/_sim/reports");
  REQUIRE(r.http_status == 200);
  std::vector<std::string> out;
  for (const auto& f : r.json["files"].GetArray()) out.emplace_back(f["path"].GetString());
  return out;
}
}  // namespace

TEST_CASE("a day of payments settles at the cycle's end into Antom's three files") {
  SimFixture fx;
  REQUIRE(fx.control("POST", "/_sim/merchants", R"({"clientId":")" + fx.demo_client_id() + R"(","settlementCurrencies":["USD"]})")
              .http_status == 200);
  const Token t = mint(fx);
  auto paid = fx.call(kPay, pay_body("SR-1", t.access_token, "29900"));  // PHP 299.00 -> USD 5.16
  REQUIRE(paid.code() == "SUCCESS");
  const std::string payment_id = paid.text("paymentId");
  auto refund = fx.call(kRefund, refund_body("SR-R1", payment_id, "10000"));  // PHP 100.00 -> USD 1.72
  REQUIRE(refund.code() == "SUCCESS");
  CHECK(listed_paths(fx).empty());  // the day is not over

  fx.advance(14h);  // 2026-03-02T00:00:00+08:00: T+1 at midnight GMT+8
  const auto paths = listed_paths(fx);
  REQUIRE(paths.size() == 3);
  const std::string dir = "/v1/settlements/2188120000000001/";
  CHECK(paths[0] == dir + "20260301/transactionItems_20260301_000.csv");
  CHECK(paths[1] == dir + "20260302/settlementItems_USD_2026030211021040001_000.csv");
  CHECK(paths[2] == dir + "20260302/settlementSummary_USD_2026030211021040001_000.csv");

  auto summary = fx.control("GET", "/_sim/reports/file?path=" + paths[2]);
  REQUIRE(summary.http_status == 200);
  CHECK(summary.header("content-type") == "text/csv; charset=utf-8");
  const std::string tail = ",,,,,,,,,,,,,,\n";
  const std::string batch = "2026030211021040001,2188120000000001,Alipay_SG,";
  CHECK(summary.body.ends_with(batch + "TOTAL,2026-03-02T00:00:00+08:00,2,344,USD,-7,USD" + tail + batch +
                               "PAYMENT,2026-03-02T00:00:00+08:00,1,516,USD,-10,USD" + tail + batch +
                               "REFUND,2026-03-02T00:00:00+08:00,1,-172,USD,3,USD" + tail + "<END>\n"));
  auto details = fx.control("GET", "/_sim/reports/file?path=" + paths[1]);
  REQUIRE(details.http_status == 200);
  CHECK(details.body.find("," + payment_id + ",,SR-1,") != std::string::npos);
  CHECK(details.body.find(",REFUND,") != std::string::npos);
  auto transactions = fx.control("GET", "/_sim/reports/file?path=" + paths[0]);
  CHECK(transactions.body.find(",-10000,PHP\n") != std::string::npos);
  // Asked again, nothing is produced twice.
  CHECK(listed_paths(fx).size() == 3);
}

TEST_CASE("bad report requests are refused with the problem named") {
  SimFixture fx;
  auto missing = fx.control("GET", "/_sim/reports/file");
  CHECK(missing.http_status == 400);
  CHECK(missing.body.find("path is required") != std::string::npos);
  auto unknown = fx.control("GET", "/_sim/reports/file?path=/v1/settlements/x/../../etc/passwd");
  CHECK(unknown.http_status == 404);
  auto nobody = fx.control("GET", "/_sim/reports?clientId=NOBODY");
  CHECK(nobody.http_status == 404);
  auto extra = fx.control("GET", "/_sim/reports?day=1");
  CHECK(extra.http_status == 400);
}

TEST_CASE("settlement terms through POST /_sim/merchants: customerId, cut-off, fees, file naming") {
  SimFixture fx;
  auto set = fx.control("POST", "/_sim/merchants",
                        R"({"clientId":")" + fx.demo_client_id() +
                            R"(","settlementCurrencies":["USD"],"settlement":{"customerId":"2188000000000777","cutOffHour":12,)"
                            R"("fees":{"GCASH":{"percentBasisPoints":100,"fixed":7}},"fileNaming":"CONNECTWALLET"}})");
  REQUIRE(set.http_status == 200);
  auto shown = fx.control("GET", "/_sim/merchants/" + fx.demo_client_id());
  REQUIRE(shown.http_status == 200);
  CHECK(shown.body.find(R"("settlement":{"customerId":"2188000000000777","acquirer":"Alipay_SG","cycleDays":1,"cutOffHour":12,)") !=
        std::string::npos);
  const Token t = mint(fx);
  REQUIRE(fx.call(kPay, pay_body("SC-1", t.access_token, "29900")).code() == "SUCCESS");  // 10:00, before the 12:00 cut-off
  fx.advance(2h - 1ms);
  CHECK(listed_paths(fx).empty());
  fx.advance(1ms);  // 2026-03-01T12:00:00+08:00: the business day that began 02-28 12:00 settles (T+1)
  auto paths = listed_paths(fx);
  REQUIRE(paths.size() == 2);  // its details and summary; the day's transaction details come at midnight
  CHECK(paths[0] == "/v1/settlements/2188000000000777/20260301/settlementItems_CONNECTWALLET_USD_2026030111021040001_000.csv");
  auto details = fx.control("GET", "/_sim/reports/file?path=" + paths[0]);
  CHECK(details.body.find(",516,USD,PHP/USD,0.01724138,-12,USD,,\n") != std::string::npos);  // 1 % of 516 = 5, + 7
  // A refusal names the field and changes nothing.
  auto bad = fx.control("POST", "/_sim/merchants",
                        R"({"clientId":")" + fx.demo_client_id() + R"(","settlement":{"fees":{"GCASH":{"fixed":-1}}}})");
  CHECK(bad.http_status == 400);
  CHECK(bad.body.find("settlement.fees.GCASH.fixed") != std::string::npos);
  CHECK(fx.control("GET", "/_sim/merchants/" + fx.demo_client_id()).body.find(R"("GCASH":{"percentBasisPoints":100,"fixed":7})") !=
        std::string::npos);
}
