#pragma once
// Parsing the `signature` request header tolerantly: spaces after commas, parts in any order,
// upper- or lower-case percent-encoding.
#include <optional>
#include <string>
#include <string_view>

namespace antom::server {

struct SignatureHeader {
  std::string algorithm;          // "RSA256"
  std::optional<int> key_version; // absent: the merchant's latest key
  std::string signature;          // base64 after URL-decoding; may be empty
};

enum class SignatureHeaderError { None, NoSignaturePart, BadKeyVersion, BadEncoding, UnsupportedAlgorithm };

struct ParsedSignature {
  SignatureHeader header;
  SignatureHeaderError error = SignatureHeaderError::None;
};

[[nodiscard]] ParsedSignature parse_signature_header(std::string_view value);

}  // namespace antom::server
