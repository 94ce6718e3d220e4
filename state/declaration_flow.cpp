#include "state/declaration_flow.hpp"

#include <algorithm>
#include <array>

#include "state/payment_fields.hpp"
#include "state/tick.hpp"

namespace antom::state {
namespace {

constexpr std::array<std::string_view, 5> kCustomsCodes = {"ZONGSHU", "SHANGHAI_CBT", "ZHENGZHOU", "NINGBO", "HENAN"};

std::uint64_t declaration_fingerprint(const DeclareRequest& r) {
  return fingerprint_of({r.payment_id, r.amount.currency, std::to_string(r.amount.value), r.customs_code,
                         r.customs_region, r.merchant_customs_code, r.merchant_customs_name,
                         r.split_order ? "1" : "0", r.sub_order_id, r.certificate_fingerprint});
}

DeclareOutcome answer(Result r) { return DeclareOutcome{std::move(r), std::nullopt}; }

void apply(Declaration& d, const DeclareRequest& req, const Payment& p, const Directive& dir, TimePoint now) {
  d.amount = req.amount;
  d.customs_code = req.customs_code;
  d.customs_region = req.customs_region;
  d.merchant_customs_code = req.merchant_customs_code;
  d.merchant_customs_name = req.merchant_customs_name;
  d.split_order = req.split_order;
  d.sub_order_id = req.sub_order_id;
  d.has_certificate = req.has_certificate;
  d.customs_order_id = req.split_order ? req.sub_order_id : p.reference_order_id;
  d.fingerprint = declaration_fingerprint(req);
  d.status = DeclarationStatus::Processing;
  d.modified_at = now;
  // A scenario may make customs slower or make it reject (settle_code other than SUCCESS).
  d.returns_at = now + (dir.processing && dir.settle_after ? *dir.settle_after : kCustomsAnswerDelay);
  d.customs_rejects = dir.processing && dir.settle_code != ResultCode::SUCCESS;
}

}  // namespace

bool known_customs_code(std::string_view code) {
  return std::find(kCustomsCodes.begin(), kCustomsCodes.end(), code) != kCustomsCodes.end();
}

DeclareOutcome declare(MerchantState& m, const DeclareRequest& req, const Directive& dir, TimePoint now) {
  auto& book = m.payments;
  if (dir.force && *dir.force != ResultCode::SUCCESS) return answer(make_result(*dir.force, dir.force_message));
  Declaration* existing = book.declaration(req.declaration_request_id);
  if (existing != nullptr) {
    if (existing->payment_id != req.payment_id)
      return answer(make_result(ResultCode::REPEAT_REQ_INCONSISTENT,
                                "declarationRequestId was used before for another paymentId."));
    if (existing->fingerprint == declaration_fingerprint(req))
      return DeclareOutcome{make_result(ResultCode::SUCCESS), *existing};
  }
  if (req.customs_region != "CN")
    return answer(make_result(ResultCode::PARAM_ILLEGAL, "customs.region must be CN: only China customs is supported."));
  if (!known_customs_code(req.customs_code))
    return answer(make_result(ResultCode::PARAM_ILLEGAL, "customs.customsCode is not a customs Antom declares to."));
  if (req.amount.currency != "CNY")
    return answer(make_result(ResultCode::PARAM_ILLEGAL, "declarationAmount.currency must be CNY."));
  Payment* p = book.payment(req.payment_id);
  if (p == nullptr) return answer(make_result(ResultCode::ORDER_NOT_EXIST));
  if (p->status != PaymentStatus::Success)
    return answer(make_result(ResultCode::ORDER_STATUS_INVALID, "Only a successful payment can be declared."));
  const auto limit = declarable_cny(*p);
  if (!limit)
    return answer(make_result(ResultCode::PROCESS_FAIL,
                              "antom-sim can declare only CNY and USD payments (" + p->amount.currency + " given)."));
  const std::int64_t others = p->declared - (existing != nullptr ? existing->amount.value : 0);
  if (others + req.amount.value > limit->value)
    return answer(make_result(ResultCode::PARAM_ILLEGAL,
                              "declarationAmount.value: the declarations of this payment would total more than " +
                                  std::to_string(limit->value) + " CNY (minor units); " +
                                  std::to_string(limit->value - others) + " remain."));
  p->declared = others + req.amount.value;
  if (existing != nullptr) {  // a modification: customs is asked again
    apply(*existing, req, *p, dir, now);
    ++existing->modifications;
    book.pending_declarations.push_back(*book.declaration_index(req.declaration_request_id));
    return DeclareOutcome{make_result(ResultCode::SUCCESS), *existing};
  }
  Declaration d;
  d.declaration_request_id = req.declaration_request_id;
  d.payment_id = p->payment_id;
  d.customs_payment_id = m.ids.numeric_id(now, "1960");
  d.created_at = now;
  apply(d, req, *p, dir, now);
  Declaration& stored = book.add(std::move(d));
  book.pending_declarations.push_back(static_cast<std::uint32_t>(book.declarations().size() - 1));
  return DeclareOutcome{make_result(ResultCode::SUCCESS), stored};
}

DeclarationQuery inquire_declarations(MerchantState& m, const std::vector<std::string>& ids, TimePoint now) {
  DeclarationQuery q;
  for (const auto& id : ids) {
    if (const Declaration* d = m.payments.declaration(id))
      q.found.push_back(*d);
    else if (std::find(q.not_found.begin(), q.not_found.end(), id) == q.not_found.end())
      q.not_found.push_back(id);
  }
  return q;
}

void advance_declarations(MerchantState& m, TimePoint now) {
  auto& book = m.payments;
  std::erase_if(book.pending_declarations, [&](std::uint32_t i) {
    Declaration& d = book.declarations()[i];
    if (d.status != DeclarationStatus::Processing) return true;
    if (d.returns_at > now) return false;
    d.status = d.customs_rejects ? DeclarationStatus::Fail : DeclarationStatus::Success;
    return true;
  });
}

}  // namespace antom::state
