#include "server/protocol/handlers.hpp"

namespace antom::server {

std::optional<ApiReply> forced_reply(const ApiContext& ctx) {
  const auto& d = ctx.plan.directive;
  if (!d.force || *d.force == state::ResultCode::SUCCESS) return std::nullopt;
  return ApiReply{state::make_result(*d.force, d.force_message), {}};
}

ApiReply dispatch_operation(ApiContext& ctx) {
  switch (ctx.op.op) {
    case Operation::Consult: return handle_consult(ctx);
    case Operation::ApplyToken: return handle_apply_token(ctx);
    case Operation::Revoke: return handle_revoke(ctx);
    case Operation::Pay: return handle_pay(ctx);
    case Operation::InquiryPayment: return handle_inquiry_payment(ctx);
    case Operation::Cancel: return handle_cancel(ctx);
    case Operation::Refund: return handle_refund(ctx);
    case Operation::InquiryRefund: return handle_inquiry_refund(ctx);
    case Operation::Declare: return handle_declare(ctx);
    case Operation::InquiryDeclarationRequests: return handle_inquiry_declarations(ctx);
  }
  return {state::make_result(state::ResultCode::NO_INTERFACE_DEF), {}};
}

}  // namespace antom::server
