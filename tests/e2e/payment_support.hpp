#pragma once
// Shared steps of the payment end-to-end tests: a ready access token through /_sim/, signed pay /
// refund / declare bodies, and a look at a merchant's queued notifications.
#include <string>
#include <vector>

#include "state/outbox.hpp"
#include "tests/support/sim_fixture.hpp"

namespace antom::test::pay {

inline const std::string kPay = "/ams/api/v1/payments/pay";
inline const std::string kInquiry = "/ams/api/v1/payments/inquiryPayment";
inline const std::string kCancel = "/ams/api/v1/payments/cancel";
inline const std::string kRefund = "/ams/api/v1/payments/refund";
inline const std::string kInquiryRefund = "/ams/api/v1/payments/inquiryRefund";
inline const std::string kDeclare = "/ams/api/v1/customs/declare";
inline const std::string kInquiryDeclarations = "/ams/api/v1/customs/inquiryDeclarationRequests";

struct Token {
  std::string access_token;
  std::string buyer_id;
};

inline Token mint(SimFixture& fx, const std::string& wallet = "GCASH", const std::string& client_id = {}) {
  std::string body = R"({"customerBelongsTo":")" + wallet + "\"";
  if (!client_id.empty()) body += R"(,"clientId":")" + client_id + "\"";
  body += "}";
  auto r = fx.control("POST", "/_sim/authorizations/tokens", body);
  if (r.http_status != 201 || !r.json.IsObject() || !r.json.HasMember("accessToken")) return {};
  return {r.json["accessToken"].GetString(), r.json["buyerId"].GetString()};
}

inline std::string pay_body(const std::string& request_id, const std::string& token, const std::string& value,
                            const std::string& currency = "PHP", const std::string& wallet = "GCASH",
                            const std::string& extra = {}) {
  return R"({"productCode":"AGREEMENT_PAYMENT","paymentRequestId":")" + request_id +
         R"(","order":{"referenceOrderId":"ORD-)" + request_id + R"(","orderDescription":"Monthly plan",)" +
         R"("orderAmount":{"currency":")" + currency + R"(","value":")" + value + R"("}},)" +
         R"("paymentAmount":{"currency":")" + currency + R"(","value":")" + value + R"("},)" +
         R"("paymentMethod":{"paymentMethodType":")" + wallet + R"(","paymentMethodId":")" + token + R"("})" + extra +
         "}";
}

inline std::string refund_body(const std::string& request_id, const std::string& payment_id, const std::string& value,
                               const std::string& currency = "PHP", const std::string& extra = {}) {
  return R"({"refundRequestId":")" + request_id + R"(","paymentId":")" + payment_id +
         R"(","refundAmount":{"currency":")" + currency + R"(","value":")" + value + R"("})" + extra + "}";
}

inline std::string declare_body(const std::string& request_id, const std::string& payment_id, const std::string& value,
                                const std::string& customs_code = "ZONGSHU", const std::string& extra = {}) {
  return R"({"declarationRequestId":")" + request_id + R"(","paymentId":")" + payment_id +
         R"(","declarationAmount":{"currency":"CNY","value":")" + value + R"("},)" +
         R"("customs":{"customsCode":")" + customs_code + R"(","region":"CN"},)" +
         R"("merchantCustomsInfo":{"merchantCustomsCode":"MC001","merchantCustomsName":"Demo Trading"},)" +
         (extra.find("splitOrder") == std::string::npos ? R"("splitOrder":false)" + extra : extra.substr(1)) + "}";
}

// Call options without designated initializers (which warn about the members left out).
inline CallOptions with_scenario(const std::string& name) {
  CallOptions o;
  o.headers = {{"x-sim-scenario", name}};
  return o;
}
inline CallOptions as_client(const std::string& client_id) {
  CallOptions o;
  o.client_id = client_id;
  return o;
}

inline std::string by_payment_id(const std::string& id) { return R"({"paymentId":")" + id + R"("})"; }
inline std::string by_request_id(const std::string& id) { return R"({"paymentRequestId":")" + id + R"("})"; }

// The merchant's notifications of one type, oldest first.
inline std::vector<antom::state::OutboxRecord> notices(SimFixture& fx, const std::string& type,
                                                       const std::string& client_id = {}) {
  std::vector<antom::state::OutboxRecord> out;
  auto m = fx.app().world.copy_of(client_id.empty() ? fx.demo_client_id() : client_id);
  if (!m) return out;
  m->outbox.for_each([&](const antom::state::OutboxRecord& r) {
    if (r.notify_type == type) out.push_back(r);
  });
  return out;
}

inline std::string payload_text(const antom::state::Fields& f, const std::string& name) {
  const auto* v = antom::state::find(f, name);
  if (v == nullptr) return {};
  if (const auto* s = std::get_if<std::string>(&v->value)) return *s;
  return {};
}

inline std::string balance(SimFixture& fx, const std::string& buyer_or_token, const std::string& currency) {
  auto r = fx.control("GET", "/_sim/buyers/" + buyer_or_token);
  if (r.http_status != 200 || !r.json.HasMember("balances") || !r.json["balances"].HasMember(currency.c_str())) return {};
  return r.json["balances"][currency.c_str()].GetString();
}

}  // namespace antom::test::pay
