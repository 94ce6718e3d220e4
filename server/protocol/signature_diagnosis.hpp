#pragma once
// Why a request signature failed to verify: computed only after INVALID_SIGNATURE was decided (the
// answer stays Antom's), for the request log and GET /_sim/diagnostics/signatures. It recovers the
// digest the signature carries with each registered key of the merchant and compares it with the
// digests of likely mistakes: another key, the other prefix (sandbox or not), another operation's
// path, the client id with or without SANDBOX_.
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "server/crypto/rsa_key.hpp"
#include "server/protocol/signature_header.hpp"

namespace antom::server {

enum class SignatureVerdict {
  MalformedSignature,  // the header or the signature does not decode to an RSA signature
  UnregisteredKey,     // no registered key of the merchant made it
  OtherKeyVersion,     // another registered key of the merchant made it
  WrongPath,           // the right key signed another path (prefix, or another operation)
  WrongClientId,       // the right key signed the client id with or without SANDBOX_
  WrongBody,           // the right key signed other content: the body (or request-time) differs
};

[[nodiscard]] std::string_view to_string(SignatureVerdict verdict);

struct SignatureDiagnosis {
  SignatureVerdict verdict = SignatureVerdict::MalformedSignature;
  std::string detail;          // one sentence a user can act on
  std::string time;            // virtual clock, ISO 8601
  std::string method;
  std::string path;            // as received (and as signed)
  std::string client_id;
  std::string request_time;
  std::size_t body_length = 0;
  std::string body_sha256;     // hex
  std::optional<int> key_version;  // the key tried (nullopt when none was chosen)
  bool signature_decodes = false;  // URL-decoding and base64 succeeded
  std::size_t signature_bytes = 0;
  std::string signed_elsewhere;    // WrongPath / WrongClientId / OtherKeyVersion: what it does verify over

  // "POST <path>\n<client-id>.<request-time>.<body: N bytes, sha256 H>"
  [[nodiscard]] std::string expected_content() const;
  [[nodiscard]] std::string to_json() const;
  [[nodiscard]] std::string to_text() const;  // one line for the text request log
};

struct SignatureEvidence {
  std::string_view method;
  std::string_view path;         // signed path as received (with query)
  std::string_view client_id;
  std::string_view request_time;
  std::string_view body;
  const ParsedSignature* parsed = nullptr;  // nullptr: no header
  const std::map<int, RsaKey>* keys = nullptr;  // the merchant's registered keys
  std::optional<int> key_version;  // the version tried
  std::string now;                 // virtual clock text
};

[[nodiscard]] SignatureDiagnosis diagnose_signature(const SignatureEvidence& evidence);

}  // namespace antom::server
