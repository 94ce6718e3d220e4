// pay, inquiryPayment, cancel, refund, inquiryRefund: decode the validated body, run the state
// call under the merchant's lock, render the answer's fields outside it.
#include <charconv>

#include "server/protocol/handlers.hpp"
#include "server/protocol/json_view.hpp"
#include "state/payment_fields.hpp"
#include "state/payment_flow.hpp"
#include "state/refund_flow.hpp"

namespace antom::server {
namespace {

// The validator has checked the amount format (digits only, at most 16); anything else is 0.
std::int64_t amount_value(const rapidjson::Value& amount) {
  const std::string text = text_at(amount, "value");
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && ptr == text.data() + text.size() ? value : 0;
}

// An Amount object ({currency, value}) at the top of `body`; empty when absent.
state::Money money_at(const rapidjson::Value& body, std::string_view name) {
  const rapidjson::Value* amount = member_of(body, name);
  if (!amount || !amount->IsObject()) return {};
  return state::Money{amount_value(*amount), text_at(*amount, "currency")};
}

state::PayRequest decode_pay(const rapidjson::Value& body) {
  // Each object is found once; its members are read from it.
  static const rapidjson::Value kNone(rapidjson::kObjectType);
  const rapidjson::Value* order = member_of(body, "order");
  const rapidjson::Value* method = member_of(body, "paymentMethod");
  if (!order) order = &kNone;
  if (!method) method = &kNone;
  state::PayRequest r;
  r.payment_request_id = text_at(body, "paymentRequestId");
  r.wallet = text_at(*method, "paymentMethodType");
  r.access_token = text_at(*method, "paymentMethodId");
  r.reference_order_id = text_at(*order, "referenceOrderId");
  r.order_description = text_at(*order, "orderDescription");
  r.notify_url = text_at(body, "paymentNotifyUrl");
  r.amount = money_at(body, "paymentAmount");
  r.need_declaration = bool_at(*order, "needDeclaration");
  const std::string expiry = text_at(body, "paymentExpiryTime");
  if (!expiry.empty()) r.expiry = state::parse_iso8601(expiry);  // format checked by the validator
  return r;
}

}  // namespace

ApiReply handle_pay(ApiContext& ctx) {
  state::PayRequest req = decode_pay(ctx.body);
  // Settlement in another currency: the contract's, or the one asked for; the quote is locked now.
  const state::Contract contract{ctx.merchant->settlement_currencies};
  const auto choice = state::choose_settlement_currency(contract, text_at(ctx.body, "settlementStrategy.settlementCurrency"),
                                                        req.amount.currency);
  if (choice.refused) return {*choice.refused, {}};
  if (!choice.currency.empty()) {
    req.settlement = state::settle(*ctx.app.world.fx(), req.amount, choice.currency, {}, ctx.now);
    if (!req.settlement)
      return {state::make_result(state::ResultCode::CURRENCY_NOT_SUPPORT,
                                 "antom-sim has no rate between " + req.amount.currency + " and " + choice.currency +
                                     " (see /_sim/fx)."),
              {}};
  }
  const auto wallets = ctx.app.world.wallets(ctx.merchant_id());
  auto out = ctx.app.world.with_merchant(ctx.merchant_id(), [&](state::MerchantState& m) {
    return state::pay(m, req, *wallets, ctx.plan.directive, ctx.now);
  });
  ApiReply reply{std::move(out.result), {}};
  if (out.payment) reply.fields = state::pay_response_fields(*out.payment);
  return reply;
}

ApiReply handle_inquiry_payment(ApiContext& ctx) {
  if (auto forced = forced_reply(ctx)) return std::move(*forced);
  const std::string payment_id = text_at(ctx.body, "paymentId");
  const std::string request_id = text_at(ctx.body, "paymentRequestId");
  auto out = ctx.app.world.with_merchant(ctx.merchant_id(), [&](state::MerchantState& m) {
    return state::inquire_payment(m, payment_id, request_id, ctx.now);
  });
  ApiReply reply{std::move(out.result), {}};
  if (out.payment) reply.fields = state::inquiry_payment_fields(*out.payment, out.refunds);
  return reply;
}

ApiReply handle_cancel(ApiContext& ctx) {
  const std::string payment_id = text_at(ctx.body, "paymentId");
  const std::string request_id = text_at(ctx.body, "paymentRequestId");
  const auto wallets = ctx.app.world.wallets(ctx.merchant_id());
  auto out = ctx.app.world.with_merchant(ctx.merchant_id(), [&](state::MerchantState& m) {
    return state::cancel_payment(m, payment_id, request_id, *wallets, ctx.plan.directive, ctx.now);
  });
  ApiReply reply{std::move(out.result), {}};
  if (out.payment && reply.result.ok()) reply.fields = state::cancel_response_fields(*out.payment);
  return reply;
}

ApiReply handle_refund(ApiContext& ctx) {
  state::RefundRequest req;
  req.refund_request_id = text_at(ctx.body, "refundRequestId");
  req.payment_id = text_at(ctx.body, "paymentId");
  req.reference_refund_id = text_at(ctx.body, "referenceRefundId");
  req.notify_url = text_at(ctx.body, "refundNotifyUrl");
  req.metadata = text_at(ctx.body, "metadata");
  req.amount = money_at(ctx.body, "refundAmount");
  const auto fx = ctx.app.world.fx();
  req.fx = fx.get();
  const auto wallets = ctx.app.world.wallets(ctx.merchant_id());
  auto out = ctx.app.world.with_merchant(ctx.merchant_id(), [&](state::MerchantState& m) {
    return state::refund_payment(m, req, *wallets, ctx.plan.directive, ctx.now);
  });
  ApiReply reply{std::move(out.result), {}};
  if (out.refund) reply.fields = state::refund_response_fields(*out.refund);
  return reply;
}

ApiReply handle_inquiry_refund(ApiContext& ctx) {
  if (auto forced = forced_reply(ctx)) return std::move(*forced);
  const std::string refund_id = text_at(ctx.body, "refundId");
  const std::string request_id = text_at(ctx.body, "refundRequestId");
  const auto fx = ctx.app.world.fx();
  auto out = ctx.app.world.with_merchant(ctx.merchant_id(), [&](state::MerchantState& m) {
    return state::inquire_refund(m, refund_id, request_id, ctx.now, fx.get());
  });
  ApiReply reply{std::move(out.result), {}};
  if (out.refund) reply.fields = state::inquiry_refund_fields(*out.refund);
  return reply;
}

}  // namespace antom::server
