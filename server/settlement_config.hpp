#pragma once
// A merchant's settlement terms in JSON (the "settlement" object of POST /_sim/merchants and of a
// --config merchant): customerId, acquirer, cycle, fees per payment method, and how reports are
// named. The settlement currencies stay in the merchant's settlementCurrencies.
//   {"customerId":"2188120000000001","acquirer":"Alipay_SG","cycleDays":1,"cutOffHour":0,
//    "timeZoneOffsetMinutes":480,"fees":{"default":{"percentBasisPoints":200,"fixed":0},
//    "GCASH":{"percentBasisPoints":175}},"refundFeeReturned":true,"emptyCycleSummary":true,
//    "fileNaming":"COMBINED"}
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "state/settlement_contract.hpp"
#include "state/status.hpp"

namespace antom::server {

// Applies the members given onto `c` (an update keeps what it does not mention; "fees" replaces
// the per-method fees), then checks the whole contract; a refusal names the field
// ("settlement.fees.GCASH.percentBasisPoints ...").
state::Status settlement_from_json(const rapidjson::Value& json, state::SettlementContract& c);
void write_settlement(rapidjson::Writer<rapidjson::StringBuffer>& w, const state::SettlementContract& c);

}  // namespace antom::server
