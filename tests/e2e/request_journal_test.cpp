// The request journal over real sockets: GET /_sim/requests shows each signed Antom API request as
// received (headers, body), what verification and validation found, the scenario and fault applied,
// the answer sent (or the fault instead of it) and the timing; it filters, pages, stays in its
// bounds and is cleared by reset.
#include <doctest/doctest.h>

#include "server/crypto/codec.hpp"
#include "server/crypto/signer.hpp"
#include "tests/e2e/notification_support.hpp"
#include "tests/e2e/payment_support.hpp"

using namespace antom::test;

namespace {

const std::string kRevoke = "/ams/api/v1/authorizations/revoke";
const std::string kRevokeBody = R"({"accessToken":"no-such-token-123"})";

// GET /_sim/requests with a query; REQUIREs 200.
rapidjson::Document requests(SimFixture& fx, const std::string& query = {}) {
  auto r = fx.control("GET", "/_sim/requests" + (query.empty() ? "" : "?" + query));
  REQUIRE_MESSAGE(r.http_status == 200, r.body);
  REQUIRE(r.json["requests"].IsArray());
  return std::move(r.json);
}

// The one entry a query selects.
rapidjson::Document only(SimFixture& fx, const std::string& query) {
  auto page = requests(fx, query);
  REQUIRE_MESSAGE(page["requests"].Size() == 1, query);
  rapidjson::Document out;
  out.CopyFrom(page["requests"][0], out.GetAllocator());
  return out;
}

std::string header(const rapidjson::Value& headers, const std::string& name) {
  for (const auto& h : headers.GetArray())
    if (antom::server::iequals(text(h, "name"), name)) return text(h, "value");
  return {};
}

std::vector<std::string> ids(const rapidjson::Value& page) {
  std::vector<std::string> out;
  for (const auto& e : page["requests"].GetArray()) out.push_back(text(e, "id"));
  return out;
}

std::string merchant_of(SimFixture& fx, const std::string& client_id) {
  return fx.app().merchants.find(client_id)->client_id;
}

}  // namespace

TEST_CASE("a signed pay is journaled with what came in, what was decided and what went out") {
  SimFixture fx;
  const pay::Token token = pay::mint(fx);
  REQUIRE_FALSE(token.access_token.empty());
  const std::string body = pay::pay_body("jr-pr-1", token.access_token, "100");
  const auto paid = fx.call(pay::kPay, body);
  REQUIRE(paid.code() == "SUCCESS");

  const auto e = only(fx, "paymentRequestId=jr-pr-1");
  CHECK(text(e, "id").starts_with("req-"));
  CHECK(text(e, "merchant") == merchant_of(fx, fx.demo_client_id()));
  CHECK(text(e, "clientId") == fx.demo_client_id());
  CHECK(text(e, "operation") == "pay");
  CHECK(text(e, "receivedAt") == kFixtureStartTime);  // the virtual clock, frozen by the fixture
  CHECK_FALSE(text(e, "receivedAtWall").empty());
  const auto& request = e["request"];
  CHECK(text(request, "method") == "POST");
  CHECK(text(request, "path") == pay::kPay);
  CHECK(text(request, "body") == body);
  CHECK(request["bodyLength"].GetUint64() == body.size());
  CHECK_FALSE(request["bodyTruncated"].GetBool());
  CHECK(header(request["headers"], "client-id") == fx.demo_client_id());
  CHECK(header(request["headers"], "signature").starts_with("algorithm=RSA256,keyVersion=1,signature="));
  CHECK_FALSE(header(request["headers"], "request-time").empty());
  CHECK(text(e["verification"], "outcome") == "passed");
  CHECK_FALSE(e["verification"].HasMember("diagnosis"));
  CHECK(text(e["validation"], "outcome") == "passed");
  CHECK(e["scenario"].IsNull());
  CHECK(e["fault"].IsNull());
  const auto& response = e["response"];
  CHECK(response["status"].GetInt() == 200);
  CHECK(text(response, "body") == paid.body);
  CHECK(header(response["headers"], "signature") == *antom::server::find_header(paid.headers, "signature"));
  CHECK(text(e, "resultCode") == "SUCCESS");
  CHECK(text(e, "resultStatus") == "S");
  CHECK(text(e["ids"], "paymentRequestId") == "jr-pr-1");
  CHECK(text(e["ids"], "paymentId") == paid.text("paymentId"));  // from the answer
  CHECK(e["timings"]["totalMicros"].GetInt64() > 0);
  CHECK(e["timings"]["delayMs"].GetInt64() == 0);

  // The same entry by its id.
  const auto one = fx.control("GET", "/_sim/requests/" + text(e, "id"));
  REQUIRE(one.http_status == 200);
  CHECK(text(one.json, "id") == text(e, "id"));
  CHECK(text(one.json["request"], "body") == body);

  SUBCASE("a scenario that shaped the answer is named, with how it was chosen and its rule") {
    const auto refused = fx.call(pay::kPay, pay::pay_body("jr-pr-2", token.access_token, "100"),
                                 pay::with_scenario("pay-errors/RISK_REJECT"));
    REQUIRE(refused.code() == "RISK_REJECT");
    const auto s = only(fx, "paymentRequestId=jr-pr-2");
    CHECK(text(s["scenario"], "name") == "pay-errors");
    CHECK(text(s["scenario"], "via") == "header");
    CHECK_FALSE(text(s["scenario"], "rule").empty());
    CHECK(text(s, "resultCode") == "RISK_REJECT");
    CHECK(text(s, "resultStatus") == "F");
    CHECK(header(s["request"]["headers"], "x-sim-scenario") == "pay-errors/RISK_REJECT");
    CHECK(header(s["response"]["headers"], "x-sim-scenario-applied") == "pay-errors");
  }
  SUBCASE("a request refused by validation says why") {
    const auto bad = fx.call(pay::kPay, R"({"paymentRequestId":"jr-pr-3"})");
    REQUIRE(bad.code() == "PARAM_ILLEGAL");
    const auto s = only(fx, "paymentRequestId=jr-pr-3");
    CHECK(text(s["verification"], "outcome") == "passed");
    CHECK(text(s["validation"], "outcome") == "failed");
    CHECK(text(s["validation"], "message") == bad.message());
  }
}

TEST_CASE("the journal filters by merchant, operation, resultCode and ids, newest first, and pages") {
  SimFixture fx;
  const std::string b = fx.add_merchant("SANDBOX_JOURNAL_B");
  const pay::Token token = pay::mint(fx, "GCASH", fx.demo_client_id());  // two merchants: name the one
  const pay::Token token_b = pay::mint(fx, "GCASH", b);
  REQUIRE_FALSE(token.access_token.empty());
  REQUIRE_FALSE(token_b.access_token.empty());
  const auto paid = fx.call(pay::kPay, pay::pay_body("jr-filter-1", token.access_token, "100"));
  REQUIRE_MESSAGE(paid.code() == "SUCCESS", paid.body);
  const std::string payment_id = paid.text("paymentId");
  REQUIRE(fx.call(pay::kInquiry, pay::by_payment_id(payment_id)).code() == "SUCCESS");
  REQUIRE(fx.call(pay::kPay, pay::pay_body("jr-filter-2", token_b.access_token, "100"), pay::as_client(b)).code() == "SUCCESS");
  REQUIRE(fx.call(pay::kInquiry, pay::by_payment_id("no-such-payment")).code() == "ORDER_NOT_EXIST");

  const auto all = requests(fx);
  CHECK(all["total"].GetUint64() == 4);
  const auto all_ids = ids(all);
  REQUIRE(all_ids.size() == 4);
  for (std::size_t i = 1; i < all_ids.size(); ++i)  // newest first
    CHECK(*antom::server::parse_journal_id(all_ids[i - 1]) > *antom::server::parse_journal_id(all_ids[i]));
  CHECK(text(all["requests"][0], "resultCode") == "ORDER_NOT_EXIST");

  CHECK(text(only(fx, "merchant=" + b), "clientId") == b);
  CHECK(text(only(fx, "clientId=" + b), "clientId") == b);  // the other routes' name for it
  CHECK(requests(fx, "merchant=" + fx.demo_client_id())["requests"].Size() == 3);
  CHECK(requests(fx, "operation=inquiryPayment")["requests"].Size() == 2);
  CHECK(requests(fx, "operation=pay")["requests"].Size() == 2);
  CHECK(text(only(fx, "resultCode=ORDER_NOT_EXIST"), "operation") == "inquiryPayment");
  // paymentId: in the inquiry's request, and in the pay's answer.
  CHECK(requests(fx, "paymentId=" + payment_id)["requests"].Size() == 2);
  CHECK(text(only(fx, "paymentId=" + payment_id + "&operation=pay"), "id") == all_ids[3]);
  CHECK(requests(fx, "operation=pay&merchant=" + b + "&paymentRequestId=jr-filter-1")["requests"].Size() == 0);
  CHECK(requests(fx, "operation=pay&resultCode=SUCCESS&merchant=" + fx.demo_client_id())["total"].GetUint64() == 1);

  // Pages: limit, then the cursor, newest first, no entry twice.
  auto page = requests(fx, "limit=3");
  CHECK(ids(page) == std::vector<std::string>(all_ids.begin(), all_ids.begin() + 3));
  CHECK(page["total"].GetUint64() == 4);
  REQUIRE(page.HasMember("nextCursor"));
  page = requests(fx, "limit=3&cursor=" + text(page, "nextCursor"));
  CHECK(ids(page) == std::vector<std::string>{all_ids[3]});
  CHECK_FALSE(page.HasMember("nextCursor"));
}

TEST_CASE("a request with a wrong key is journaled with the signature diagnosis") {
  SimFixture fx;
  const std::string merchant = fx.add_merchant("SANDBOX_JOURNAL_SIG");
  const auto stranger = antom::server::RsaKey::generate(2048);
  const std::string time = "2026-03-01T10:00:00+08:00";
  const std::string sig = antom::server::signature_header(
      1, antom::server::sign_sha256(stranger, antom::server::signing_content("POST", kRevoke, merchant, time, kRevokeBody)));
  CallOptions o;
  o.client_id = merchant;
  o.request_time = time;
  o.signature_override = sig;
  const auto refused = fx.call(kRevoke, kRevokeBody, o);
  REQUIRE(refused.code() == "INVALID_SIGNATURE");

  const auto e = only(fx, "merchant=" + merchant);
  CHECK(text(e, "resultCode") == "INVALID_SIGNATURE");
  CHECK(text(e["verification"], "outcome") == "failed");
  CHECK(text(e["verification"]["diagnosis"], "verdict") == "UNREGISTERED_KEY");
  CHECK(text(e["verification"]["diagnosis"], "path") == kRevoke);
  CHECK(text(e["validation"], "outcome") == "notReached");
  CHECK(header(e["request"]["headers"], "signature") == sig);  // kept: it is test data
  CHECK(text(e["response"], "body") == refused.body);           // Antom's answer, unchanged
  // The filtered view still says the same.
  const auto diag = fx.control("GET", "/_sim/diagnostics/signatures?clientId=" + merchant);
  CHECK(text(diag.json["diagnoses"][0], "verdict") == "UNREGISTERED_KEY");

  SUBCASE("an unknown client id lands in the shared bucket") {
    CallOptions stranger_call;
    stranger_call.client_id = "NOBODY_KNOWN";
    REQUIRE(fx.call(kRevoke, kRevokeBody, stranger_call).code() == "INVALID_CLIENT");
    const auto s = only(fx, "clientId=NOBODY_KNOWN");
    CHECK(s["merchant"].IsNull());
    CHECK(text(s["verification"], "outcome") == "failed");
    CHECK(text(s["verification"], "message") == "The client-id NOBODY_KNOWN is not registered.");
  }
}

TEST_CASE("a faulted request records the fault instead of an answer") {
  SimFixture fx;
  const pay::Token token = pay::mint(fx);

  SUBCASE("reset: nothing was sent") {
    const auto r = fx.call(pay::kPay, pay::pay_body("jx-1", token.access_token, "100"),
                           pay::with_scenario("http-reset-before-commit"));
    CHECK_FALSE(r.error.empty());
    const auto e = only(fx, "paymentRequestId=jx-1");
    CHECK(text(e["scenario"], "name") == "http-reset-before-commit");
    CHECK(text(e["fault"], "httpFault") == "RESET_BEFORE_COMMIT");
    CHECK(text(e["fault"], "action") == "reset");
    CHECK(e["response"].IsNull());
  }
  SUBCASE("HTTP 500: the broken answer is what was sent") {
    const auto r = fx.call(pay::kPay, pay::pay_body("jx-2", token.access_token, "100"), pay::with_scenario("http-500"));
    REQUIRE(r.http_status == 500);
    const auto e = only(fx, "paymentRequestId=jx-2");
    CHECK(text(e["fault"], "httpFault") == "HTTP_500");
    CHECK(text(e["fault"], "action") == "write");
    CHECK(e["response"]["status"].GetInt() == 500);
    CHECK(text(e["response"], "body") == r.body);
    CHECK(text(e, "resultCode") == "HTTP_500");
    CHECK(e["resultStatus"].IsNull());
    CHECK(only(fx, "resultCode=HTTP_500")["id"] == e["id"]);
  }
  SUBCASE("latency: the delay is recorded") {
    REQUIRE(fx.call(pay::kPay, pay::pay_body("jx-3", token.access_token, "100"), pay::with_scenario("latency-fixed"))
                .code() == "SUCCESS");
    const auto e = only(fx, "paymentRequestId=jx-3");
    CHECK_FALSE(e["fault"].HasMember("httpFault"));
    CHECK(e["fault"]["delayMs"].GetInt64() == 200);
    CHECK(e["timings"]["delayMs"].GetInt64() == 200);
    CHECK(e["response"]["status"].GetInt() == 200);
  }
}

TEST_CASE("the journal keeps at most --journal-size entries per merchant, dropping the oldest") {
  FixtureOptions options;
  options.journal_size = 3;
  SimFixture fx(options);
  for (int i = 0; i < 5; ++i) (void)fx.call(kRevoke, R"({"accessToken":"bound-)" + std::to_string(i) + R"("})");
  const auto page = requests(fx);
  CHECK(page["limitPerMerchant"].GetUint64() == 3);
  CHECK(page["dropped"].GetUint64() == 2);
  const auto kept = ids(page);
  REQUIRE(kept.size() == 3);
  CHECK(text(page["requests"][2]["request"], "body") == R"({"accessToken":"bound-2"})");  // the oldest kept
  const auto oldest_kept = *antom::server::parse_journal_id(kept[2]);
  CHECK(fx.control("GET", "/_sim/requests/req-" + std::to_string(oldest_kept - 1)).http_status == 404);
  const auto metrics = fx.control("GET", "/metrics");
  CHECK(metrics.body.find("antom_sim_journal_entries{journal=\"requests\"} 3\n") != std::string::npos);
  CHECK(metrics.body.find("antom_sim_journal_dropped_total{journal=\"requests\"} 2\n") != std::string::npos);
}

// A full journal refills the entries it drops (RequestJournal::blank_entry): nothing of an earlier
// request may show through in a later one.
TEST_CASE("an entry reused after a drop shows only its own request") {
  FixtureOptions options;
  options.journal_size = 1;
  SimFixture fx(options);
  const pay::Token token = pay::mint(fx);
  REQUIRE_FALSE(token.access_token.empty());

  // A scenario with a fault and ids; then a refusal with a diagnosis; then a plain call.
  (void)fx.call(pay::kPay, pay::pay_body("jr-reuse-1", token.access_token, "100"),
                pay::with_scenario("http-500"));
  const auto first = only(fx, "");
  REQUIRE(first["scenario"].IsObject());
  REQUIRE(first["fault"].IsObject());
  REQUIRE(first["ids"].HasMember("paymentRequestId"));

  CallOptions bad;
  bad.signature_override = "algorithm=RSA256,keyVersion=1,signature=QUJD";
  REQUIRE(fx.call(kRevoke, kRevokeBody, bad).code() == "INVALID_SIGNATURE");
  const auto second = only(fx, "");
  CHECK(second["scenario"].IsNull());
  CHECK(second["fault"].IsNull());
  CHECK(text(second["verification"], "outcome") == "failed");
  CHECK(second["verification"].HasMember("diagnosis"));
  CHECK(text(second["request"], "body") == kRevokeBody);
  CHECK(header(second["request"]["headers"], "x-sim-scenario").empty());
  CHECK(second["ids"].ObjectEmpty());

  REQUIRE(fx.call(kRevoke, kRevokeBody).code() != "INVALID_SIGNATURE");
  const auto third = only(fx, "");
  CHECK(text(third["verification"], "outcome") == "passed");
  CHECK_FALSE(third["verification"].HasMember("diagnosis"));
  CHECK_FALSE(third["verification"].HasMember("message"));
  CHECK(third["scenario"].IsNull());
  CHECK(text(third, "operation") == "revoke");
  CHECK(text(third["request"], "body") == kRevokeBody);
  CHECK(text(third, "resultCode") == "INVALID_ACCESS_TOKEN");
  CHECK(requests(fx)["dropped"].GetUint64() == 2);
}

TEST_CASE("a journal of size 0 records nothing") {
  FixtureOptions options;
  options.journal_size = 0;
  SimFixture fx(options);
  (void)fx.call(kRevoke, kRevokeBody);
  const auto page = requests(fx);
  CHECK(page["requests"].Size() == 0);
  CHECK(page["limitPerMerchant"].GetUint64() == 0);
}

TEST_CASE("an oversized body is stored truncated, and said so") {
  SimFixture fx;
  const std::string body = R"({"accessToken":")" + std::string(100 * 1024, 'a') + R"("})";
  REQUIRE(fx.call(kRevoke, body).code() == "PARAM_ILLEGAL");
  const auto e = only(fx, "operation=revoke");
  CHECK(e["request"]["bodyTruncated"].GetBool());
  CHECK(e["request"]["bodyLength"].GetUint64() == body.size());
  CHECK(text(e["request"], "body") == body.substr(0, 64 * 1024));
}

TEST_CASE("a body that is not UTF-8 is kept as base64") {
  SimFixture fx;
  const std::string body = "{\"accessToken\":\"\xff\xfe\"}";
  REQUIRE(fx.call(kRevoke, body).code() == "PARAM_ILLEGAL");
  const auto e = only(fx, "operation=revoke");
  CHECK_FALSE(e["request"].HasMember("body"));
  CHECK(text(e["request"], "bodyBase64") == antom::server::base64_encode(body));
}

TEST_CASE("bad queries are refused naming the problem; unknown ids are 404") {
  SimFixture fx;
  (void)fx.call(kRevoke, kRevokeBody);
  const auto check_400 = [&](const std::string& query, const std::string& named) {
    const auto r = fx.control("GET", "/_sim/requests?" + query);
    CHECK_MESSAGE(r.http_status == 400, query);
    CHECK_MESSAGE(r.body.find(named) != std::string::npos, r.body);
  };
  check_400("merchnt=x", "merchnt");
  check_400("operation=payy", "payy");
  check_400("resultCode=SUCCES", "SUCCES");
  check_400("limit=0", "limit");
  check_400("limit=1001", "limit");
  check_400("limit=ten", "limit");
  check_400("cursor=abc", "cursor");
  check_400("paymentId=", "paymentId");
  check_400("merchant=A&clientId=B", "clientId");
  CHECK(fx.control("DELETE", "/_sim/requests?operation=pay").http_status == 400);
  for (const std::string id : {"req-999999", "req-abc", "req-0", "999"}) {
    const auto r = fx.control("GET", "/_sim/requests/" + id);
    CHECK_MESSAGE(r.http_status == 404, id);
    CHECK(text(r.json, "error") == "NOT_FOUND");
  }
}

TEST_CASE("DELETE /_sim/requests and POST /_sim/reset clear the journal") {
  SimFixture fx;
  const std::string b = fx.add_merchant("SANDBOX_JOURNAL_CLEAR");
  (void)fx.call(kRevoke, kRevokeBody);
  (void)fx.call(kRevoke, kRevokeBody, pay::as_client(b));
  (void)fx.call(kRevoke, kRevokeBody, pay::as_client(b));
  auto cleared = fx.control("DELETE", "/_sim/requests?merchant=" + b);
  REQUIRE(cleared.http_status == 200);
  CHECK(cleared.json["cleared"].GetUint64() == 2);
  CHECK(requests(fx)["requests"].Size() == 1);
  (void)fx.call(kRevoke, kRevokeBody, pay::as_client(b));
  REQUIRE(fx.control("POST", "/_sim/reset").http_status == 200);
  CHECK(requests(fx)["requests"].Size() == 0);
  (void)fx.call(kRevoke, kRevokeBody);
  cleared = fx.control("DELETE", "/_sim/requests");
  CHECK(cleared.json["cleared"].GetUint64() == 1);
  CHECK(requests(fx)["total"].GetUint64() == 0);
}

TEST_CASE("with --verify-signatures off, verification is journaled as skipped") {
  FixtureOptions options;
  options.verify_signatures = false;
  SimFixture fx(options);
  CallOptions o;
  o.signature_override = "algorithm=RSA256,keyVersion=1,signature=QUJD";  // would not verify
  REQUIRE(fx.call(kRevoke, kRevokeBody, o).code() != "INVALID_SIGNATURE");
  const auto e = only(fx, "operation=revoke");
  CHECK(text(e["verification"], "outcome") == "skipped");
  CHECK(text(e["validation"], "outcome") == "passed");
}
