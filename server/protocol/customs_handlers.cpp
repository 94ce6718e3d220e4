// declare and inquiryDeclarationRequests (China customs).
#include <charconv>

#include "server/protocol/handlers.hpp"
#include "server/protocol/json_view.hpp"
#include "state/declaration_flow.hpp"
#include "state/payment_fields.hpp"

namespace antom::server {
namespace {

std::int64_t amount_value(const std::string& text) {
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return 0;
  return value;
}

state::DeclareRequest decode_declare(const rapidjson::Value& body) {
  state::DeclareRequest r;
  r.declaration_request_id = text_at(body, "declarationRequestId");
  r.payment_id = text_at(body, "paymentId");
  r.amount = state::Money{amount_value(text_at(body, "declarationAmount.value")), text_at(body, "declarationAmount.currency")};
  r.customs_code = text_at(body, "customs.customsCode");
  r.customs_region = text_at(body, "customs.region");
  r.merchant_customs_code = text_at(body, "merchantCustomsInfo.merchantCustomsCode");
  r.merchant_customs_name = text_at(body, "merchantCustomsInfo.merchantCustomsName");
  r.split_order = bool_at(body, "splitOrder");
  r.sub_order_id = text_at(body, "subOrderId");
  r.has_certificate = lookup(body, "buyerCertificate") != nullptr;
  r.certificate_fingerprint = json_at(body, "buyerCertificate");
  return r;
}

}  // namespace

ApiReply handle_declare(ApiContext& ctx) {
  const state::DeclareRequest req = decode_declare(ctx.body);
  auto out = ctx.app.world.with_merchant(ctx.merchant_id(), [&](state::MerchantState& m) {
    return state::declare(m, req, ctx.plan.directive, ctx.now);
  });
  ApiReply reply{std::move(out.result), {}};
  if (out.declaration && reply.result.ok()) reply.fields = state::declare_response_fields(*out.declaration);
  return reply;
}

ApiReply handle_inquiry_declarations(ApiContext& ctx) {
  if (auto forced = forced_reply(ctx)) return std::move(*forced);
  const std::vector<std::string> ids = strings_at(ctx.body, "declarationRequestIds");
  if (ids.empty())
    return {state::make_result(state::ResultCode::PARAM_ILLEGAL, "declarationRequestIds must name at least one id."),
            {}};
  auto query = ctx.app.world.with_merchant(ctx.merchant_id(), [&](state::MerchantState& m) {
    return state::inquire_declarations(m, ids, ctx.now);
  });
  ApiReply reply{state::make_result(state::ResultCode::SUCCESS), {}};
  if (!query.not_found.empty()) state::put(reply.fields, "declarationRequestsNotFound", query.not_found);
  std::vector<state::Fields> records;
  for (const auto& d : query.found) records.push_back(state::declaration_record_fields(d));
  state::put(reply.fields, "declarationRecords", std::move(records));
  return reply;
}

}  // namespace antom::server
