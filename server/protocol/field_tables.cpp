// Request tables, from Antom's API reference pages (consult, applyToken, revoke, pay, inquiryPayment,
// cancel, refund, inquiryRefund, declare, inquiryDeclarationRequests under
// https://docs.antom.com/ac/ams/) and the official SDKs' request models. Lengths are characters;
// arrays count items. Rules where those sources are silent or unsure: docs/fidelity.md.
#include "server/protocol/field_tables.hpp"

#include <array>
#include <string_view>

namespace antom::server {
namespace {

using K = FieldKind;
using P = Presence;
using sv = std::string_view;

// Each row linked to the row of the object holding it (see FieldSpec::parent_row). A nested row
// whose parent object has no row above it does not compile.
template <std::size_t N>
consteval std::array<FieldSpec, N> linked(const FieldSpec (&rows)[N]) {
  std::array<FieldSpec, N> out{};
  for (std::size_t i = 0; i < N; ++i) {
    out[i] = rows[i];
    const auto dot = rows[i].path.rfind('.');
    if (dot == sv::npos) {
      out[i].parent_row = FieldSpec::kTopLevel;
      out[i].leaf = rows[i].path;
      continue;
    }
    out[i].leaf = rows[i].path.substr(dot + 1);
    for (std::size_t j = 0; j < i; ++j)
      if (rows[j].path == rows[i].path.substr(0, dot) && rows[j].kind == K::Object) out[i].parent_row = static_cast<std::int16_t>(j);
    if (out[i].parent_row == FieldSpec::kUnlinked) throw "a nested row needs the row of its parent object above it";
  }
  return out;
}

constexpr sv kTerminalTypes[] = {"WEB", "WAP", "APP", "MINI_APP"};
constexpr sv kOsTypes[] = {"IOS", "ANDROID"};
constexpr sv kAppTerminals[] = {"WAP", "APP", "MINI_APP"};
constexpr sv kScopes[] = {"BASE_USER_INFO", "USER_INFO",     "AGREEMENT_PAY", "USER_LOGIN_ID",
                          "HASH_LOGIN_ID",  "SEND_OTP",      "TAOBAO_REBIND"};
constexpr sv kGrantTypes[] = {"AUTHORIZATION_CODE", "REFRESH_TOKEN"};
constexpr sv kAuthorizationCode[] = {"AUTHORIZATION_CODE"};
constexpr sv kRefreshTokenGrant[] = {"REFRESH_TOKEN"};
constexpr sv kAgreementPayment[] = {"AGREEMENT_PAYMENT"};
constexpr sv kCny[] = {"CNY"};
constexpr sv kMiniApp[] = {"MINI_APP"};
constexpr sv kTrue[] = {"true"};
constexpr sv kCertificateTypes[] = {"ID_CARD", "PASSPORT"};
constexpr sv kDeliveryMethods[] = {"PHYSICAL", "DIGITAL"};

// One item of order.goods: the SDKs' Goods model (global-open-sdk-java's model/ams/Goods.java),
// with the lengths its copy of the pay page's text gives (docs/fidelity.md for the rest). Which
// item fields Antom requires is not published, so none is required here.
constexpr FieldSpec kGoodsItemRows[] = {
    {"referenceGoodsId", K::String, P::Optional, 64},
    {"goodsName", K::String, P::Optional, 256},
    {"goodsCategory", K::String, P::Optional, 64},
    {"goodsBrand", K::String, P::Optional, 128},
    {"goodsUnitAmount", K::Object, P::Optional},
    {"goodsUnitAmount.currency", K::Currency, P::Optional, 3},
    // A free item (a gift) may be worth 0, so not the positive amount rule of payment amounts.
    {"goodsUnitAmount.value", K::String, P::Optional, 16},
    {"goodsQuantity", K::String, P::Optional},
    {"goodsSkuName", K::String, P::Optional, 64},
    {"goodsUrl", K::String, P::Optional, 2048},
    {"deliveryMethodType", K::String, P::Optional, 32, kDeliveryMethods},
    {"goodsImageUrl", K::String, P::Optional, 2048},
    {"priceId", K::String, P::Optional, 64},
};
constexpr auto kGoodsItem = linked(kGoodsItemRows);

constexpr FieldSpec kConsultRows[] = {
    {"customerBelongsTo", K::String, P::Required, 64},
    {"authClientId", K::String, P::Optional, 64},
    {"authRedirectUrl", K::String, P::Required, 1024},
    {"scopes", K::StringArray, P::Required, 4, kScopes},
    {"authState", K::String, P::Required, 256},
    {"terminalType", K::String, P::RequiredUnless, 0, kTerminalTypes, "env.terminalType"},
    {"osType", K::String, P::RequiredWhen, 0, kOsTypes, "terminalType", kAppTerminals},
    {"osVersion", K::String, P::Optional, 16},
    {"env", K::Object, P::Optional},
    {"env.terminalType", K::String, P::Optional, 0, kTerminalTypes},
    {"env.osType", K::String, P::RequiredWhen, 0, kOsTypes, "env.terminalType", kAppTerminals},
    {"env.osVersion", K::String, P::Optional, 16},
    {"env.deviceTokenId", K::String, P::Optional, 64},
    {"env.extendInfo", K::String, P::Optional, 2048},
    {"env.deviceBrand", K::String, P::Optional, 64},
    {"env.deviceModel", K::String, P::Optional, 128},
    {"merchantRegion", K::Region, P::Optional, 2},
    {"recurringPayment", K::Boolean, P::Optional},
    {"authMetaData", K::Object, P::Optional},
    {"authNotifyUrl", K::String, P::Optional, 1024},
    {"merchantAccountId", K::String, P::Optional, 64},
};

constexpr FieldSpec kApplyTokenRows[] = {
    {"grantType", K::String, P::Required, 0, kGrantTypes},
    {"customerBelongsTo", K::String, P::Required, 64},
    {"authCode", K::String, P::RequiredWhen, 128, {}, "grantType", kAuthorizationCode},
    {"refreshToken", K::String, P::RequiredWhen, 128, {}, "grantType", kRefreshTokenGrant},
    {"merchantRegion", K::Region, P::Optional, 2},
    {"merchantAccountId", K::String, P::Optional, 64},
};

constexpr FieldSpec kRevokeRows[] = {
    {"accessToken", K::String, P::Required, 128},
    {"merchantAccountId", K::String, P::Optional, 64},
};

constexpr FieldSpec kPayRows[] = {
    {"productCode", K::String, P::Required, 32, kAgreementPayment},
    {"paymentRequestId", K::String, P::Required, 64},
    {"order", K::Object, P::Required},
    {"order.referenceOrderId", K::String, P::Required, 64},
    {"order.orderDescription", K::String, P::Required, 256},
    {"order.orderAmount", K::Object, P::Required},
    {"order.orderAmount.currency", K::Currency, P::Required, 3},
    {"order.orderAmount.value", K::AmountValue, P::Required, 16},
    {"order.goods", K::ObjectArray, P::Optional, 100, {}, {}, {}, 0, kGoodsItem},
    {"order.buyer", K::Object, P::Optional},
    {"order.buyer.referenceBuyerId", K::String, P::Optional, 64},
    {"order.buyer.buyerPhoneNo", K::String, P::Optional, 24},
    {"order.buyer.buyerEmail", K::String, P::Optional, 64},
    {"order.merchant", K::Object, P::Optional},
    {"order.merchant.referenceMerchantId", K::String, P::Optional, 64},
    {"order.merchant.merchantMCC", K::String, P::Optional, 32},
    {"order.merchant.merchantName", K::String, P::Optional, 256},
    {"order.merchant.merchantDisplayName", K::String, P::Optional, 64},
    {"order.env", K::Object, P::Optional},
    {"order.env.terminalType", K::String, P::Optional, 0, kTerminalTypes},
    {"order.env.osType", K::String, P::Optional, 0, kOsTypes},
    {"order.extendInfo", K::String, P::Optional, 2048},
    {"order.needDeclaration", K::Boolean, P::Optional},
    {"paymentAmount", K::Object, P::Required},
    {"paymentAmount.currency", K::Currency, P::Required, 3},
    {"paymentAmount.value", K::AmountValue, P::Required, 16},
    {"paymentMethod", K::Object, P::Required},
    {"paymentMethod.paymentMethodType", K::String, P::Required, 64},
    {"paymentMethod.paymentMethodId", K::String, P::Required, 128},
    {"paymentMethod.extendInfo", K::String, P::Optional, 2048},
    {"paymentExpiryTime", K::Datetime, P::Optional},
    {"paymentNotifyUrl", K::Url, P::Optional, 2048},
    {"paymentRedirectUrl", K::String, P::Optional, 2048},
    {"settlementStrategy", K::Object, P::Optional},
    {"settlementStrategy.settlementCurrency", K::Currency, P::Optional, 3},
    // Required for a mini program (https://docs.antom.com/ac/ams_zh-cn/payment_agreement).
    {"appId", K::String, P::RequiredWhen, 32, {}, "order.env.terminalType", kMiniApp},
    {"userRegion", K::Region, P::Optional, 2},
    {"merchantRegion", K::Region, P::Optional, 2},
    {"merchantAccountId", K::String, P::Optional, 32},
    {"extendInfo", K::String, P::Optional, 2048},
};

constexpr FieldSpec kInquiryPaymentRows[] = {
    {"paymentRequestId", K::String, P::RequiredUnless, 64, {}, "paymentId"},
    {"paymentId", K::String, P::RequiredUnless, 64, {}, "paymentRequestId"},
    {"merchantAccountId", K::String, P::Optional, 32},
};

constexpr FieldSpec kCancelRows[] = {
    {"paymentRequestId", K::String, P::RequiredUnless, 64, {}, "paymentId"},
    {"paymentId", K::String, P::RequiredUnless, 64, {}, "paymentRequestId"},
    {"merchantAccountId", K::String, P::Optional, 32},
};

constexpr FieldSpec kRefundRows[] = {
    {"refundRequestId", K::String, P::Required, 64},
    {"paymentId", K::String, P::Required, 64},
    {"referenceRefundId", K::String, P::Optional, 64},
    {"refundAmount", K::Object, P::Required},
    {"refundAmount.currency", K::Currency, P::Required, 3},
    {"refundAmount.value", K::AmountValue, P::Required, 16},
    {"refundReason", K::String, P::Optional, 256},
    {"refundNotifyUrl", K::Url, P::Optional, 1024},
    {"metadata", K::String, P::Optional, 64},
    {"merchantAccountId", K::String, P::Optional, 32},
};

constexpr FieldSpec kInquiryRefundRows[] = {
    {"refundRequestId", K::String, P::RequiredUnless, 64, {}, "refundId"},
    {"refundId", K::String, P::RequiredUnless, 64, {}, "refundRequestId"},
    {"merchantAccountId", K::String, P::Optional, 32},
};

constexpr FieldSpec kDeclareRows[] = {
    {"declarationRequestId", K::String, P::Required, 32},
    {"paymentId", K::String, P::Required, 64},
    {"declarationAmount", K::Object, P::Required},
    {"declarationAmount.currency", K::Currency, P::Required, 3, kCny},
    {"declarationAmount.value", K::AmountValue, P::Required, 16},
    {"customs", K::Object, P::Required},
    {"customs.customsCode", K::String, P::Required, 128},
    {"customs.region", K::Region, P::Required, 2},
    {"merchantCustomsInfo", K::Object, P::Required},
    {"merchantCustomsInfo.merchantCustomsCode", K::String, P::Required, 128},
    {"merchantCustomsInfo.merchantCustomsName", K::String, P::Required, 256},
    // Antom's page marks splitOrder required, yet the Go and Python SDKs leave it out when false:
    // absent means false (docs/fidelity.md).
    {"splitOrder", K::Boolean, P::Optional},
    {"subOrderId", K::String, P::RequiredWhen, 64, {}, "splitOrder", kTrue},
    {"buyerCertificate", K::Object, P::Optional},
    {"buyerCertificate.certificateType", K::String, P::Optional, 0, kCertificateTypes},
    {"buyerCertificate.certificateNo", K::String, P::Optional, 64},
    {"buyerCertificate.holderName", K::Object, P::Optional},
    {"buyerCertificate.holderName.fullName", K::String, P::Optional, 128},
};

constexpr FieldSpec kInquiryDeclarationRows[] = {
    {"declarationRequestIds", K::StringArray, P::Required, 10, {}, {}, {}, 32},
};

constexpr auto kConsult = linked(kConsultRows);
constexpr auto kApplyToken = linked(kApplyTokenRows);
constexpr auto kRevoke = linked(kRevokeRows);
constexpr auto kPay = linked(kPayRows);
constexpr auto kInquiryPayment = linked(kInquiryPaymentRows);
constexpr auto kCancel = linked(kCancelRows);
constexpr auto kRefund = linked(kRefundRows);
constexpr auto kInquiryRefund = linked(kInquiryRefundRows);
constexpr auto kDeclare = linked(kDeclareRows);
constexpr auto kInquiryDeclaration = linked(kInquiryDeclarationRows);

}  // namespace

constinit const std::span<const FieldSpec> kConsultFields = kConsult;
constinit const std::span<const FieldSpec> kApplyTokenFields = kApplyToken;
constinit const std::span<const FieldSpec> kRevokeFields = kRevoke;
constinit const std::span<const FieldSpec> kPayFields = kPay;
constinit const std::span<const FieldSpec> kInquiryPaymentFields = kInquiryPayment;
constinit const std::span<const FieldSpec> kCancelFields = kCancel;
constinit const std::span<const FieldSpec> kRefundFields = kRefund;
constinit const std::span<const FieldSpec> kInquiryRefundFields = kInquiryRefund;
constinit const std::span<const FieldSpec> kDeclareFields = kDeclare;
constinit const std::span<const FieldSpec> kInquiryDeclarationFields = kInquiryDeclaration;

}  // namespace antom::server
