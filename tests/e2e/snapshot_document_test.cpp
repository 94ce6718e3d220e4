// Snapshot documents over real sockets: export (a kept snapshot or the live state), import and
// round trip, loading a document into a fresh simulator, and damaged or hand-edited documents
// refused with a message naming the problem while the live state stays as it was.
#include <doctest/doctest.h>

#include "tests/e2e/payment_support.hpp"

using namespace antom::test;
using namespace antom::test::pay;
using namespace std::chrono_literals;

namespace {

// A merchant with a token, a funded buyer, a payment, a refund, and a notification whose endpoint
// refuses (port 9 on loopback: nothing listens), so it is mid-retry.
struct Populated {
  Token token;
  std::string payment_id;
  std::string inquiry;
};

Populated populate(SimFixture& fx) {
  REQUIRE(fx.control("POST", "/_sim/merchants",
                     R"({"clientId":")" + fx.demo_client_id() + R"(","notifyUrl":"http://127.0.0.1:9/notify"})")
              .http_status == 200);
  Populated p;
  p.token = mint(fx);
  auto pay = fx.call(kPay, pay_body("DOC-1", p.token.access_token, "10000"));
  REQUIRE(pay.code() == "SUCCESS");
  p.payment_id = pay.text("paymentId");
  REQUIRE(fx.call(kRefund, refund_body("DOC-R1", p.payment_id, "2500")).code() == "SUCCESS");
  REQUIRE(fx.control("POST", "/_sim/scenarios/pay-errors/activate", R"({"clientId":")" + fx.demo_client_id() +
                                                                        R"(","arg":"SYSTEM_ERROR"})").http_status == 200);
  p.inquiry = fx.call(kInquiry, by_payment_id(p.payment_id)).body;
  // Let the sender finish its attempts at the refusing endpoint: an export taken while one is in
  // flight shows IN_FLIGHT, which an import makes PENDING again, so two exports would differ.
  REQUIRE(fx.control("POST", "/_sim/notifications/flush?timeout=10s").http_status == 200);
  return p;
}

std::string without_name(std::string doc, const std::string& name) {
  const std::string key = "\"name\":\"" + name + "\"";
  if (auto at = doc.find(key); at != std::string::npos) doc.replace(at, key.size(), "\"name\":\"X\"");
  return doc;
}

std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("export then import gives the same document; applying it brings the state back") {
  SimFixture fx;
  const Populated p = populate(fx);
  auto live = fx.control("GET", "/_sim/snapshots/live");
  REQUIRE(live.http_status == 200);
  CHECK(live.json["antomSimSnapshot"].GetInt() == 1);
  CHECK(live.json["merchants"].Size() == 1);
  CHECK(live.body.find("\"notifications\"") != std::string::npos);

  auto kept = fx.control("POST", "/_sim/snapshots?name=copy", live.body);
  REQUIRE(kept.http_status == 201);
  CHECK(kept.json["counts"]["payments"].GetInt() == 1);
  CHECK(kept.json["counts"]["refunds"].GetInt() == 1);
  auto again = fx.control("GET", "/_sim/snapshots/copy");
  REQUIRE(again.http_status == 200);
  CHECK(without_name(again.body, "copy") == without_name(live.body, "live"));

  // Into a fresh simulator: the same answers, the token still pays, the buyer's balance is there.
  SimFixture other;
  auto applied = other.control("POST", "/_sim/snapshots?apply=true", live.body);
  INFO(applied.body.substr(0, 300));
  REQUIRE(applied.http_status == 201);
  CHECK(applied.json["restored"].GetBool());
  CHECK(other.call(kInquiry, by_payment_id(p.payment_id)).body == p.inquiry);
  CHECK(balance(other, p.token.buyer_id, "PHP") == balance(fx, p.token.buyer_id, "PHP"));
  CHECK(other.control("GET", "/_sim/scenarios/active").body == fx.control("GET", "/_sim/scenarios/active").body);
  auto note = notices(other, "PAYMENT_RESULT");
  REQUIRE(note.size() == 1);
  CHECK(note[0].url.empty());
  CHECK(payload_text(note[0].payload, "paymentId") == p.payment_id);
  // A merchant-scoped export of the live state holds that merchant only.
  auto one = fx.control("GET", "/_sim/snapshots/live?clientId=" + fx.demo_client_id());
  REQUIRE(one.http_status == 200);
  CHECK(std::string(one.json["scope"].GetString()) == "merchant");
  CHECK(fx.control("GET", "/_sim/snapshots/live?clientId=SANDBOX_NOBODY").http_status == 404);
  CHECK(fx.control("GET", "/_sim/snapshots/nope").http_status == 404);
}

TEST_CASE("damaged and hand-edited documents are refused, naming the problem; the live state is unchanged") {
  SimFixture fx;
  const Populated p = populate(fx);
  const std::string doc = fx.control("GET", "/_sim/snapshots/live").body;
  // (The notification sender keeps trying the refusing endpoint meanwhile: compare what it does not touch.)
  auto unchanged = [&] {
    return fx.control("GET", "/_sim/payments").body + fx.control("GET", "/_sim/refunds").body +
           fx.control("GET", "/_sim/merchants").body + fx.control("GET", "/_sim/scenarios/active").body;
  };
  const std::string before = unchanged();

  auto refused = [&](const std::string& body, const std::string& words) {
    auto r = fx.control("POST", "/_sim/snapshots?name=bad&apply=true", body);
    CHECK(r.http_status == 400);
    const std::string message = r.json.HasMember("message") ? r.json["message"].GetString() : r.body;
    CAPTURE(message);
    CHECK(message.find(words) != std::string::npos);
  };
  refused(doc.substr(0, doc.size() / 2), "not valid JSON");
  refused(replace_once(doc, "\"antomSimSnapshot\":1", "\"antomSimSnapshot\":2"), "version 2");
  refused(replace_once(doc, "\"refundRequestId\":\"DOC-R1\",\"paymentId\":\"" + p.payment_id + "\"",
                       "\"refundRequestId\":\"DOC-R1\",\"paymentId\":\"20990101000000000000000000000\""),
          "/merchants/0/refunds/0/paymentId: names no payment");
  refused(replace_once(doc, "\"attemptId\":\"", "\"attemptId\":\"gone"), "not in attempts");
  refused(replace_once(doc, "\"paymentRequestId\":\"DOC-1\"", "\"paymentRequestId\":\"DOC-1\",\"colour\":\"red\""),
          "/merchants/0/payments/0/colour: unknown field");
  refused(replace_once(doc, "\"status\":\"SUCCESS\"", "\"status\":\"DONE\""), "must be one of");
  refused(replace_once(doc, "\"scenario\":\"pay-errors\"", "\"scenario\":\"no-such-scenario\""), "no scenario named");
  refused(R"({"antomSimSnapshot":1,"merchants":[{"clientId":"SANDBOX_X"}]})", "registration: is required");
  refused("[1,2]", "JSON object");
  refused(R"({"name":"x","antomSimSnapshot":"1"})", "not one this antom-sim reads");
  // Lifetimes and the clock stay inside what the control API accepts (no time past the clock's range).
  refused(replace_once(doc, "\"accessTokenTtlSeconds\":2592000", "\"accessTokenTtlSeconds\":9000000000000000000"),
          "/wallets/0/accessTokenTtlSeconds: must be 1 to 315360000 seconds (10 years)");
  refused(replace_once(doc, "\"authCodeTtlSeconds\":600", "\"authCodeTtlSeconds\":0"), "authCodeTtlSeconds: must be 1 to");
  refused(replace_once(doc, "\"frozenAt\":\"2026-03-01T02:00:00.000Z\"", "\"frozenAt\":\"9995-01-01T00:00:00.000Z\""),
          "/clock/frozenAt: puts the clock outside its range");
  refused(replace_once(doc, "\"frozenAt\":\"2026-03-01T02:00:00.000Z\"", "\"frozenAt\":9000000000000000000"),
          "/clock/frozenAt: is outside the times antom-sim keeps (1970-01-01T00:00:00+00:00 to 9999-12-");
  refused(replace_once(replace_once(doc, "\"frozen\":true", "\"frozen\":false"), "\"offsetMs\":0", "\"offsetMs\":9223372036854775807"),
          "/clock/offsetMs: puts the clock outside its range");
  // The notification journal: ids, their order, and what a payload may hold.
  refused(replace_once(doc, "\"id\":\"ntf_", "\"id\":\"xtf_"), "is not ntf_<number>");
  refused(replace_once(doc, "\"id\":\"ntf_000002\"", "\"id\":\"ntf_000001\""), "notification ids are not in ascending order at \"ntf_000001\"");
  refused(replace_once(doc, "\"id\":\"ntf_000001\"", "\"id\":\"ntf_999999\""), "notification id \"ntf_999999\" is not below nextSequence");
  refused(replace_once(doc, "\"payload\":{", "\"payload\":{\"fee\":12,"), "/payload/fee: a payload holds strings, booleans, objects and arrays only");
  refused(replace_once(doc, "\"payload\":{", "\"payload\":{\"list\":[\"a\",{}],"), "/payload/list/1: must be a string like the others");

  CHECK(unchanged() == before);
  CHECK(fx.control("GET", "/_sim/snapshots").json["snapshots"].Size() == 0);
  CHECK(fx.call(kInquiry, by_payment_id(p.payment_id)).body == p.inquiry);
}

TEST_CASE("a document carries what is still to come: a PROCESSING payment, a declaration at customs, a pending auth code") {
  SimFixture fx;
  const Token cn = mint(fx, "ALIPAY_CN");
  const Token ph = mint(fx);
  auto paid = fx.call(kPay, pay_body("DOC-CN", cn.access_token, "50000", "CNY", "ALIPAY_CN"));
  REQUIRE(paid.code() == "SUCCESS");
  REQUIRE(fx.call(kDeclare, declare_body("DOC-D1", paid.text("paymentId"), "30000")).code() == "SUCCESS");
  auto processing = fx.call(kPay, pay_body("DOC-P", ph.access_token, "3000"), with_scenario("pay-processing-then-success"));
  REQUIRE(processing.code() == "PAYMENT_IN_PROCESS");
  auto consult = fx.call("/ams/api/v1/authorizations/consult",
                         R"({"customerBelongsTo":"GCASH","authRedirectUrl":"https://m.example/back","scopes":["AGREEMENT_PAY"],)"
                         R"("authState":"st-1","terminalType":"WEB"})");
  REQUIRE(consult.code() == "SUCCESS");
  const std::string declarations = R"({"declarationRequestIds":["DOC-D1"]})";

  const std::string doc = fx.control("GET", "/_sim/snapshots/live").body;
  SimFixture other;
  REQUIRE(other.control("POST", "/_sim/snapshots?name=copy&apply=true", doc).http_status == 201);
  auto copy = other.control("GET", "/_sim/snapshots/copy");
  CHECK(without_name(copy.body, "copy") == without_name(doc, "live"));

  const std::string at_customs = fx.call(kInquiryDeclarations, declarations).body;
  CHECK(other.call(kInquiryDeclarations, declarations).body == at_customs);
  for (SimFixture* f : {&fx, &other}) {
    CAPTURE(f == &fx);
    CHECK(f->call(kInquiry, by_request_id("DOC-P")).text("paymentStatus") == "PROCESSING");
    f->advance(std::chrono::hours(1));
    CHECK(f->call(kInquiry, by_request_id("DOC-P")).text("paymentStatus") == "SUCCESS");
  }
  const std::string returned = fx.call(kInquiryDeclarations, declarations).body;
  CHECK(returned != at_customs);  // customs answered meanwhile, in both
  CHECK(other.call(kInquiryDeclarations, declarations).body == returned);
}
