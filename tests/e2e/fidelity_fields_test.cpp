// Issue #15, request fields as Antom documents them, through signed requests: declare without
// splitOrder (as the Go and Python SDKs send it), and merchantRegion as any ISO 3166 alpha-2 code.
#include <doctest/doctest.h>

#include "tests/e2e/authorization_support.hpp"
#include "tests/e2e/payment_support.hpp"

using namespace antom::test;
using namespace antom::test::pay;

namespace {
std::string paid_cny(SimFixture& fx, const std::string& request_id) {
  const Token t = mint(fx, "ALIPAY_CN");
  auto r = fx.call(kPay, pay_body(request_id, t.access_token, "50000", "CNY", "ALIPAY_CN"));
  REQUIRE(r.code() == "SUCCESS");
  return r.text("paymentId");
}
// A declare body with the splitOrder member as given ("" = left out).
std::string declare_with(const std::string& request_id, const std::string& payment_id, const std::string& split) {
  std::string body = R"({"declarationRequestId":")" + request_id + R"(","paymentId":")" + payment_id +
                     R"(","declarationAmount":{"currency":"CNY","value":"1000"},)" +
                     R"("customs":{"customsCode":"ZONGSHU","region":"CN"},)" +
                     R"("merchantCustomsInfo":{"merchantCustomsCode":"MC001","merchantCustomsName":"Demo Trading"})";
  if (!split.empty()) body += R"(,"splitOrder":)" + split;
  return body + "}";
}
}  // namespace

TEST_CASE("declare accepts splitOrder absent, as a boolean and as a string; absent means false") {
  SimFixture fx;
  const std::string id = paid_cny(fx, "FS-1");
  auto absent = fx.call(kDeclare, declare_with("FS-D1", id, ""));
  CHECK(absent.signature_ok);
  CHECK(absent.code() == "SUCCESS");
  CHECK(fx.call(kDeclare, declare_with("FS-D2", id, "false")).code() == "SUCCESS");
  CHECK(fx.call(kDeclare, declare_with("FS-D3", id, "\"false\"")).code() == "SUCCESS");
  // Absent is false: the record says so, as a JSON boolean.
  auto q = fx.call(kInquiryDeclarations, R"({"declarationRequestIds":["FS-D1"]})");
  REQUIRE(q.json.HasMember("declarationRecords"));
  REQUIRE(q.json["declarationRecords"][0]["splitOrder"].IsBool());
  CHECK_FALSE(q.json["declarationRecords"][0]["splitOrder"].GetBool());
  // true still needs subOrderId; a non-boolean is still refused.
  auto split = fx.call(kDeclare, declare_with("FS-D4", id, "\"true\""));
  CHECK(split.code() == "PARAM_ILLEGAL");
  CHECK(split.message().find("subOrderId") != std::string::npos);
  auto bad = fx.call(kDeclare, declare_with("FS-D5", id, "\"maybe\""));
  CHECK(bad.code() == "PARAM_ILLEGAL");
  CHECK(bad.message().find("splitOrder") != std::string::npos);
}

TEST_CASE("merchantRegion takes any ISO 3166 alpha-2 code on consult, applyToken and pay") {
  SimFixture fx;
  for (const char* region : {"HK", "CN", "BR", "AU", "MY", "SG", "US"}) {
    CAPTURE(region);
    const std::string body = R"({"customerBelongsTo":"GCASH","authRedirectUrl":"https://m.example/back",)"
                             R"("scopes":["AGREEMENT_PAY"],"authState":"st-1","terminalType":"WEB","merchantRegion":")" +
                             std::string(region) + "\"}";
    auto r = fx.call(auth::kConsult, body);
    CHECK(r.signature_ok);
    CHECK(r.code() == "SUCCESS");
  }
  auto code = fx.call(auth::kApplyToken,
                      R"({"grantType":"AUTHORIZATION_CODE","customerBelongsTo":"GCASH","authCode":"nope","merchantRegion":"HK"})");
  CHECK(code.code() == "INVALID_CODE");  // past validation: the region was accepted
  const Token t = mint(fx);
  CHECK(fx.call(kPay, pay_body("FS-R1", t.access_token, "10000", "PHP", "GCASH", R"(,"merchantRegion":"BR")")).code() ==
        "SUCCESS");
  for (const char* bad : {"sg", "SGP", "S1", "1"}) {
    CAPTURE(bad);
    auto r = fx.call(kPay, pay_body(std::string("FS-RB-") + bad, t.access_token, "10000", "PHP", "GCASH",
                                    std::string(R"(,"merchantRegion":")") + bad + "\""));
    CHECK(r.code() == "PARAM_ILLEGAL");
    CHECK(r.message() == "The parameter merchantRegion must be an ISO 3166 alpha-2 country or region code.");
  }
}

TEST_CASE("a token without the AGREEMENT_PAY scope cannot pay: INVALID_ACCESS_TOKEN naming the scope") {
  SimFixture fx;
  // Through consult and the wallet page, as a merchant's code would get it.
  const std::string body = R"({"customerBelongsTo":"GCASH","authRedirectUrl":"https://m.example/back",)"
                           R"("scopes":["BASE_USER_INFO"],"authState":"st-9","terminalType":"WEB"})";
  auto c = fx.call(auth::kConsult, body);
  REQUIRE(c.code() == "SUCCESS");
  auto t = auth::exchange_code(fx, auth::approve(fx, c));
  REQUIRE(t.code() == "SUCCESS");
  const std::string token = t.text("accessToken");
  auto r = fx.call(kPay, pay_body("SC-1", token, "10000"));
  CHECK(r.signature_ok);
  CHECK(r.code() == "INVALID_ACCESS_TOKEN");
  CHECK(r.status() == "F");
  CHECK(r.message() == "The access token was not granted the AGREEMENT_PAY scope.");
  // A minted token with the same scopes answers the same; with AGREEMENT_PAY it pays.
  auto minted = fx.control("POST", "/_sim/authorizations/tokens", R"({"customerBelongsTo":"GCASH","scopes":["USER_INFO"]})");
  REQUIRE(minted.http_status == 201);
  CHECK(fx.call(kPay, pay_body("SC-2", minted.json["accessToken"].GetString(), "10000")).code() == "INVALID_ACCESS_TOKEN");
  const Token ok = mint(fx);
  CHECK(fx.call(kPay, pay_body("SC-3", ok.access_token, "10000")).code() == "SUCCESS");
  // The token is still good for what it was granted: revoke accepts it.
  CHECK(auth::revoke(fx, token).code() == "SUCCESS");
}

TEST_CASE("consult for a WEB terminal returns authCodeForm, a QR code of the wallet page; other terminals do not") {
  SimFixture fx;
  auto web = auth::consult(fx);
  REQUIRE(web.code() == "SUCCESS");
  CHECK(web.signature_ok);
  REQUIRE(web.json.HasMember("authCodeForm"));
  const auto& details = web.json["authCodeForm"]["codeDetails"];
  REQUIRE(details.IsArray());
  REQUIRE(details.Size() == 1);
  CHECK(std::string(details[0]["codeValueType"].GetString()) == "QRCODE");
  CHECK(std::string(details[0]["displayType"].GetString()) == "TEXT");
  const std::string url = details[0]["codeValue"].GetString();
  CHECK(url == web.text("normalUrl"));
  // Scanning it opens the simulated wallet page.
  auto page = fx.control("GET", url.substr(url.find("/_sim/wallet/")));
  CHECK(page.http_status == 200);
  auto app = auth::consult(fx, {.terminal = "APP", .os = "ANDROID"});
  REQUIRE(app.code() == "SUCCESS");
  CHECK_FALSE(app.json.HasMember("authCodeForm"));
}

TEST_CASE("order.goods: each item is checked against the Goods fields, and a refusal names the item") {
  SimFixture fx;
  const Token t = mint(fx);
  // A pay whose order carries `goods` (a JSON array).
  auto with_goods = [&](const std::string& request_id, const std::string& goods) {
    std::string body = pay_body(request_id, t.access_token, "10000");
    const std::string anchor = R"("orderDescription":"Monthly plan",)";
    body.insert(body.find(anchor) + anchor.size(), R"("goods":)" + goods + ",");
    return body;
  };
  const std::string plan = R"({"referenceGoodsId":"SKU-1","goodsName":"Monthly plan","goodsCategory":"Digital/Subscriptions",)"
                           R"("goodsUnitAmount":{"currency":"PHP","value":"10000"},"goodsQuantity":"1",)"
                           R"("deliveryMethodType":"DIGITAL","goodsUrl":"https://m.example/plan"})";
  const std::string gift = R"({"referenceGoodsId":"SKU-2","goodsName":"Welcome gift","goodsQuantity":1,)"
                           R"("goodsUnitAmount":{"currency":"PHP","value":"0"},"deliveryMethodType":"PHYSICAL"})";

  auto too_long = fx.call(kPay, with_goods("FS-G1", "[" + plan + R"(,{"goodsName":")" + std::string(257, 'g') + R"("}])"));
  CHECK(too_long.code() == "PARAM_ILLEGAL");
  CHECK(too_long.message() == "The length of the parameter order.goods[1].goodsName exceeds the maximum of 256 characters.");

  auto method = fx.call(kPay, with_goods("FS-G1", R"([{"goodsName":"Box","deliveryMethodType":"SHIPPED"}])"));
  CHECK(method.code() == "PARAM_ILLEGAL");
  CHECK(method.message() ==
        "The value of the parameter order.goods[0].deliveryMethodType is not allowed; expected one of: PHYSICAL, DIGITAL.");

  auto amount = fx.call(kPay, with_goods("FS-G1", R"([{"goodsName":"Box","goodsUnitAmount":"100"}])"));
  CHECK(amount.code() == "PARAM_ILLEGAL");
  CHECK(amount.message() == "The parameter order.goods[0].goodsUnitAmount must be of type Object.");

  auto currency = fx.call(kPay, with_goods("FS-G1", R"([{"goodsUnitAmount":{"currency":"pesos","value":"1"}}])"));
  CHECK(currency.code() == "PARAM_ILLEGAL");
  CHECK(currency.message().find("order.goods[0].goodsUnitAmount.currency") != std::string::npos);

  auto not_object = fx.call(kPay, with_goods("FS-G1", R"(["Monthly plan"])"));
  CHECK(not_object.code() == "PARAM_ILLEGAL");
  CHECK(not_object.message() == "The parameter order.goods must be of type Array<Object>.");

  // The refusals made no payment: the same paymentRequestId then pays, with items whose fields are
  // all optional, a quantity sent as a number and a free item.
  auto ok = fx.call(kPay, with_goods("FS-G1", "[" + plan + "," + gift + ",{}]"));
  CHECK(ok.code() == "SUCCESS");
}
