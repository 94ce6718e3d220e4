#pragma once
// URLs the wallet works with: the merchant's authRedirectUrl / authNotifyUrl as they arrive
// (possibly percent-encoded, possibly hostile) and the redirect back with authCode and authState.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace antom::server {

enum class UrlUse {
  Redirect,  // http(s), or an app's own scheme (myapp://cb) for APP/WAP terminals
  Notify,    // http(s) only: the simulator POSTs to it
};

// The URL ready to use, or nullopt when it is not one: Antom's docs allow URL fields to arrive
// percent-encoded ("https%3A%2F%2F..."), which is decoded here. Rejected: control characters or
// spaces (a Location header must not be split), script-capable schemes (javascript:, data:,
// vbscript:, file:), and http(s) URLs without a host.
[[nodiscard]] std::optional<std::string> clean_url(std::string_view raw, UrlUse use);

// Percent-encodes everything except RFC 3986 unreserved characters.
[[nodiscard]] std::string percent_encode(std::string_view text);

// Appends name=value pairs to the query, keeping an existing query and putting them before any
// #fragment: "https://m/cb?x=1#top" + authCode=A -> "https://m/cb?x=1&authCode=A#top".
[[nodiscard]] std::string with_query(std::string_view url,
                                     const std::vector<std::pair<std::string, std::string>>& params);

// The simulated wallet page of one consult: base_url + "/_sim/wallet/{clientId}/{attemptId}".
[[nodiscard]] std::string wallet_page_url(std::string_view base_url, std::string_view client_id,
                                          std::string_view attempt_id);

}  // namespace antom::server
