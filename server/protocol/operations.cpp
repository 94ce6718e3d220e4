#include "server/protocol/operations.hpp"

#include <array>

#include "server/protocol/field_tables.hpp"

namespace antom::server {
namespace {

const std::array<OperationSpec, 10> kOperations = {
    OperationSpec{Operation::Consult, "consult", "/v1/authorizations/consult", kConsultFields, ""},
    OperationSpec{Operation::ApplyToken, "applyToken", "/v1/authorizations/applyToken", kApplyTokenFields, ""},
    OperationSpec{Operation::Revoke, "revoke", "/v1/authorizations/revoke", kRevokeFields, ""},
    OperationSpec{Operation::Pay, "pay", "/v1/payments/pay", kPayFields, "paymentRequestId"},
    OperationSpec{Operation::InquiryPayment, "inquiryPayment", "/v1/payments/inquiryPayment", kInquiryPaymentFields, ""},
    OperationSpec{Operation::Cancel, "cancel", "/v1/payments/cancel", kCancelFields, ""},
    OperationSpec{Operation::Refund, "refund", "/v1/payments/refund", kRefundFields, "refundRequestId"},
    OperationSpec{Operation::InquiryRefund, "inquiryRefund", "/v1/payments/inquiryRefund", kInquiryRefundFields, ""},
    OperationSpec{Operation::Declare, "declare", "/v1/customs/declare", kDeclareFields, "declarationRequestId"},
    OperationSpec{Operation::InquiryDeclarationRequests, "inquiryDeclarationRequests",
                  "/v1/customs/inquiryDeclarationRequests", kInquiryDeclarationFields, ""},
};

}  // namespace

std::span<const OperationSpec> all_operations() { return kOperations; }

const OperationSpec& operation_spec(Operation op) { return kOperations[static_cast<std::size_t>(op)]; }

namespace {
void visit_rows(std::span<const FieldSpec> fields, const std::string& prefix,
                const std::function<void(const FieldSpec&, const std::string&)>& visit) {
  for (const auto& f : fields) {
    const std::string path = prefix + std::string(f.path);
    visit(f, path);
    if (!f.items.empty()) visit_rows(f.items, path + "[].", visit);
  }
}
}  // namespace

void for_each_row(std::span<const FieldSpec> fields, const std::function<void(const FieldSpec&, const std::string&)>& visit) {
  visit_rows(fields, "", visit);
}

Route route_path(std::string_view path) {
  Route r;
  std::string_view rest;
  if (path.starts_with(kSandboxPrefix)) {
    rest = path.substr(kSandboxPrefix.size());
    r.sandbox = true;
  } else if (path.starts_with(kProductionPrefix)) {
    rest = path.substr(kProductionPrefix.size());
  } else {
    r.match = path.starts_with("/ams/") || path == "/ams" ? RouteMatch::UnknownAmsPath : RouteMatch::NotAms;
    return r;
  }
  for (const auto& spec : kOperations) {
    if (spec.path == rest) {
      r.match = RouteMatch::Found;
      r.spec = &spec;
      return r;
    }
  }
  r.match = RouteMatch::UnknownAmsPath;
  return r;
}

std::string_view to_string(FieldKind kind) {
  switch (kind) {
    case FieldKind::String: return "String";
    case FieldKind::Currency: return "Currency";
    case FieldKind::Region: return "Region";
    case FieldKind::AmountValue: return "Amount value";
    case FieldKind::Boolean: return "Boolean";
    case FieldKind::Datetime: return "Datetime";
    case FieldKind::Url: return "URL";
    case FieldKind::Object: return "Object";
    case FieldKind::StringArray: return "Array<String>";
    case FieldKind::ObjectArray: return "Array<Object>";
  }
  return "String";
}

std::string_view to_string(Presence presence) {
  switch (presence) {
    case Presence::Optional: return "optional";
    case Presence::Required: return "required";
    case Presence::RequiredWhen: return "conditional";
    case Presence::RequiredUnless: return "one of";
  }
  return "optional";
}

}  // namespace antom::server
