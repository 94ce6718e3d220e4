#pragma once
// Merchants described in JSON: the --config file and POST /_sim/merchants share this reader.
//   {"clientId":"SANDBOX_...", "name":"...", "publicKey":"<PEM or base64>", "keyVersion":1,
//    "publicKeys":{"2":"..."}, "notifyUrl":"https://...", "autoApprove":false,
//    "notificationSchedule":"production"}
#include <rapidjson/document.h>

#include <filesystem>
#include <string>
#include <vector>

#include "server/merchants.hpp"

namespace antom::server {

// Fills `m` (which may hold an existing registration to update). Returns "" or an error naming the field.
[[nodiscard]] std::string merchant_from_json(const rapidjson::Value& json, Merchant& m);
// Loads {"merchants":[...], "notifyAllow":[...]} : the merchants into the registry, the allow-list
// entries (notify_targets.hpp) into `notify_allow`. Returns "" or an error naming the file and field.
[[nodiscard]] std::string load_merchant_config(const std::filesystem::path& file, MerchantRegistry& registry,
                                               std::vector<std::string>* notify_allow = nullptr);
// The JSON of one merchant for GET /_sim/merchants (public keys as given, no private material).
[[nodiscard]] std::string merchant_to_json(const Merchant& m);

}  // namespace antom::server
