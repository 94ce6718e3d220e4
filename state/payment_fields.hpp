#pragma once
// How payments, refunds and declarations look on the wire, as state::Fields: the shared pieces of
// API responses and of notifyPayment / notifyRefund payloads, in the reference's field order.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "state/fields.hpp"
#include "state/payments.hpp"

namespace antom::state {

[[nodiscard]] Fields money_fields(const Money& m);
[[nodiscard]] Fields result_fields(ResultCode code, std::string_view message = {});
[[nodiscard]] std::string psp_name_of(std::string_view wallet);
[[nodiscard]] std::string payment_result_message(const Payment& p);
[[nodiscard]] std::string refund_result_message(const Refund& r);

// Response and notification fields whose presence depends on the payment's status (a table in
// payment_fields.cpp, with its sources).
enum class PaymentField { PaymentTime, PspCustomerInfo, CustomsDeclarationAmount, PaymentAmountInPay, GrossSettlement };
[[nodiscard]] bool returned_for(PaymentField field, PaymentStatus status);

// CNY amount of a successful payment a merchant may declare; nullopt when antom-sim cannot convert
// its currency (only CNY and USD at a fixed simulated rate). customsDeclarationAmount, in
// notifyPayment and inquiryPayment, is this for a successful Alipay (China) payment.
[[nodiscard]] std::optional<Money> declarable_cny(const Payment& p);
[[nodiscard]] std::optional<Money> customs_declaration_amount(const Payment& p);

// Bodies after `result`.
[[nodiscard]] Fields pay_response_fields(const Payment& p);
[[nodiscard]] Fields inquiry_payment_fields(const Payment& p, const std::vector<Refund>& refunds);
[[nodiscard]] Fields cancel_response_fields(const Payment& p);
[[nodiscard]] Fields refund_response_fields(const Refund& r);
[[nodiscard]] Fields inquiry_refund_fields(const Refund& r);
[[nodiscard]] Fields declare_response_fields(const Declaration& d);
[[nodiscard]] Fields declaration_record_fields(const Declaration& d);

// Whole notification bodies, `result` included.
[[nodiscard]] Fields payment_notify_payload(const Payment& p);
[[nodiscard]] Fields refund_notify_payload(const Refund& r);

}  // namespace antom::state
