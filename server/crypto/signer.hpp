#pragma once
// SHA256withRSA over Antom's signed content, and the content itself.
#include <optional>
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
// Lower-case hex SHA-256 of `content` (diagnostics); "" if OpenSSL fails.
[[nodiscard]] std::string sha256_hex(std::string_view content);
// The SHA-256 digest a PKCS #1 v1.5 signature carries, recovered with the public key: nullopt when
// the signature was not made by the key's private half (or is no RSA signature of a SHA-256 digest).
// For diagnosing a failed verification only; it makes its own OpenSSL context each call.
[[nodiscard]] std::optional<std::string> recover_sha256_digest(const RsaKey& key, std::string_view raw_signature);
// The raw SHA-256 digest of `content` (32 bytes); "" if OpenSSL fails.
[[nodiscard]] std::string sha256_raw(std::string_view content);
// The header value Antom sends: algorithm=RSA256,keyVersion=N,signature=<URL-encoded base64>.
[[nodiscard]] std::string signature_header(int key_version, std::string_view base64_signature);

}  // namespace antom::server
