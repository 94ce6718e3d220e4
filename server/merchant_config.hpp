#pragma once
// Merchants described in JSON: the --config file and POST /_sim/merchants share this reader.
//   {"clientId":"SANDBOX_...", "name":"...", "publicKey":"<PEM or base64>", "keyVersion":1,
//    "publicKeys":{"2":"..."}, "notifyUrl":"https://...", "autoApprove":false,
//    "notificationSchedule":"production", "notifyTimeoutMs":1000}
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "server/control/route_spec.hpp"
#include "server/merchants.hpp"
#include "state/status.hpp"

namespace antom::server {

// The fields of a merchant, as data: merchant_from_json refuses any other, and POST /_sim/merchants
// documents its body (and GET /_sim/openapi.json) from the same table.
[[nodiscard]] const std::vector<ControlField>& merchant_fields();
// Fills `m` (which may hold an existing registration to update); a refusal names the field.
state::Status merchant_from_json(const rapidjson::Value& json, Merchant& m);
// Loads {"merchants":[...], "notifyAllow":[...]}, all or nothing: the merchants into the registry,
// the allow-list entries (notify_targets.hpp) into `notify_allow`. A refusal names the file and field.
state::Status load_merchant_config(const std::filesystem::path& file, MerchantRegistry& registry,
                                   std::vector<std::string>* notify_allow = nullptr);
// The same from text; `origin` names the source in refusals, with line:column for malformed JSON.
// A client id given twice is refused; duplicate member names: the last wins.
state::Status load_merchant_config_text(std::string_view text, const std::string& origin, MerchantRegistry& registry,
                                        std::vector<std::string>* notify_allow = nullptr);
// Whether an answer may carry a merchant's secrets (its SFTP password): never for GET
// /_sim/merchants; a snapshot document must, or the account could not be brought back.
enum class MerchantSecrets : bool { Hidden, Included };
// The JSON of one merchant for GET /_sim/merchants (public keys as given, no private material).
void write_merchant(rapidjson::Writer<rapidjson::StringBuffer>& w, const Merchant& m,
                    MerchantSecrets secrets = MerchantSecrets::Hidden);
[[nodiscard]] std::string merchant_to_json(const Merchant& m);

}  // namespace antom::server
