// Rules the facts comparison brought into the field tables, by their values: region codes are
// ISO 3166 alpha-2, pay's appId is required for a mini program, declare's splitOrder may be absent.
#include <doctest/doctest.h>

#include <rapidjson/document.h>

#include "server/protocol/operations.hpp"
#include "server/protocol/validate.hpp"

using namespace antom::server;

namespace {

std::optional<Violation> check(Operation op, const char* json) {
  rapidjson::Document doc;
  doc.Parse(json);
  REQUIRE_FALSE(doc.HasParseError());
  return validate_fields(doc, operation_spec(op).fields);
}

const char* kPay =
    R"({"productCode":"AGREEMENT_PAYMENT","paymentRequestId":"r1",)"
    R"("order":{"referenceOrderId":"o1","orderDescription":"d","orderAmount":{"currency":"USD","value":"100"}%s},)"
    R"("paymentAmount":{"currency":"USD","value":"100"},"paymentMethod":{"paymentMethodType":"GCASH","paymentMethodId":"t"}%s})";

std::string pay(const std::string& in_order, const std::string& top) {
  char buf[1024];
  std::snprintf(buf, sizeof buf, kPay, in_order.c_str(), top.c_str());
  return buf;
}

}  // namespace

TEST_CASE("region fields take any ISO 3166 alpha-2 code, in upper case, and nothing else") {
  for (const std::string region : {"SG", "US", "JP", "PK", "CN", "DE", "BR"}) {
    CAPTURE(region);
    const std::string consult = std::string(R"({"customerBelongsTo":"GCASH","authRedirectUrl":"https://m/cb","scopes":["AGREEMENT_PAY"],)"
                                            R"("authState":"s","terminalType":"WEB","merchantRegion":")") + region + "\"}";
    CHECK_FALSE(check(Operation::Consult, consult.c_str()));
    CHECK_FALSE(check(Operation::Pay, pay("", std::string(R"(,"userRegion":")") + region + R"(","merchantRegion":")" + region + "\"").c_str()));
  }
  for (const std::string region : {"sg", "Sg", "SGP", "S", "S1", "12", "S\u00e9"}) {
    CAPTURE(region);
    const auto v = check(Operation::Pay, pay("", std::string(R"(,"merchantRegion":")") + region + "\"").c_str());
    REQUIRE(v);
    CHECK(v->path == "merchantRegion");
    CHECK(describe(*v).find("ISO 3166") != std::string::npos);
    const auto u = check(Operation::Pay, pay("", std::string(R"(,"userRegion":")") + region + "\"").c_str());
    REQUIRE(u);
    CHECK(u->path == "userRegion");
  }
  const char* declare = R"({"declarationRequestId":"d1","paymentId":"p1","declarationAmount":{"currency":"CNY","value":"100"},)"
                        R"("customs":{"customsCode":"ZONGSHU","region":"cn"},)"
                        R"("merchantCustomsInfo":{"merchantCustomsCode":"c","merchantCustomsName":"n"}})";
  const auto v = check(Operation::Declare, declare);
  REQUIRE(v);
  CHECK(v->path == "customs.region");
}

TEST_CASE("pay: appId is required for a mini program, and only there") {
  const auto missing = check(Operation::Pay, pay(R"(,"env":{"terminalType":"MINI_APP"})", "").c_str());
  REQUIRE(missing);
  CHECK(missing->path == "appId");
  CHECK(missing->kind == ViolationKind::Missing);
  CHECK_FALSE(check(Operation::Pay, pay(R"(,"env":{"terminalType":"MINI_APP"})", R"(,"appId":"2021000000000001")").c_str()));
  for (const char* terminal : {"WEB", "WAP", "APP"})
    CHECK_FALSE(check(Operation::Pay, pay(std::string(R"(,"env":{"terminalType":")") + terminal + "\"}", "").c_str()));
  CHECK_FALSE(check(Operation::Pay, pay("", "").c_str()));
}

TEST_CASE("declare: splitOrder may be absent (false); subOrderId is required only when it is true") {
  const std::string base = R"({"declarationRequestId":"d1","paymentId":"p1","declarationAmount":{"currency":"CNY","value":"100"},)"
                           R"("customs":{"customsCode":"ZONGSHU","region":"CN"},)"
                           R"("merchantCustomsInfo":{"merchantCustomsCode":"c","merchantCustomsName":"n"})";
  CHECK_FALSE(check(Operation::Declare, (base + "}").c_str()));
  CHECK_FALSE(check(Operation::Declare, (base + R"(,"splitOrder":false})").c_str()));
  CHECK_FALSE(check(Operation::Declare, (base + R"(,"splitOrder":"false"})").c_str()));
  const auto v = check(Operation::Declare, (base + R"(,"splitOrder":true})").c_str());
  REQUIRE(v);
  CHECK(v->path == "subOrderId");
  CHECK_FALSE(check(Operation::Declare, (base + R"(,"splitOrder":"true","subOrderId":"s1"})").c_str()));
}
