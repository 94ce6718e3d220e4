// declare and inquiryDeclarationRequests through signed requests: China customs, CNY, the
// cumulative limit, idempotency and modification, statuses on the clock, batch inquiry limits;
// and the whole Auto Debit journey from consult to cancel.
#include <doctest/doctest.h>

#include "tests/e2e/payment_support.hpp"

using namespace antom::test;
using namespace antom::test::pay;
using namespace std::chrono_literals;

namespace {
std::string cny_payment(SimFixture& fx, const Token& t, const std::string& request_id, const std::string& value) {
  auto r = fx.call(kPay, pay_body(request_id, t.access_token, value, "CNY", "ALIPAY_CN"));
  REQUIRE(r.code() == "SUCCESS");
  return r.text("paymentId");
}
std::string ids_body(const std::vector<std::string>& ids) {
  std::string body = R"({"declarationRequestIds":[)";
  for (std::size_t i = 0; i < ids.size(); ++i) body += (i ? ",\"" : "\"") + ids[i] + "\"";
  return body + "]}";
}
}  // namespace

TEST_CASE("declarations add up to at most the payment, in CNY, to China customs") {
  SimFixture fx;
  const Token t = mint(fx, "ALIPAY_CN");
  const std::string id = cny_payment(fx, t, "D-1", "50000");  // without needDeclaration
  std::string with_flag = pay_body("D-2", t.access_token, "20000", "CNY", "ALIPAY_CN");
  with_flag.replace(with_flag.find("\"orderDescription\""), 0, R"("needDeclaration":true,)");
  auto flagged = fx.call(kPay, with_flag);
  REQUIRE(flagged.code() == "SUCCESS");
  auto inq = fx.call(kInquiry, by_payment_id(flagged.text("paymentId")));
  CHECK(inq.text("customsDeclarationAmount.value") == "20000");
  CHECK(inq.text("customsDeclarationAmount.currency") == "CNY");
  // Antom returns it for every successful Alipay (China) payment, flag or not.
  CHECK(fx.call(kInquiry, by_payment_id(id)).text("customsDeclarationAmount.value") == "50000");

  auto d1 = fx.call(kDeclare, declare_body("DEC-1", id, "30000", "ZONGSHU", R"(,"splitOrder":true,"subOrderId":"SUB-1")"));
  CHECK(d1.signature_ok);
  CHECK(d1.code() == "SUCCESS");
  CHECK(d1.text("customsOrderId") == "SUB-1");
  CHECK_FALSE(d1.text("customsPaymentId").empty());
  CHECK(d1.text("customsProviderRegistrationId") == "31222699S7");
  auto d2 = fx.call(kDeclare, declare_body("DEC-2", id, "20000", "SHANGHAI_CBT", R"(,"splitOrder":true,"subOrderId":"SUB-2")"));
  CHECK(d2.code() == "SUCCESS");
  auto over = fx.call(kDeclare, declare_body("DEC-3", id, "1", "ZONGSHU", R"(,"splitOrder":true,"subOrderId":"SUB-3")"));
  CHECK(over.code() == "PARAM_ILLEGAL");
  CHECK(over.message().find("declarationAmount") != std::string::npos);

  // idempotent replay, another payment under the same id, a modification
  CHECK(fx.call(kDeclare, declare_body("DEC-1", id, "30000", "ZONGSHU", R"(,"splitOrder":true,"subOrderId":"SUB-1")"))
            .text("customsPaymentId") == d1.text("customsPaymentId"));
  CHECK(fx.call(kDeclare, declare_body("DEC-1", flagged.text("paymentId"), "100")).code() == "REPEAT_REQ_INCONSISTENT");
  CHECK(fx.call(kDeclare, declare_body("DEC-1", id, "30001", "ZONGSHU", R"(,"splitOrder":true,"subOrderId":"SUB-1")"))
            .code() == "PARAM_ILLEGAL");  // the modified total would exceed the payment
  auto modified = fx.call(kDeclare, declare_body("DEC-1", id, "25000", "NINGBO", R"(,"splitOrder":true,"subOrderId":"SUB-1")"));
  CHECK(modified.code() == "SUCCESS");
  CHECK(fx.call(kDeclare, declare_body("DEC-4", id, "5000", "ZONGSHU", R"(,"splitOrder":true,"subOrderId":"SUB-4")"))
            .code() == "SUCCESS");

  auto q = fx.call(kInquiryDeclarations, ids_body({"DEC-1", "DEC-2", "DEC-404"}));
  CHECK(q.code() == "SUCCESS");
  REQUIRE(q.json["declarationRecords"].Size() == 2);
  const auto& rec = q.json["declarationRecords"][0];
  CHECK(std::string(rec["declarationRequestId"].GetString()) == "DEC-1");
  CHECK(std::string(rec["declarationRequestStatus"].GetString()) == "PROCESSING");
  CHECK(std::string(rec["customs"]["customsCode"].GetString()) == "NINGBO");
  CHECK(std::string(rec["declarationAmount"]["value"].GetString()) == "25000");
  CHECK(rec["splitOrder"].IsBool());
  REQUIRE(q.json["declarationRequestsNotFound"].Size() == 1);
  CHECK(std::string(q.json["declarationRequestsNotFound"][0].GetString()) == "DEC-404");
  fx.advance(1min);
  auto later = fx.call(kInquiryDeclarations, ids_body({"DEC-1"}));
  CHECK(std::string(later.json["declarationRecords"][0]["declarationRequestStatus"].GetString()) == "SUCCESS");
  CHECK(std::string(later.json["declarationRecords"][0]["customsDeclarationResultCode"].GetString()) == "SUCCESS");
  CHECK(fx.control("GET", "/_sim/declarations?paymentId=" + id).json["total"].GetInt() == 3);
}

TEST_CASE("declare refusals and inquiry limits") {
  SimFixture fx;
  const Token t = mint(fx, "ALIPAY_CN");
  const std::string id = cny_payment(fx, t, "DR-1", "10000");
  std::string usd = declare_body("DR-D1", id, "100");
  usd.replace(usd.find("\"CNY\""), 5, "\"USD\"");
  CHECK(fx.call(kDeclare, usd).code() == "PARAM_ILLEGAL");
  std::string abroad = declare_body("DR-D2", id, "100");
  abroad.replace(abroad.find("\"region\":\"CN\""), 13, "\"region\":\"US\"");
  CHECK(fx.call(kDeclare, abroad).code() == "PARAM_ILLEGAL");
  CHECK(fx.call(kDeclare, declare_body("DR-D3", id, "100", "MOON")).code() == "PARAM_ILLEGAL");
  CHECK(fx.call(kDeclare, declare_body(std::string(33, 'x'), id, "100")).code() == "PARAM_ILLEGAL");
  CHECK(fx.call(kDeclare, declare_body(std::string(32, 'x'), id, "100")).code() == "SUCCESS");
  CHECK(fx.call(kDeclare, declare_body("DR-D4", id, "100", "ZONGSHU", R"(,"splitOrder":true)")).code() ==
        "PARAM_ILLEGAL");  // subOrderId is required with splitOrder
  CHECK(fx.call(kDeclare, declare_body("DR-D5", "20260301194000000000000000000", "100")).code() == "ORDER_NOT_EXIST");

  fx.control("POST", "/_sim/buyers/" + t.buyer_id, R"({"balance":"0"})");
  REQUIRE(fx.call(kPay, pay_body("DR-2", t.access_token, "10000", "CNY", "ALIPAY_CN")).code() ==
          "USER_BALANCE_NOT_ENOUGH");
  const std::string failed = fx.call(kInquiry, by_request_id("DR-2")).text("paymentId");
  CHECK(fx.call(kDeclare, declare_body("DR-D6", failed, "100")).code() == "ORDER_STATUS_INVALID");

  std::vector<std::string> eleven;
  for (int i = 0; i < 11; ++i) eleven.push_back("ID-" + std::to_string(i));
  CHECK(fx.call(kInquiryDeclarations, ids_body(eleven)).code() == "PARAM_ILLEGAL");
  eleven.pop_back();
  auto ten = fx.call(kInquiryDeclarations, ids_body(eleven));
  CHECK(ten.code() == "SUCCESS");
  CHECK(ten.json["declarationRequestsNotFound"].Size() == 10);
  CHECK(fx.call(kInquiryDeclarations, ids_body({std::string(33, 'y')})).code() == "PARAM_ILLEGAL");
  CHECK(fx.call(kInquiryDeclarations, "{}").code() == "PARAM_ILLEGAL");
}

TEST_CASE("the whole journey: consult, applyToken, pay, inquiry, partial refund, declare, cancel") {
  SimFixture fx;
  auto consult = fx.call("/ams/api/v1/authorizations/consult",
                         R"({"customerBelongsTo":"ALIPAY_CN","authRedirectUrl":"https://merchant.example/back",)"
                         R"("scopes":["AGREEMENT_PAY"],"authState":"s-1","terminalType":"WEB"})");
  REQUIRE(consult.code() == "SUCCESS");
  auto attempts = fx.control("GET", "/_sim/authorizations");
  REQUIRE(attempts.json["authorizations"].Size() == 1);
  const std::string attempt = attempts.json["authorizations"][0]["attemptId"].GetString();
  auto approved = fx.control("POST", "/_sim/authorizations/" + attempt + "/approve");
  REQUIRE(approved.http_status == 200);
  const std::string code = approved.json["authCode"].GetString();
  auto token = fx.call("/ams/api/v1/authorizations/applyToken",
                       R"({"grantType":"AUTHORIZATION_CODE","customerBelongsTo":"ALIPAY_CN","authCode":")" + code + "\"}");
  REQUIRE(token.code() == "SUCCESS");
  const std::string access = token.text("accessToken");

  std::string body = pay_body("J-1", access, "88800", "CNY", "ALIPAY_CN");
  body.replace(body.find("\"orderDescription\""), 0, R"("needDeclaration":"true",)");
  auto p = fx.call(kPay, body);
  REQUIRE(p.code() == "SUCCESS");
  const std::string id = p.text("paymentId");
  auto inq = fx.call(kInquiry, by_payment_id(id));
  CHECK(inq.text("paymentStatus") == "SUCCESS");
  CHECK(inq.text("customsDeclarationAmount.value") == "88800");

  auto refund = fx.call(kRefund, refund_body("J-R1", id, "800", "CNY"));
  REQUIRE(refund.code() == "SUCCESS");
  auto inq_refund = fx.call(kInquiryRefund, R"({"refundId":")" + refund.text("refundId") + "\"}");
  CHECK(inq_refund.text("refundStatus") == "SUCCESS");
  CHECK(inq_refund.text("refundAmount.value") == "800");

  REQUIRE(fx.call(kDeclare, declare_body("J-D1", id, inq.text("customsDeclarationAmount.value"))).code() == "SUCCESS");
  auto decl = fx.call(kInquiryDeclarations, ids_body({"J-D1"}));
  CHECK(decl.json["declarationRecords"].Size() == 1);
  auto after = fx.call(kInquiry, by_payment_id(id));
  CHECK(after.json["transactions"].Size() == 1);

  auto second = fx.call(kPay, pay_body("J-2", access, "1200", "CNY", "ALIPAY_CN"));
  REQUIRE(second.code() == "SUCCESS");
  CHECK(fx.call(kCancel, by_payment_id(second.text("paymentId"))).code() == "SUCCESS");
  CHECK(fx.call(kInquiry, by_request_id("J-2")).text("paymentStatus") == "CANCELLED");
  CHECK(fx.call(kCancel, by_payment_id(id)).code() == "PROCESS_FAIL");  // the first has a refund
}
