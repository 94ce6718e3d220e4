// Issue #17 "done when": a merchant settling in USD and SGD pays, refunds in part and cancels
// through signed requests over two settlement cycles; the three files fetched over HTTP are
// reconciled to the cent against the API's own answers by tests/reconcile/reconcile.py, a
// merchant-side script written from Antom's documented layout (header names, not antom-sim's
// code). A tampered line makes it fail, naming the mismatch.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/e2e/payment_support.hpp"

using namespace antom::test;
using namespace antom::test::pay;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

std::string money_json(const ApiResult& r, const std::string& field) {
  const std::string value = field + ".value", currency = field + ".currency";
  if (r.text(value.c_str()).empty()) return "null";
  return R"({"value":")" + r.text(value.c_str()) + R"(","currency":")" + r.text(currency.c_str()) + R"("})";
}

struct Api {
  std::vector<std::string> payments, refunds;
};

// Records what inquiryPayment says of a payment that was captured (pay answered SUCCESS).
void record_payment(SimFixture& fx, Api& api, const std::string& request_id, const std::string& settlement) {
  auto inq = fx.call(kInquiry, by_request_id(request_id));
  REQUIRE(inq.code() == "SUCCESS");
  api.payments.push_back(R"({"paymentId":")" + inq.text("paymentId") + R"(","paymentRequestId":")" + request_id +
                         R"(","status":")" + inq.text("paymentStatus") + R"(","captured":true,"amount":)" +
                         money_json(inq, "paymentAmount") + R"(,"settlement":)" + settlement +
                         "}");
}

void record_refund(SimFixture& fx, Api& api, const std::string& request_id, const std::string& payment_id) {
  auto inq = fx.call(kInquiryRefund, R"({"refundRequestId":")" + request_id + R"("})");
  REQUIRE(inq.code() == "SUCCESS");
  api.refunds.push_back(R"({"refundId":")" + inq.text("refundId") + R"(","paymentId":")" + payment_id +
                        R"(","status":")" + inq.text("refundStatus") + R"(","amount":)" + money_json(inq, "refundAmount") +
                        R"(,"settlement":)" + money_json(inq, "grossSettlementAmount") + "}");
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

struct Run {
  int status = -1;
  std::string output;
};

Run reconcile(const fs::path& files, const fs::path& api_json) {
  const fs::path out = files.parent_path() / "reconcile.out";
  const std::string cmd = "python3 " ANTOM_SOURCE_DIR "/tests/reconcile/reconcile.py '" + files.string() + "' '" +
                          api_json.string() + "' > '" + out.string() + "' 2>&1";
  Run r;
  const int rc = std::system(cmd.c_str());
  r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  std::ifstream in(out);
  std::stringstream ss;
  ss << in.rdbuf();
  r.output = ss.str();
  return r;
}

// Adds 1 to the settlementAmountValue of the first record of a settlement details file.
std::string tampered(const std::string& csv) {
  const auto header_end = csv.find('\n');
  std::vector<std::string> names;
  std::stringstream header(csv.substr(0, header_end));
  for (std::string n; std::getline(header, n, ',');) names.push_back(n);
  const auto column = std::find(names.begin(), names.end(), "settlementAmountValue") - names.begin();
  const auto line_end = csv.find('\n', header_end + 1);
  std::vector<std::string> fields;
  std::stringstream line(csv.substr(header_end + 1, line_end - header_end - 1));
  for (std::string f; std::getline(line, f, ',');) fields.push_back(f);
  fields.resize(names.size());
  fields[static_cast<std::size_t>(column)] = std::to_string(std::stoll(fields[static_cast<std::size_t>(column)]) + 1);
  return csv.substr(0, header_end + 1) + join(fields) + csv.substr(line_end);
}

}  // namespace

TEST_CASE("two settlement currencies over two cycles reconcile to the cent against the API's answers") {
  SimFixture fx;  // 2026-03-01T10:00:00+08:00, frozen; T+1 at midnight GMT+8, 2 % fee returned on refunds
  REQUIRE(fx.control("POST", "/_sim/merchants",
                     R"({"clientId":")" + fx.demo_client_id() + R"(","settlementCurrencies":["USD","SGD"]})")
              .http_status == 200);
  const std::string usd = R"(,"settlementStrategy":{"settlementCurrency":"USD"})";
  const std::string sgd = R"(,"settlementStrategy":{"settlementCurrency":"SGD"})";
  const Token t = mint(fx);
  Api api;
  struct Paid {
    std::string request_id;
    std::string settlement;  // pay's grossSettlementAmount
  };
  std::vector<Paid> paid;
  const auto pay = [&](const std::string& id, const std::string& value, const std::string& ccy) {
    auto r = fx.call(kPay, pay_body(id, t.access_token, value, "PHP", "GCASH", ccy));
    REQUIRE(r.code() == "SUCCESS");
    REQUIRE(r.signature_ok);
    paid.push_back({id, money_json(r, "grossSettlementAmount")});
    return r.text("paymentId");
  };
  const auto refund = [&](const std::string& id, const std::string& payment_id, const std::string& value) {
    auto r = fx.call(kRefund, refund_body(id, payment_id, value));
    REQUIRE(r.code() == "SUCCESS");
    return std::pair{id, payment_id};
  };
  std::vector<std::pair<std::string, std::string>> refund_ids;  // refundRequestId, paymentId

  // Day 1: two currencies, a partial refund, a captured payment cancelled.
  const auto p1 = pay("RC-P1", "29900", usd);
  const auto p2 = pay("RC-P2", "15000", sgd);
  const auto p3 = pay("RC-P3", "8000", usd);
  REQUIRE(fx.call(kCancel, by_payment_id(p3)).code() == "SUCCESS");
  refund_ids.push_back(refund("RC-R1", p1, "10000"));
  fx.advance(24h);  // past day 1's cycle end (03-02 00:00)
  // Day 2: more partial refunds of day 1's payments, a new payment, and an FX move.
  REQUIRE(fx.control("POST", "/_sim/fx", R"({"rates":{"PHP":"56.5"}})").http_status == 200);
  refund_ids.push_back(refund("RC-R2", p2, "5000"));
  const auto p4 = pay("RC-P4", "4567", sgd);
  refund_ids.push_back(refund("RC-R3", p1, "2001"));
  refund_ids.push_back(refund("RC-R4", p4, "567"));
  fx.advance(24h);  // past day 2's cycle end

  for (const auto& p : paid) record_payment(fx, api, p.request_id, p.settlement);
  for (const auto& r : refund_ids) record_refund(fx, api, r.first, r.second);

  const fs::path work = fs::path(fx.data_dir()) / "reconcile";
  const fs::path files = work / "files";
  fs::create_directories(files);
  auto listed = fx.control("GET", "/_sim/reports");
  REQUIRE(listed.http_status == 200);
  int summaries = 0;
  for (const auto& f : listed.json["files"].GetArray()) {
    const std::string path = f["path"].GetString();
    auto body = fx.control("GET", "/_sim/reports/file?path=" + path);
    REQUIRE(body.http_status == 200);
    std::ofstream(files / fs::path(path).filename(), std::ios::binary) << body.body;
    summaries += path.find("settlementSummary_") != std::string::npos;
  }
  CHECK(summaries == 4);  // USD and SGD, two cycles
  const fs::path api_json = work / "api.json";
  std::ofstream(api_json) << R"({"fee":{"percentBasisPoints":200,"fixed":0,"refundFeeReturned":true},"payments":[)"
                          << join(api.payments) << R"(],"refunds":[)" << join(api.refunds) << "]}";

  const Run ok = reconcile(files, api_json);
  INFO(ok.output);
  CHECK(ok.status == 0);
  CHECK(ok.output.find("reconciled 9 transactions in 4 batches") != std::string::npos);  // 4 payments, a cancel, 4 refunds

  // One tampered line: the script fails and names it.
  fs::path details;
  for (const auto& e : fs::directory_iterator(files))
    if (e.path().filename().string().starts_with("settlementItems_USD_")) details = e.path();
  REQUIRE_FALSE(details.empty());
  std::stringstream original;
  original << std::ifstream(details, std::ios::binary).rdbuf();
  std::ofstream(details, std::ios::binary | std::ios::trunc) << tampered(original.str());
  const Run bad = reconcile(files, api_json);
  INFO(bad.output);
  CHECK(bad.status == 1);
  CHECK(bad.output.find("MISMATCH settlementItems") != std::string::npos);
  CHECK(bad.output.find("but the API says") != std::string::npos);
}
