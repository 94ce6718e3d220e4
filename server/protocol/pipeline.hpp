#pragma once
// The life of one Auto Debit request, as one function: route, verify the signature, validate
// against the field table, plan the scenario, call state, render, sign.
#include "server/app.hpp"
#include "server/http/raw_message.hpp"

namespace antom::server {

// For any request whose path is under /ams/. Always answers HTTP 200 with an Antom `result`,
// unless a scenario asks for a broken answer.
[[nodiscard]] RawResponse handle_api_request(App& app, const RawRequest& req);

// Accepted request content types: JSON (and the legacy text/plain of Antom's console samples),
// UTF-8 or no charset; a missing header is accepted, as the docs call it optional.
[[nodiscard]] bool acceptable_content_type(const std::string* content_type);

inline constexpr std::size_t kMaxJsonDepth = 32;

}  // namespace antom::server
