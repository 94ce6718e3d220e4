#include "server/control/control_json.hpp"

#include <charconv>

#include <rapidjson/error/en.h>

#include "scenarios/json_duplicates.hpp"
#include "server/json_position.hpp"

namespace antom::server {

const rapidjson::Document* json_body(const ControlRequest& req) {
  if (req.json) return req.json->IsObject() ? &*req.json : nullptr;
  rapidjson::Document& doc = req.json.emplace();
  const std::string& body = req.raw.body;
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
    doc.SetObject();
    return &doc;
  }
  doc.Parse<rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag>(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    doc.SetNull();
    return nullptr;
  }
  scenarios::keep_last_members(doc);  // as in Antom API bodies
  return &doc;
}

std::string json_body_problem(const ControlRequest& req) {
  rapidjson::Document doc;  // parsed again: only refusals get here
  const std::string& body = req.raw.body;
  doc.Parse<rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag>(body.data(), body.size());
  if (doc.HasParseError())
    return "The body is not valid JSON at " + line_and_column(body, doc.GetErrorOffset()) + ": " +
           rapidjson::GetParseError_En(doc.GetParseError());
  return "The body must be a JSON object.";
}

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  bool negative = false;
  if (text.front() == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  long long value = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || value < 0) return std::nullopt;
  const std::string_view unit(p, static_cast<std::size_t>(text.data() + text.size() - p));
  long long factor = 0;
  if (unit.empty() || unit == "ms") factor = 1;
  else if (unit == "s") factor = 1000;
  else if (unit == "m" || unit == "min") factor = 60'000;
  else if (unit == "h") factor = 3'600'000;
  else if (unit == "d") factor = 86'400'000;
  else return std::nullopt;
  if (value > (1LL << 50) / factor) return std::nullopt;
  return std::chrono::milliseconds(negative ? -value * factor : value * factor);
}

}  // namespace antom::server
