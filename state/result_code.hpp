#pragma once
// Every Antom result code antom-sim can answer, as one table: code, status, default message.
// The same list produces the enum, the names, the README table and the tests.
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace antom::state {

enum class ResultStatus { S, F, U };

// X(code, status, default message)
#define ANTOM_RESULT_CODES(X)                                                                      \
  X(SUCCESS, S, "success")                                                                         \
  X(ACCESS_DENIED, F, "Access is denied.")                                                         \
  X(CLIENT_FORBIDDEN_ACCESS_API, F, "The client is not authorized to use this API.")               \
  X(INVALID_ACCESS_TOKEN, F, "The access token is expired, revoked, or does not exist.")           \
  X(INVALID_API, F, "The called API is invalid or not active.")                                    \
  X(INVALID_CLIENT, F, "The client is invalid.")                                                   \
  X(INVALID_CLIENT_STATUS, F, "The client status is invalid.")                                     \
  X(INVALID_SIGNATURE, F, "The signature is not validated.")                                       \
  X(KEY_NOT_FOUND, F, "The private key or public key of Antom or the merchant is not found.")      \
  X(MEDIA_TYPE_NOT_ACCEPTABLE, F, "The server does not implement the media type that is acceptable to the client.") \
  X(METHOD_NOT_SUPPORTED, F, "The server does not implement the requested HTTP method.")           \
  X(MERCHANT_NOT_REGISTERED, F, "The merchant is not registered.")                                 \
  X(INVALID_MERCHANT_STATUS, F, "The merchant status is abnormal.")                                \
  X(NO_INTERFACE_DEF, F, "API is not defined.")                                                    \
  X(NO_PAY_OPTIONS, F, "No payment options are available.")                                        \
  X(OAUTH_FAILED, F, "The OAuth process failed.")                                                  \
  X(PARAM_ILLEGAL, F, "Illegal parameters.")                                                       \
  X(PAYMENT_NOT_QUALIFIED, F, "The merchant is not qualified to pay.")                             \
  X(PROCESS_FAIL, F, "A general business failure occurred. Do not retry.")                         \
  X(REPEAT_REQ_INCONSISTENT, F, "The repeated request is inconsistent with the original request.") \
  X(RISK_REJECT, F, "The request is rejected because of the risk control.")                        \
  X(SYSTEM_ERROR, F, "A system error occurred.")                                                   \
  X(UNKNOWN_CLIENT, F, "The client is unknown.")                                                   \
  X(REQUEST_TRAFFIC_EXCEED_LIMIT, U, "The request traffic exceeds the limit.")                     \
  X(UNKNOWN_EXCEPTION, U, "An API call has failed, which is caused by unknown reasons.")           \
  X(AUTH_IN_PROCESS, U, "The authorization is still in process.")                                  \
  X(INVALID_CODE, F, "The authorization code is invalid.")                                         \
  X(USED_CODE, F, "The authorization code has been used.")                                         \
  X(EXPIRED_CODE, F, "The authorization code has expired.")                                        \
  X(INVALID_REFRESH_TOKEN, F, "The refresh token is invalid.")                                     \
  X(EXPIRED_REFRESH_TOKEN, F, "The refresh token has expired.")                                    \
  X(USED_REFRESH_TOKEN, F, "The refresh token has been used.")                                     \
  X(PAYMENT_IN_PROCESS, U, "The payment is being processed.")                                      \
  X(USER_BALANCE_NOT_ENOUGH, F, "The user balance is not enough for this payment.")                \
  X(USER_AMOUNT_EXCEED_LIMIT, F, "The payment amount exceeds the user payment limit.")             \
  X(PAYMENT_AMOUNT_EXCEED_LIMIT, F, "The payment amount exceeds the limit.")                       \
  X(PAYMENT_COUNT_EXCEED_LIMIT, F, "The number of payments exceeds the limit.")                    \
  X(USER_NOT_EXIST, F, "The user does not exist.")                                                 \
  X(USER_STATUS_ABNORMAL, F, "The user status is abnormal.")                                       \
  X(USER_KYC_NOT_QUALIFIED, F, "The user is not KYC qualified.")                                   \
  X(USER_PAYMENT_VERIFICATION_FAILED, F, "The user failed the payment verification.")              \
  X(ORDER_IS_CLOSED, F, "The order is closed.")                                                    \
  X(CURRENCY_NOT_SUPPORT, F, "The currency is not supported.")                                     \
  X(INVALID_CONTRACT, F, "The parameters do not match the contract.")                              \
  X(BUSINESS_NOT_SUPPORT, F, "The business is not supported.")                                     \
  X(UNAVAILABLE_PAYMENT_METHOD, F, "The payment method is unavailable.")                           \
  X(REGULATION_RESTRICTION, F, "The payment is restricted by regulation.")                         \
  X(ORDER_NOT_EXIST, F, "The order does not exist.")                                               \
  X(ORDER_STATUS_INVALID, F, "The order status is invalid.")                                       \
  X(CANCEL_WINDOW_EXCEED, F, "The cancellation window has passed. Use refund instead.")            \
  X(REFUND_IN_PROCESS, U, "The refund is being processed.")                                        \
  X(REFUND_AMOUNT_EXCEED, F, "The total refund amount exceeds the payment amount.")                \
  X(REFUND_WINDOW_EXCEED, F, "The refund window has passed.")                                      \
  X(MULTIPLE_REFUNDS_NOT_SUPPORTED, F, "Multiple refunds are not supported.")                      \
  X(PARTIAL_REFUND_NOT_SUPPORTED, F, "Partial refunds are not supported.")                         \
  X(ORDER_IS_CANCELED, F, "The order has been cancelled.")                                         \
  X(MERCHANT_BALANCE_NOT_ENOUGH, F, "The merchant balance is not enough for this refund.")         \
  X(REFUND_NOT_EXIST, F, "The refund does not exist.")                                            \
  X(PAYMENT_METHOD_NOT_SUPPORTED, F, "The payment method does not support this operation.")

enum class ResultCode {
#define ANTOM_RESULT_ENUM(code, status, message) code,
  ANTOM_RESULT_CODES(ANTOM_RESULT_ENUM)
#undef ANTOM_RESULT_ENUM
};

struct ResultInfo {
  ResultCode code;
  std::string_view name;
  ResultStatus status;
  std::string_view default_message;
};

[[nodiscard]] const ResultInfo& result_info(ResultCode code);
[[nodiscard]] std::string_view to_string(ResultCode code);
[[nodiscard]] std::string_view to_string(ResultStatus status);
[[nodiscard]] ResultStatus status_of(ResultCode code);
[[nodiscard]] std::optional<ResultCode> parse_result_code(std::string_view name);
[[nodiscard]] std::span<const ResultInfo> all_result_codes();

// A business outcome: a code and, where the default text says too little, a specific message.
struct Result {
  ResultCode code = ResultCode::SUCCESS;
  std::string message;  // specific text; empty means the code's default message

  [[nodiscard]] bool ok() const { return code == ResultCode::SUCCESS; }
  [[nodiscard]] ResultStatus status() const { return status_of(code); }
  [[nodiscard]] std::string_view text() const;
};

[[nodiscard]] Result make_result(ResultCode code, std::string message = {});

}  // namespace antom::state
