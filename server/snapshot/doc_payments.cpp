// Payments, refunds and declarations of one merchant, with the retention counters. A payment's
// list of refunds and the pending lists are not written: they are rebuilt from the records.
#include <array>

#include "server/snapshot/doc_parts.hpp"
#include "state/payments.hpp"

namespace antom::server::snapshot_codec {
namespace {

using state::DeclarationStatus;
using state::PaymentStatus;
using state::RefundStatus;

constexpr std::array<std::pair<PaymentStatus, std::string_view>, 4> kPaymentStatuses = {
    {{PaymentStatus::Processing, "PROCESSING"}, {PaymentStatus::Success, "SUCCESS"}, {PaymentStatus::Fail, "FAIL"},
     {PaymentStatus::Cancelled, "CANCELLED"}}};
constexpr std::array<std::pair<RefundStatus, std::string_view>, 3> kRefundStatuses = {
    {{RefundStatus::Processing, "PROCESSING"}, {RefundStatus::Success, "SUCCESS"}, {RefundStatus::Fail, "FAIL"}}};
constexpr std::array<std::pair<DeclarationStatus, std::string_view>, 3> kDeclarationStatuses = {
    {{DeclarationStatus::Processing, "PROCESSING"}, {DeclarationStatus::Success, "SUCCESS"},
     {DeclarationStatus::Fail, "FAIL"}}};

template <class V, class P>
void pending_fields(V& v, P& p) {
  v("due", p.due);
  field(v, "resultCode", p.code);
  v("inquiriesLeft", p.inquiries_left);
  v("reportPending", p.report_pending);
}

template <class V, class S>
void settlement_fields(V& v, S& s) {
  v("gross", s.gross);
  v.object("quote", s.quote, [](auto& q, auto& quote) {
    q("quoteId", quote.quote_id);
    q("pair", quote.pair);
    q("price", quote.price);
    q("start", quote.start);
    q("expiry", quote.expiry);
  });
}

// std::optional<T> members that are objects.
template <class V, class T, class Fill>
void optional_object(V& v, std::string_view key, std::optional<T>& o, Fill fill) {
  if constexpr (V::reading) {
    if (!v.has(key)) return;
    T value{};
    v.object(key, value, fill);
    o = std::move(value);
  } else {
    if (o) v.object(key, *o, fill);
  }
}
template <class V, class T, class Fill>
void optional_object(V& v, std::string_view key, const std::optional<T>& o, Fill fill) {
  if (o) v.object(key, *o, fill);
}

template <class V, class P>
void payment_fields(V& v, P& p) {
  v("paymentId", p.payment_id);
  v("paymentRequestId", p.payment_request_id);
  v("wallet", p.wallet);
  v("buyerId", p.buyer_id);
  v("buyerLoginId", p.buyer_login_id);
  v("referenceOrderId", p.reference_order_id);
  v("orderDescription", p.order_description);
  v("notifyUrl", p.notify_url);
  v("amount", p.amount);
  v("fingerprint", p.fingerprint);
  v.enumeration("status", p.status, EnumNames<PaymentStatus>(kPaymentStatuses));
  field(v, "resultCode", p.result_code);
  v("debited", p.debited);
  v("needDeclaration", p.need_declaration);
  v("resultMessage", p.result_message);
  v("createdAt", p.created_at);
  v("finishedAt", p.finished_at);
  v("expiresAt", p.expires_at);
  v("cancelledAt", p.cancelled_at);
  v("cancelledAfterSuccess", p.cancelled_after_success);
  v("refunded", p.refunded);
  v("declared", p.declared);
  optional_object(v, "pending", p.pending, [](auto& in, auto& x) { pending_fields(in, x); });
  field(v, "notificationFaults", p.notification_faults);
  optional_object(v, "settlement", p.settlement, [](auto& in, auto& x) { settlement_fields(in, x); });
}

template <class V, class R>
void refund_fields(V& v, R& r) {
  v("refundId", r.refund_id);
  v("refundRequestId", r.refund_request_id);
  v("paymentId", r.payment_id);
  v("referenceRefundId", r.reference_refund_id);
  v("notifyUrl", r.notify_url);
  v("metadata", r.metadata);
  v("amount", r.amount);
  v("fingerprint", r.fingerprint);
  v.enumeration("status", r.status, EnumNames<RefundStatus>(kRefundStatuses));
  field(v, "resultCode", r.result_code);
  v("resultMessage", r.result_message);
  v("createdAt", r.created_at);
  v("finishedAt", r.finished_at);
  optional_object(v, "pending", r.pending, [](auto& in, auto& x) { pending_fields(in, x); });
  field(v, "notificationFaults", r.notification_faults);
  optional_object(v, "settlement", r.settlement, [](auto& in, auto& x) { settlement_fields(in, x); });
  v("reverseAfterMs", r.reverse_after);  // REFUND_REVERSAL (the refund-reversed scenario)
  v("reversalDue", r.reversal_due);
  v("reversedAt", r.reversed_at);
}

template <class V, class D>
void declaration_fields(V& v, D& d) {
  v("declarationRequestId", d.declaration_request_id);
  v("paymentId", d.payment_id);
  v("amount", d.amount);
  v("customsCode", d.customs_code);
  v("customsRegion", d.customs_region);
  v("merchantCustomsCode", d.merchant_customs_code);
  v("merchantCustomsName", d.merchant_customs_name);
  v("splitOrder", d.split_order);
  v("subOrderId", d.sub_order_id);
  v("hasCertificate", d.has_certificate);
  v("customsPaymentId", d.customs_payment_id);
  v("customsOrderId", d.customs_order_id);
  v("fingerprint", d.fingerprint);
  v.enumeration("status", d.status, EnumNames<DeclarationStatus>(kDeclarationStatuses));
  v("createdAt", d.created_at);
  v("modifiedAt", d.modified_at);
  v("returnsAt", d.returns_at);
  v("customsRejects", d.customs_rejects);
  v("modifications", d.modifications);
}

template <class V, class E>
void expired_fields(V& v, E& e) {
  v("payments", e.payments);
  v("refunds", e.refunds);
  v("declarations", e.declarations);
  v("authorizations", e.authorizations);
}

}  // namespace

void write_payments(Out& out, const state::PaymentBook& book) {
  out.array("payments", book.payments(), [](Out& o, const state::Payment& p) { payment_fields(o, p); });
  out.array("refunds", book.refunds(), [](Out& o, const state::Refund& r) { refund_fields(o, r); });
  out.array("declarations", book.declarations(), [](Out& o, const state::Declaration& d) { declaration_fields(o, d); });
  out.object("retention", book, [](Out& o, const state::PaymentBook& b) {
    o("scannedAt", b.retention_scanned_at);
    o.object("expired", b.expired(), [](Out& e, const state::ExpiredRecords& x) { expired_fields(e, x); });
  });
}

void read_payments(In& in, state::PaymentBook& book) {
  std::vector<state::Payment> payments;
  std::vector<state::Refund> refunds;
  std::vector<state::Declaration> declarations;
  in.array("payments", payments, [](In& i, state::Payment& p) { payment_fields(i, p); });
  in.array("refunds", refunds, [](In& i, state::Refund& r) { refund_fields(i, r); });
  in.array("declarations", declarations, [](In& i, state::Declaration& d) { declaration_fields(i, d); });
  state::ExpiredRecords expired;
  std::optional<state::TimePoint> scanned_at;
  in.object("retention", book, [&](In& r, state::PaymentBook&) {
    r("scannedAt", scanned_at);
    r.object("expired", expired, [](In& e, state::ExpiredRecords& x) { expired_fields(e, x); });
  });
  if (!in.ok()) return;
  for (std::size_t i = 0; i < payments.size(); ++i) {
    const std::string where = "payments/" + std::to_string(i);
    if (payments[i].payment_id.empty()) return in.fail(where + "/paymentId", "is required");
    if (payments[i].payment_request_id.empty()) return in.fail(where + "/paymentRequestId", "is required");
    if (book.payment(payments[i].payment_id)) return in.fail(where + "/paymentId", "is given twice");
    if (book.payment_by_request(payments[i].payment_request_id)) return in.fail(where + "/paymentRequestId", "is given twice");
    payments[i].refunds.clear();
    const auto& p = book.add(std::move(payments[i]));
    if (p.status == PaymentStatus::Processing && p.pending) book.pending_payments.push_back(static_cast<std::uint32_t>(i));
  }
  for (std::size_t i = 0; i < refunds.size(); ++i) {
    const std::string where = "refunds/" + std::to_string(i);
    if (refunds[i].refund_id.empty()) return in.fail(where + "/refundId", "is required");
    if (book.refund(refunds[i].refund_id)) return in.fail(where + "/refundId", "is given twice");
    if (!refunds[i].refund_request_id.empty() && book.refund_by_request(refunds[i].refund_request_id))
      return in.fail(where + "/refundRequestId", "is given twice");
    state::Payment* p = book.payment(refunds[i].payment_id);
    if (!p) return in.fail(where + "/paymentId", "names no payment of this merchant (\"" + refunds[i].payment_id + "\")");
    p->refunds.push_back(static_cast<std::uint32_t>(i));
    const auto& r = book.add(std::move(refunds[i]));
    if (r.status == RefundStatus::Processing && r.pending) book.pending_refunds.push_back(static_cast<std::uint32_t>(i));
  }
  for (std::size_t i = 0; i < declarations.size(); ++i) {
    const std::string where = "declarations/" + std::to_string(i);
    if (declarations[i].declaration_request_id.empty()) return in.fail(where + "/declarationRequestId", "is required");
    if (book.declaration(declarations[i].declaration_request_id)) return in.fail(where + "/declarationRequestId", "is given twice");
    if (!book.payment(declarations[i].payment_id))
      return in.fail(where + "/paymentId", "names no payment of this merchant (\"" + declarations[i].payment_id + "\")");
    const auto& d = book.add(std::move(declarations[i]));
    if (d.status == DeclarationStatus::Processing) book.pending_declarations.push_back(static_cast<std::uint32_t>(i));
  }
  book.retention_scanned_at = scanned_at;
  book.set_expired(expired);
}

}  // namespace antom::server::snapshot_codec
