#pragma once
// The Auto Debit API surface as data: every operation, its path and its request table.
// The router, the validator, the tests and the README's API tables all read this.
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "server/protocol/field_spec.hpp"

namespace antom::server {

enum class Operation {
  Consult,
  ApplyToken,
  Revoke,
  Pay,
  InquiryPayment,
  Cancel,
  Refund,
  InquiryRefund,
  Declare,
  InquiryDeclarationRequests,
};

struct OperationSpec {
  Operation op;
  std::string_view name;        // "pay"
  std::string_view path;        // after "/ams/api" or "/ams/sandbox/api": "/v1/payments/pay"
  std::span<const FieldSpec> fields;
  std::string_view idempotency_field;  // empty when the operation has none
};

[[nodiscard]] std::span<const OperationSpec> all_operations();
[[nodiscard]] const OperationSpec& operation_spec(Operation op);

// Every row of a table in order with its full path; an object array's item rows follow it, as
// "order.goods[].goodsName". For the listings (--print-api, GET /_sim/api), not the validator.
void for_each_row(std::span<const FieldSpec> fields, const std::function<void(const FieldSpec&, const std::string&)>& visit);

inline constexpr std::string_view kProductionPrefix = "/ams/api";
inline constexpr std::string_view kSandboxPrefix = "/ams/sandbox/api";

enum class RouteMatch { Found, UnknownAmsPath, NotAms };
struct Route {
  RouteMatch match = RouteMatch::NotAms;
  const OperationSpec* spec = nullptr;
  bool sandbox = false;
};
// Routes a path (no query, no scheme or host) to its operation.
[[nodiscard]] Route route_path(std::string_view path);

}  // namespace antom::server
