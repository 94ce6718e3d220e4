// POST /_sim/payments/{paymentId}/refund and /cancel: what Antom's merchant portal offers, for the
// portal's buttons and for tests. They run the same state calls as the signed refund and cancel
// (server/protocol/payment_handlers.cpp), so the rules, result codes, messages and notifications
// are the API's (https://docs.antom.com/ac/ams/refund_online, .../ams/paymentc_online). They
// answer the API's body ({"result":{...}, fields}) unsigned, with HTTP 200 for every business
// outcome (CANCEL_WINDOW_EXCEED is a value). No scenario applies: scenarios select signed requests.
#include <charconv>

#include "server/control/control_json.hpp"
#include "server/control/control_router.hpp"
#include "server/control/merchant_param.hpp"
#include "server/notify/notify_url.hpp"
#include "server/protocol/render.hpp"
#include "state/payment_fields.hpp"
#include "state/payment_flow.hpp"
#include "state/refund_flow.hpp"
#include "state/status.hpp"

namespace antom::server {
namespace {

// The payment's merchant: the named one, else the only merchant holding that paymentId.
std::optional<std::string> payment_merchant(App& app, const ControlRequest& req, RawResponse& error) {
  const std::string payment_id = req.param("paymentId");
  const std::string hint = named_client_id(req);
  std::vector<std::string> candidates;
  if (!hint.empty()) {
    auto m = app.merchants.find(hint);
    if (!m) {
      error = unknown_merchant(hint);
      return std::nullopt;
    }
    candidates.push_back(m->client_id);
  } else {
    for (const auto& m : app.merchants.all()) candidates.push_back(m->client_id);
  }
  std::vector<std::string> holding;
  for (const auto& id : candidates)
    if (app.world.with_merchant(id, [&](state::MerchantState& m) { return m.payments.payment_position(payment_id).has_value(); }))
      holding.push_back(id);
  if (holding.empty()) {
    error = json_error(404, "NOT_FOUND", "No payment " + payment_id + (hint.empty() ? "" : " of merchant " + hint) + ".");
    return std::nullopt;
  }
  if (holding.size() > 1) {
    error = json_error(409, "AMBIGUOUS", "Several merchants have a payment " + payment_id + "; add clientId.");
    return std::nullopt;
  }
  return holding.front();
}

const rapidjson::Value* member(const rapidjson::Value& body, const char* name) {
  auto it = body.FindMember(name);
  return it == body.MemberEnd() ? nullptr : &it->value;
}

std::string string_member(const rapidjson::Value& body, const char* name) {
  const auto* v = member(body, name);
  return v && v->IsString() ? std::string(v->GetString(), v->GetStringLength()) : std::string{};
}

// refundAmount {currency, value}: value in minor units as Antom writes it (a string of digits) or a
// JSON integer. The API's validator has the same limits (up to 16 digits).
state::Status read_amount(const rapidjson::Value& amount, state::Money& out) {
  const auto* currency = member(amount, "currency");
  if (!currency || !currency->IsString() || currency->GetStringLength() != 3)
    return state::Status::refused("refundAmount.currency must be an ISO 4217 code (3 letters).");
  out.currency.assign(currency->GetString(), currency->GetStringLength());
  const auto* value = member(amount, "value");
  if (value && value->IsInt64() && value->GetInt64() >= 0 && value->GetInt64() < 10'000'000'000'000'000) {
    out.value = value->GetInt64();
    return {};
  }
  if (value && value->IsString()) {
    std::string_view s(value->GetString(), value->GetStringLength());
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out.value);
    if (!s.empty() && s.size() <= 16 && s.front() != '-' && s.front() != '+' && ec == std::errc() && ptr == s.data() + s.size())
      return {};
  }
  return state::Status::refused("refundAmount.value must be a whole number of minor units (up to 16 digits), e.g. \"1000\".");
}

// A refundRequestId the merchant has not used: portal-<n>, n from the merchant's refund count.
std::string fresh_refund_request_id(const state::MerchantState& m) {
  for (std::size_t n = m.payments.refunds().size() + 1;; ++n) {
    std::string id = "portal-" + std::to_string(n);
    if (!m.payments.refund_position_by_request(id)) return id;
  }
}

RawResponse refund(App& app, const ControlRequest& req) {
  const auto* body = json_body(req);  // fields and JSON types checked by the router
  state::RefundRequest r;
  if (auto read = read_amount(*member(*body, "refundAmount"), r.amount); !read.ok())
    return json_error(400, "BAD_REQUEST", read.reason());
  r.payment_id = req.param("paymentId");
  r.refund_request_id = string_member(*body, "refundRequestId");
  if (r.refund_request_id.size() > 64) return json_error(400, "BAD_REQUEST", "refundRequestId is longer than 64 characters.");
  r.reference_refund_id = string_member(*body, "referenceRefundId");
  if (r.reference_refund_id.size() > 64) return json_error(400, "BAD_REQUEST", "referenceRefundId is longer than 64 characters.");
  // Accepted as the API accepts it (up to 256 characters) and, as there, not kept.
  if (string_member(*body, "refundReason").size() > 256) return json_error(400, "BAD_REQUEST", "refundReason is longer than 256 characters.");
  r.notify_url = string_member(*body, "refundNotifyUrl");
  if (!r.notify_url.empty())
    if (auto problem = notify_url_problem(r.notify_url); !problem.empty())
      return json_error(400, "BAD_REQUEST", "refundNotifyUrl " + problem + ".");
  RawResponse error;
  const auto client_id = payment_merchant(app, req, error);
  if (!client_id) return error;
  const auto fx = app.world.fx();
  r.fx = fx.get();
  const auto wallets = app.world.wallets(*client_id);
  const auto now = app.world.now(*client_id);
  auto out = app.world.with_merchant(*client_id, [&](state::MerchantState& m) {
    if (r.refund_request_id.empty()) r.refund_request_id = fresh_refund_request_id(m);
    return state::refund_payment(m, r, *wallets, state::Directive{}, now);
  });
  app.state_changed();  // sends the REFUND_RESULT it may have queued
  state::Fields fields;
  if (out.refund) fields = state::refund_response_fields(*out.refund);
  return json_response(200, render_reply(out.result, fields));
}

RawResponse cancel(App& app, const ControlRequest& req) {
  RawResponse error;
  const auto client_id = payment_merchant(app, req, error);
  if (!client_id) return error;
  const std::string payment_id = req.param("paymentId");
  const auto wallets = app.world.wallets(*client_id);
  const auto now = app.world.now(*client_id);
  auto out = app.world.with_merchant(*client_id, [&](state::MerchantState& m) {
    return state::cancel_payment(m, payment_id, {}, *wallets, state::Directive{}, now);
  });
  app.state_changed();
  state::Fields fields;
  if (out.payment && out.result.ok()) fields = state::cancel_response_fields(*out.payment);
  return json_response(200, render_reply(out.result, fields));
}

const std::vector<ControlField> kResultAnswer = {{.name = "result", .types = kObject}};

}  // namespace

void add_payment_action_routes(ControlRouter& router) {
  const ControlField merchant = client_id_field("The payment's merchant; optional when only one has this paymentId.");
  auto answer = [](std::vector<ControlField> fields) {
    std::vector<ControlField> out = kResultAnswer;
    out.insert(out.end(), fields.begin(), fields.end());
    return out;
  };
  router.add("POST", "/_sim/payments/{paymentId}/refund",
             {.summary = "Refund a payment in full or in part, as the signed refund does (its rules, codes and REFUND_RESULT).",
              .query = {merchant},
              .body = BodySpec{{client_id_field("The payment's merchant (or in the query)."),
                                {.name = "refundAmount", .types = kObject, .description = "{currency, value}: value in minor units.", .required = true},
                                {.name = "refundRequestId", .description = "The merchant's id, for idempotency; default: portal-<n>."},
                                {.name = "referenceRefundId", .description = "The merchant's reference."},
                                {.name = "refundReason", .description = "Up to 256 characters; accepted and not kept, as by the API."},
                                {.name = "refundNotifyUrl", .description = "Where REFUND_RESULT goes; default: the merchant's notifyUrl."}}},
              .response = answer({{.name = "refundId"}, {.name = "refundRequestId"}, {.name = "paymentId"},
                                  {.name = "refundAmount", .types = kObject}, {.name = "refundTime"}})},
             refund);
  router.add("POST", "/_sim/payments/{paymentId}/cancel",
             {.summary = "Cancel a payment within its window, as the signed cancel does (CANCEL_WINDOW_EXCEED after it).",
              .query = {merchant},
              .body = BodySpec{{client_id_field("The payment's merchant (or in the query).")}},
              .response = answer({{.name = "paymentId"}, {.name = "paymentRequestId"}, {.name = "cancelTime"}})},
             cancel);
}

}  // namespace antom::server
