#pragma once
// The ten operation handlers. Each decodes the validated request, calls state under the merchant's
// lock with the scenario's directive and the virtual `now`, and returns the result plus the
// response fields. No JSON writing, no signing, no I/O here: the pipeline renders and signs.
#include <rapidjson/document.h>

#include <memory>
#include <optional>
#include <string>

#include "scenarios/plan.hpp"
#include "server/app.hpp"
#include "server/protocol/operations.hpp"
#include "state/fields.hpp"
#include "state/result_code.hpp"
#include "state/time.hpp"

namespace antom::server {

struct ApiContext {
  App& app;
  const OperationSpec& op;
  std::shared_ptr<const Merchant> merchant;  // never null
  std::string client_id;                     // as sent in the request (echoed in the response)
  const rapidjson::Value& body;              // validated against op.fields
  state::TimePoint now;                      // virtual time, read once per request
  const scenarios::Plan& plan;
  std::string base_url;                      // "http://127.0.0.1:8080", for wallet page links

  // The merchant's partition key in state::World.
  [[nodiscard]] const std::string& merchant_id() const { return merchant->client_id; }
};

struct ApiReply {
  state::Result result;
  state::Fields fields;  // response fields after `result`, in the reference's order
};

ApiReply handle_consult(ApiContext& ctx);
ApiReply handle_apply_token(ApiContext& ctx);
ApiReply handle_revoke(ApiContext& ctx);
ApiReply handle_pay(ApiContext& ctx);
ApiReply handle_inquiry_payment(ApiContext& ctx);
ApiReply handle_cancel(ApiContext& ctx);
ApiReply handle_refund(ApiContext& ctx);
ApiReply handle_inquiry_refund(ApiContext& ctx);
ApiReply handle_declare(ApiContext& ctx);
ApiReply handle_inquiry_declarations(ApiContext& ctx);

// A scenario's forced result for a query (inquiryPayment, inquiryRefund,
// inquiryDeclarationRequests): there is nothing to record, so it is answered as is.
[[nodiscard]] std::optional<ApiReply> forced_reply(const ApiContext& ctx);

// Dispatches on ctx.op.op.
ApiReply dispatch_operation(ApiContext& ctx);

}  // namespace antom::server
