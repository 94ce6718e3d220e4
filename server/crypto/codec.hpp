#pragma once
// Base64 and the URL encoding of signature values.
#include <optional>
#include <string>
#include <string_view>

namespace antom::server {

[[nodiscard]] std::string base64_encode(std::string_view bytes);
// Standard alphabet; whitespace ignored; nullopt on anything else that is not base64.
[[nodiscard]] std::optional<std::string> base64_decode(std::string_view text);
// Form encoding with upper-case hex, as Java's URLEncoder and Python's quote_plus produce.
[[nodiscard]] std::string url_encode(std::string_view text);
// Decodes %XX in either case. '+' stays '+': a raw base64 signature must survive.
[[nodiscard]] std::optional<std::string> percent_decode(std::string_view text);
// Query-string decoding ('+' is a space), for wallet page forms and /_sim/ queries.
[[nodiscard]] std::string form_decode(std::string_view text);

}  // namespace antom::server
