#pragma once
// SHA256withRSA over Antom's signed content, and the content itself.
#include <string>
#include <string_view>

#include "server/crypto/rsa_key.hpp"

namespace antom::server {

// "POST <path>\n<client-id>.<time>.<body>": requests, responses and notifications alike.
[[nodiscard]] std::string signing_content(std::string_view method, std::string_view path, std::string_view client_id,
                                          std::string_view time, std::string_view body);
// Base64 of the raw signature; empty if the key cannot sign.
[[nodiscard]] std::string sign_sha256(const RsaKey& key, std::string_view content);
[[nodiscard]] bool verify_sha256(const RsaKey& key, std::string_view content, std::string_view raw_signature);
// The header value Antom sends: algorithm=RSA256,keyVersion=N,signature=<URL-encoded base64>.
[[nodiscard]] std::string signature_header(int key_version, std::string_view base64_signature);

}  // namespace antom::server
