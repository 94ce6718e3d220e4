#pragma once
// The request tables of the ten Auto Debit operations, from Antom's API reference pages
// (https://docs.antom.com/ac/ams/; sources per table in field_tables.cpp).
#include <span>

#include "server/protocol/field_spec.hpp"

namespace antom::server {

extern const std::span<const FieldSpec> kConsultFields;
extern const std::span<const FieldSpec> kApplyTokenFields;
extern const std::span<const FieldSpec> kRevokeFields;
extern const std::span<const FieldSpec> kPayFields;
extern const std::span<const FieldSpec> kInquiryPaymentFields;
extern const std::span<const FieldSpec> kCancelFields;
extern const std::span<const FieldSpec> kRefundFields;
extern const std::span<const FieldSpec> kInquiryRefundFields;
extern const std::span<const FieldSpec> kDeclareFields;
extern const std::span<const FieldSpec> kInquiryDeclarationFields;

}  // namespace antom::server
