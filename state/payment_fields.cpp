#include "state/payment_fields.hpp"

#include <cstdint>

#include "state/wallets.hpp"

namespace antom::state {

// antom-sim's fixed customs rate: CNY minor units per USD minor unit (README).
inline constexpr std::int64_t kUsdToCnyPerMille = 7200;

Fields money_fields(const Money& m) {
  Fields f;
  f.reserve(2);
  put(f, "currency", m.currency);
  put(f, "value", std::to_string(m.value));
  return f;
}

Fields result_fields(ResultCode code, std::string_view message) {
  Fields f;
  f.reserve(3);
  put(f, "resultCode", std::string(to_string(code)));
  put(f, "resultStatus", std::string(to_string(status_of(code))));
  put(f, "resultMessage", std::string(message.empty() ? result_info(code).default_message : message));
  return f;
}

std::string psp_name_of(std::string_view wallet) {
  for (const auto& w : default_wallets())
    if (w.code == wallet) return w.psp_name;
  return std::string(wallet);
}

std::string payment_result_message(const Payment& p) {
  return p.result_message.empty() ? std::string(result_info(p.result_code).default_message) : p.result_message;
}

std::string refund_result_message(const Refund& r) {
  return r.result_message.empty() ? std::string(result_info(r.result_code).default_message) : r.result_message;
}

std::optional<Money> declarable_cny(const Payment& p) {
  if (p.amount.currency == "CNY") return p.amount;
  if (p.amount.currency == "USD" && p.amount.value <= INT64_MAX / kUsdToCnyPerMille)
    return Money{p.amount.value * kUsdToCnyPerMille / 1000, "CNY"};
  return std::nullopt;
}

std::optional<Money> customs_declaration_amount(const Payment& p) {
  // Antom returns it for a successful Alipay (China) payment, whether or not the order set
  // needDeclaration (docs/fidelity.md).
  if (p.wallet != "ALIPAY_CN" || !returned_for(PaymentField::CustomsDeclarationAmount, p.status)) return std::nullopt;
  return declarable_cny(p);
}

namespace {
// grossSettlementAmount and settlementQuote (Antom's Quote model), when settled in another currency.
void put_settlement(Fields& f, const std::optional<Settlement>& s) {
  if (!s) return;
  put(f, "grossSettlementAmount", money_fields(s->gross));
  Fields q;
  put(q, "quoteId", s->quote.quote_id);
  put(q, "quoteCurrencyPair", s->quote.pair);
  put(q, "quotePrice", format_price(s->quote.price));
  put(q, "quoteStartTime", format_iso8601(s->quote.start));
  put(q, "quoteExpiryTime", format_iso8601(s->quote.expiry));
  put(f, "settlementQuote", std::move(q));
}

// pspCustomerInfo as Antom's PspCustomerInfo model has it: the wallet's name, the buyer's id at the
// wallet and the (masked) login id shown to the buyer, as applyToken returned them.
Fields psp_customer_info(const Payment& p) {
  Fields f;
  f.reserve(3);
  put(f, "pspName", psp_name_of(p.wallet));
  put_if(f, "pspCustomerId", p.buyer_id);
  put_if(f, "displayCustomerId", p.buyer_login_id);
  return f;
}
}  // namespace

// Fields Antom returns only in some payment statuses, as data. Sources: pay
// (https://docs.antom.com/ac/ams/payment_agreement), inquiryPayment
// (https://docs.antom.com/ac/ams/paymentri_online), notifyPayment
// (https://docs.antom.com/ac/ams/paymentrn_online); choices in docs/fidelity.md.
namespace {
struct StatusPresence {
  PaymentField field;
  bool processing, success, fail, cancelled;
};
constexpr StatusPresence kPresence[] = {
    // field                               PROCESSING SUCCESS FAIL  CANCELLED
    {PaymentField::PaymentTime,              false,     true,  false, false},  // "when the payment succeeds"
    {PaymentField::PspCustomerInfo,          false,     true,  false, false},
    {PaymentField::CustomsDeclarationAmount, false,     true,  false, false},  // a successful AlipayCN payment
    {PaymentField::PaymentAmountInPay,       true,      true,  false, false},  // pay: ids only when it failed
    {PaymentField::GrossSettlement,          false,     true,  false, false},  // with a locked quote
};
}  // namespace

bool returned_for(PaymentField field, PaymentStatus status) {
  for (const auto& row : kPresence)
    if (row.field == field) switch (status) {
        case PaymentStatus::Processing: return row.processing;
        case PaymentStatus::Success: return row.success;
        case PaymentStatus::Fail: return row.fail;
        case PaymentStatus::Cancelled: return row.cancelled;
      }
  return true;
}

Fields pay_response_fields(const Payment& p) {
  Fields f;
  f.reserve(6);
  put(f, "paymentRequestId", p.payment_request_id);
  put(f, "paymentId", p.payment_id);
  if (!returned_for(PaymentField::PaymentAmountInPay, p.status)) return f;
  put(f, "paymentAmount", money_fields(p.amount));
  put(f, "paymentCreateTime", format_iso8601(p.created_at));
  if (returned_for(PaymentField::PaymentTime, p.status)) put(f, "paymentTime", format_iso8601(p.finished_at));
  if (returned_for(PaymentField::PspCustomerInfo, p.status)) put(f, "pspCustomerInfo", psp_customer_info(p));
  if (returned_for(PaymentField::GrossSettlement, p.status)) put_settlement(f, p.settlement);
  return f;
}

Fields inquiry_payment_fields(const Payment& p, const std::vector<Refund>& refunds) {
  Fields f;
  put(f, "paymentStatus", is_reported_pending(p) ? std::string("PENDING") : std::string(to_string(p.status)));
  put(f, "paymentResultCode", std::string(to_string(p.result_code)));
  put(f, "paymentResultMessage", payment_result_message(p));
  put(f, "paymentRequestId", p.payment_request_id);
  put(f, "paymentId", p.payment_id);
  put(f, "paymentAmount", money_fields(p.amount));
  put(f, "paymentCreateTime", format_iso8601(p.created_at));
  if (returned_for(PaymentField::PaymentTime, p.status)) put(f, "paymentTime", format_iso8601(p.finished_at));
  if (returned_for(PaymentField::PspCustomerInfo, p.status)) put(f, "pspCustomerInfo", psp_customer_info(p));
  if (auto customs = customs_declaration_amount(p)) put(f, "customsDeclarationAmount", money_fields(*customs));
  if (returned_for(PaymentField::GrossSettlement, p.status)) put_settlement(f, p.settlement);
  std::vector<Fields> transactions;
  for (const auto& r : refunds) {
    Fields t;
    put(t, "transactionResult", result_fields(r.result_code, refund_result_message(r)));
    put(t, "transactionId", r.refund_id);
    put(t, "transactionType", "REFUND");
    put(t, "transactionStatus", std::string(to_string(r.status)));
    put(t, "transactionAmount", money_fields(r.amount));
    put(t, "transactionRequestId", r.refund_request_id);
    put(t, "transactionTime", format_iso8601(r.status == RefundStatus::Processing ? r.created_at : r.finished_at));
    transactions.push_back(std::move(t));
  }
  if (p.status == PaymentStatus::Cancelled) {
    Fields t;
    put(t, "transactionResult", result_fields(ResultCode::SUCCESS));
    put(t, "transactionId", p.payment_id);
    put(t, "transactionType", "CANCEL");
    put(t, "transactionStatus", "SUCCESS");
    put(t, "transactionAmount", money_fields(p.amount));
    put(t, "transactionRequestId", p.payment_request_id);
    put(t, "transactionTime", format_iso8601(p.cancelled_at));
    transactions.push_back(std::move(t));
  }
  if (!transactions.empty()) put(f, "transactions", std::move(transactions));
  return f;
}

Fields cancel_response_fields(const Payment& p) {
  Fields f;
  put(f, "paymentId", p.payment_id);
  put(f, "paymentRequestId", p.payment_request_id);
  put(f, "cancelTime", format_iso8601(p.cancelled_at));
  return f;
}

Fields refund_response_fields(const Refund& r) {
  Fields f;
  put(f, "refundRequestId", r.refund_request_id);
  put(f, "refundId", r.refund_id);
  put(f, "paymentId", r.payment_id);
  if (r.status == RefundStatus::Fail) return f;
  put(f, "refundAmount", money_fields(r.amount));
  if (r.status == RefundStatus::Success) put(f, "refundTime", format_iso8601(r.finished_at));
  if (r.status == RefundStatus::Success) put_settlement(f, r.settlement);
  return f;
}

Fields inquiry_refund_fields(const Refund& r) {
  Fields f;
  put(f, "refundId", r.refund_id);
  put(f, "refundRequestId", r.refund_request_id);
  put(f, "refundAmount", money_fields(r.amount));
  put(f, "refundStatus", std::string(to_string(r.status)));
  if (r.status == RefundStatus::Success) put(f, "refundTime", format_iso8601(r.finished_at));
  if (r.status == RefundStatus::Success) put_settlement(f, r.settlement);
  return f;
}

namespace {
Fields customs_fields(const Declaration& d) {
  Fields f;
  put(f, "customsCode", d.customs_code);
  put(f, "region", d.customs_region);
  return f;
}
Fields merchant_customs_fields(const Declaration& d) {
  Fields f;
  put(f, "merchantCustomsCode", d.merchant_customs_code);
  put(f, "merchantCustomsName", d.merchant_customs_name);
  return f;
}
}  // namespace

Fields declare_response_fields(const Declaration& d) {
  Fields f;
  put(f, "customsPaymentId", d.customs_payment_id);
  put(f, "customsOrderId", d.customs_order_id);
  if (d.has_certificate) put(f, "identityCheckResult", "CHECK_PASSED");
  put(f, "clearingChannel", "NUCC");
  put(f, "clearingTransactionId", d.customs_payment_id);
  put(f, "customsProviderRegistrationId", "31222699S7");
  return f;
}

Fields declaration_record_fields(const Declaration& d) {
  Fields f;
  put(f, "declarationRequestId", d.declaration_request_id);
  put(f, "customsPaymentId", d.customs_payment_id);
  put(f, "customsOrderId", d.customs_order_id);
  put(f, "customs", customs_fields(d));
  put(f, "merchantCustomsInfo", merchant_customs_fields(d));
  put(f, "declarationAmount", money_fields(d.amount));
  put(f, "splitOrder", d.split_order);
  put(f, "declarationRequestStatus", std::string(to_string(d.status)));
  put(f, "lastModifiedTime", format_iso8601(d.modified_at));
  if (d.status != DeclarationStatus::Processing) {
    const bool ok = d.status == DeclarationStatus::Success;
    put(f, "customsDeclarationResultCode", ok ? "SUCCESS" : "FAIL");
    put(f, "customsDeclarationResultDesc", ok ? "Declaration accepted by customs." : "Declaration rejected by customs.");
    put(f, "customsDeclarationReturnTime", format_iso8601(d.returns_at));
  }
  return f;
}

Fields payment_notify_payload(const Payment& p) {
  Fields f;
  f.reserve(8);
  if (is_reported_pending(p)) {  // S = pending: the buyer is done, the final result follows
    put(f, "notifyType", "PAYMENT_PENDING");
    put(f, "result", result_fields(ResultCode::SUCCESS, "The payment is pending; the final result follows."));
  } else {
    put(f, "notifyType", "PAYMENT_RESULT");
    put(f, "result", result_fields(p.result_code, payment_result_message(p)));
  }
  put(f, "paymentRequestId", p.payment_request_id);
  put(f, "paymentId", p.payment_id);
  put(f, "paymentAmount", money_fields(p.amount));
  put(f, "paymentCreateTime", format_iso8601(p.created_at));
  if (returned_for(PaymentField::PaymentTime, p.status)) put(f, "paymentTime", format_iso8601(p.finished_at));
  if (auto customs = customs_declaration_amount(p)) put(f, "customsDeclarationAmount", money_fields(*customs));
  if (returned_for(PaymentField::GrossSettlement, p.status)) put_settlement(f, p.settlement);
  if (returned_for(PaymentField::PspCustomerInfo, p.status)) put(f, "pspCustomerInfo", psp_customer_info(p));
  return f;
}

Fields refund_notify_payload(const Refund& r) {
  Fields f;
  f.reserve(8);
  put(f, "notifyType", "REFUND_RESULT");
  put(f, "result", result_fields(r.result_code, refund_result_message(r)));
  put(f, "refundStatus", std::string(to_string(r.status)));
  put(f, "refundRequestId", r.refund_request_id);
  put(f, "refundId", r.refund_id);
  put(f, "refundAmount", money_fields(r.amount));
  if (r.status == RefundStatus::Success) put(f, "refundTime", format_iso8601(r.finished_at));
  if (r.status == RefundStatus::Success) put_settlement(f, r.settlement);
  put_if(f, "metadata", r.metadata);
  return f;
}

}  // namespace antom::state
