#pragma once
// Reading request JSON the way Antom's docs describe it: every scalar may arrive as a string or
// as a number/boolean, and JSON null means absent.
#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace antom::server {

// The value at a dotted path ("paymentAmount.value"), or nullptr when absent or null.
[[nodiscard]] const rapidjson::Value* lookup(const rapidjson::Value& root, std::string_view dotted_path);
// String, number or boolean as text ("100", "true"); nullopt for objects, arrays and null.
[[nodiscard]] std::optional<std::string> scalar_text(const rapidjson::Value& v);
// Text at a path; empty when absent or not a scalar.
[[nodiscard]] std::string text_at(const rapidjson::Value& root, std::string_view dotted_path);
[[nodiscard]] bool bool_at(const rapidjson::Value& root, std::string_view dotted_path, bool fallback = false);
[[nodiscard]] std::vector<std::string> strings_at(const rapidjson::Value& root, std::string_view dotted_path);
// The JSON text of the value at a path ("" when absent): for idempotency fingerprints.
[[nodiscard]] std::string json_at(const rapidjson::Value& root, std::string_view dotted_path);

}  // namespace antom::server
