#pragma once
// JSON rendering of response bodies and notification payloads from state::Fields.
#include <string>

#include "state/fields.hpp"
#include "state/result_code.hpp"

namespace antom::server {

// {"name":value,...}: strings stay strings, booleans booleans, nested fields objects.
[[nodiscard]] std::string render_fields_json(const state::Fields& fields);
// {"result":{resultCode,resultStatus,resultMessage}, <fields>...}: the body of every API response.
[[nodiscard]] std::string render_reply(const state::Result& result, const state::Fields& fields);

}  // namespace antom::server
