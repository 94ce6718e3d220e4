#pragma once
// Small helpers for control handlers: read a JSON body, write JSON answers, parse durations.
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "server/control/control_router.hpp"

namespace antom::server {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// The request body as a JSON object (parsed once, kept in `req`); an empty body is an empty object.
// nullptr = not a JSON object.
[[nodiscard]] const rapidjson::Document* json_body(const ControlRequest& req);
// Why json_body gave nullptr: "The body is not valid JSON at line 1, column 9: ..." or "The body
// must be a JSON object."
[[nodiscard]] std::string json_body_problem(const ControlRequest& req);
// "24h", "90m", "15s", "250ms", "1d", or a plain number of milliseconds.
[[nodiscard]] std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

inline void write_string(JsonWriter& w, std::string_view key, std::string_view value) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

// Runs `fill(writer)` inside a top-level object and answers it with `status`.
template <class Fill>
RawResponse json_object_response(int status, Fill&& fill) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  fill(w);
  w.EndObject();
  return json_response(status, std::string(buf.GetString(), buf.GetSize()));
}

}  // namespace antom::server
