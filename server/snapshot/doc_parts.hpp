#pragma once
// The snapshot document's parts, one file per concept (doc_*.cpp); document.cpp puts them
// together. Each read_* fills a value and rebuilds the indexes the value keeps; references across
// parts (a refund's payment, a token's authorization) are checked by check_references.
#include <memory>
#include <string>

#include "server/merchants.hpp"
#include "server/snapshot/codec.hpp"
#include "state/merchant_state.hpp"
#include "state/notify_faults.hpp"
#include "state/result_code.hpp"

namespace antom::server::snapshot_codec {

// Shared field kinds.
void field(Out& out, std::string_view key, const state::NotifyFaults& faults);  // ["DROP", "DELAY:5000"]
void field(In& in, std::string_view key, state::NotifyFaults& faults);
void field(Out& out, std::string_view key, const state::ResultCode& code);      // "SUCCESS"
void field(In& in, std::string_view key, state::ResultCode& code);

// doc_authorizations.cpp: "authorizations": {"attempts": [...], "codes": [...], "tokens": [...]}
void write_authorizations(Out& out, const state::AuthorizationBook& book);
void read_authorizations(In& in, state::AuthorizationBook& book);
// doc_payments.cpp: "payments", "refunds", "declarations", "retention"
void write_payments(Out& out, const state::PaymentBook& book);
void read_payments(In& in, state::PaymentBook& book);
// doc_buyers.cpp: "buyers": [...]
void write_buyers(Out& out, const state::BuyerBook& buyers);
void read_buyers(In& in, state::BuyerBook& buyers);
// doc_outbox.cpp: "notifications": {"nextSequence", "evicted", "expired", "records": [...]}
void write_outbox(Out& out, const state::Outbox& outbox);
void read_outbox(In& in, state::Outbox& outbox);
// doc_settlement.cpp: "settlement": {"nextBusinessDay", "nextDetailsDay"} (report files are not kept)
void write_settlement(Out& out, const state::SettlementBook& book);
void read_settlement(In& in, state::SettlementBook& book);
// doc_merchants.cpp: a registration, as GET /_sim/merchants shows it and POST /_sim/merchants takes it.
void write_registration(Out& out, const Merchant& m);
[[nodiscard]] std::shared_ptr<const Merchant> read_registration(In& in, std::string_view key);

// "" when every reference inside the merchant's state holds; else the JSON pointer and problem.
[[nodiscard]] std::string check_references(const state::MerchantState& m, const std::string& pointer);

}  // namespace antom::server::snapshot_codec
