#pragma once
// How a request selects scenarios: the x-sim-scenario header, a sim:NAME directive inside a
// free-form request field, a magic amount, the merchant's activation, the global default.
// Earlier sources take precedence; the first scenario with a matching rule decides.
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "state/time.hpp"

namespace antom::scenarios {

// "NAME" or "NAME/ARG", as in the header or after "sim:" in a field.
struct ScenarioRef {
  std::string name;
  std::string arg;
};

// Parses a header value ("pay-errors/RISK_REJECT"); nullopt when malformed.
[[nodiscard]] std::optional<ScenarioRef> parse_scenario_ref(std::string_view text);
// Finds "sim:NAME[/ARG]" anywhere in `text` (NAME ends at the first character outside [a-z0-9-],
// ARG at the first outside [A-Za-z0-9_.-]).
[[nodiscard]] std::optional<ScenarioRef> find_directive(std::string_view text);

// Free-form request fields searched for a sim: directive, in this order. All are fields the
// official SDKs send unchanged.
inline constexpr std::array<std::string_view, 15> kDirectiveFields = {
    "paymentRequestId", "refundRequestId",  "declarationRequestId", "order.referenceOrderId",
    "order.orderDescription", "order.buyer.referenceBuyerId", "authState", "authRedirectUrl",
    "referenceRefundId", "refundReason", "metadata", "subOrderId", "merchantAccountId", "extendInfo",
    "order.extendInfo"};

// Amount fields compared against magic amounts.
inline constexpr std::array<std::string_view, 3> kAmountFields = {"paymentAmount.value", "refundAmount.value",
                                                                  "declarationAmount.value"};

// Fields identifying what an attempt is a retry of, when the operation has no idempotency key.
inline constexpr std::array<std::string_view, 8> kAttemptKeyFields = {
    "paymentId", "paymentRequestId", "refundId", "refundRequestId", "authCode", "refreshToken", "accessToken",
    "authState"};

struct Activation {
  std::string scenario;
  std::string arg;
  state::TimePoint since{};
  std::optional<state::TimePoint> until;  // virtual time; none = until deactivated or reset

  [[nodiscard]] bool live(state::TimePoint now) const { return !until || now < *until; }
};

}  // namespace antom::scenarios
