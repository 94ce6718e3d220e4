#include "server/protocol/signature_diagnosis.hpp"

#include <openssl/evp.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <vector>

#include "server/crypto/codec.hpp"
#include "server/crypto/signer.hpp"
#include "server/protocol/operations.hpp"

namespace antom::server {
namespace {

// Paths a client may have signed instead of the one it sent: the same operation under the other
// prefix, then every other operation under either prefix. The query, if any, is kept.
std::vector<std::string> other_paths(std::string_view signed_path) {
  const std::string_view query = signed_path.find('?') == std::string_view::npos
                                     ? std::string_view{}
                                     : signed_path.substr(signed_path.find('?'));
  const std::string_view path = signed_path.substr(0, signed_path.size() - query.size());
  std::vector<std::string> out;
  const Route route = route_path(path);
  if (route.spec)
    out.push_back(std::string(route.sandbox ? kProductionPrefix : kSandboxPrefix) + std::string(route.spec->path) +
                  std::string(query));
  for (const auto& op : all_operations())
    for (const std::string_view prefix : {kProductionPrefix, kSandboxPrefix}) {
      std::string candidate = std::string(prefix) + std::string(op.path) + std::string(query);
      if (candidate != signed_path && (out.empty() || candidate != out.front())) out.push_back(std::move(candidate));
    }
  return out;
}

std::string other_client_id(std::string_view client_id) {
  constexpr std::string_view kSandbox = "SANDBOX_";
  if (client_id.starts_with(kSandbox)) return std::string(client_id.substr(kSandbox.size()));
  return std::string(kSandbox) + std::string(client_id);
}

std::size_t key_bytes(const RsaKey& key) { return key.valid() ? static_cast<std::size_t>(EVP_PKEY_get_size(key.get())) : 0; }

// Names what the recovered digest matches, if any of the likely mistakes.
bool explain_digest(const SignatureEvidence& e, const std::string& digest, SignatureDiagnosis& d) {
  for (const auto& path : other_paths(e.path))
    if (sha256_raw(signing_content(e.method, path, e.client_id, e.request_time, e.body)) == digest) {
      d.verdict = SignatureVerdict::WrongPath;
      d.signed_elsewhere = path;
      d.detail = "The signature was made over the path " + path + ", but the request went to " + std::string(e.path) +
                 ": sign the path (and query) exactly as sent.";
      return true;
    }
  const std::string client_id = other_client_id(e.client_id);
  if (sha256_raw(signing_content(e.method, e.path, client_id, e.request_time, e.body)) == digest) {
    d.verdict = SignatureVerdict::WrongClientId;
    d.signed_elsewhere = client_id;
    d.detail = "The signature was made over the client id " + client_id + ", but the client-id header says " +
               std::string(e.client_id) + ".";
    return true;
  }
  return false;
}

}  // namespace

std::string_view to_string(SignatureVerdict verdict) {
  switch (verdict) {
    case SignatureVerdict::MalformedSignature: return "MALFORMED_SIGNATURE";
    case SignatureVerdict::UnregisteredKey: return "UNREGISTERED_KEY";
    case SignatureVerdict::OtherKeyVersion: return "OTHER_KEY_VERSION";
    case SignatureVerdict::WrongPath: return "WRONG_PATH";
    case SignatureVerdict::WrongClientId: return "WRONG_CLIENT_ID";
    case SignatureVerdict::WrongBody: return "WRONG_BODY";
  }
  return "UNKNOWN";
}

SignatureDiagnosis diagnose_signature(const SignatureEvidence& e) {
  SignatureDiagnosis d;
  d.time = e.now;
  d.method = e.method;
  d.path = e.path;
  d.client_id = e.client_id;
  d.request_time = e.request_time;
  d.body_length = e.body.size();
  d.body_sha256 = sha256_hex(e.body);
  d.key_version = e.key_version;

  if (!e.parsed || e.parsed->error == SignatureHeaderError::NoSignaturePart || e.parsed->header.signature.empty()) {
    d.detail = "The signature header has no signature= part (expected algorithm=RSA256,keyVersion=N,signature=...).";
    return d;
  }
  if (e.parsed->error == SignatureHeaderError::BadEncoding) {
    d.detail = "The signature part is not valid URL-encoding (a '%' not followed by two hex digits).";
    return d;
  }
  if (e.parsed->error == SignatureHeaderError::UnsupportedAlgorithm) {
    d.detail = "The algorithm is " + e.parsed->header.algorithm + "; Antom signs with RSA256 only.";
    return d;
  }
  const auto raw = base64_decode(e.parsed->header.signature);
  if (!raw) {
    d.detail = "The signature is not base64 after URL-decoding (was it URL-encoded twice, or not at all with '+' in it?).";
    return d;
  }
  d.signature_decodes = true;
  d.signature_bytes = raw->size();
  const RsaKey* tried = nullptr;
  if (e.keys && e.key_version)
    if (auto it = e.keys->find(*e.key_version); it != e.keys->end()) tried = &it->second;
  if (tried && raw->size() != key_bytes(*tried)) {
    d.detail = "The signature decodes to " + std::to_string(raw->size()) + " bytes; one made by keyVersion " +
               std::to_string(*e.key_version) + " (" + std::to_string(key_bytes(*tried) * 8) + "-bit) has " +
               std::to_string(key_bytes(*tried)) + ".";
    return d;
  }
  if (tried)
    if (auto digest = recover_sha256_digest(*tried, *raw)) {
      if (explain_digest(e, *digest, d)) return d;
      d.verdict = SignatureVerdict::WrongBody;
      d.detail = "The right key (keyVersion " + std::to_string(*e.key_version) +
                 ") signed other content: the body as sent is not the body signed (re-serialised, changed after "
                 "signing, or another request's), or the request-time header is not the time signed.";
      return d;
    }
  if (e.keys)
    for (const auto& [version, key] : *e.keys) {
      if (&key == tried) continue;
      auto digest = recover_sha256_digest(key, *raw);
      if (!digest) continue;
      d.verdict = SignatureVerdict::OtherKeyVersion;
      d.signed_elsewhere = "keyVersion=" + std::to_string(version);
      d.detail = "The signature was made with the private key of keyVersion " + std::to_string(version) +
                 ", but the header names keyVersion " + (e.key_version ? std::to_string(*e.key_version) : "-") +
                 (*digest == sha256_raw(signing_content(e.method, e.path, e.client_id, e.request_time, e.body))
                      ? ": send keyVersion=" + std::to_string(version) + "."
                      : " (and it covers other content too).");
      return d;
    }
  d.verdict = SignatureVerdict::UnregisteredKey;
  d.detail = "No public key registered for " + std::string(e.client_id) +
             " matches the private key that made this signature: register that key's public half "
             "(POST /_sim/merchants), or sign with the private key whose public key is registered.";
  return d;
}

std::string SignatureDiagnosis::expected_content() const {
  return method + " " + path + "\n" + client_id + "." + request_time + ".<body: " + std::to_string(body_length) +
         " bytes, sha256 " + body_sha256 + ">";
}

std::string SignatureDiagnosis::to_json() const {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  auto str = [&](const char* key, std::string_view value) {
    w.Key(key);
    w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  };
  w.StartObject();
  str("verdict", to_string(verdict));
  str("detail", detail);
  str("time", time);
  str("clientId", client_id);
  str("method", method);
  str("path", path);
  str("requestTime", request_time);
  w.Key("bodyLength");
  w.Uint64(body_length);
  str("bodySha256", body_sha256);
  str("expectedContent", expected_content());
  w.Key("keyVersion");
  if (key_version) w.Int(*key_version);
  else w.Null();
  w.Key("signatureDecodes");
  w.Bool(signature_decodes);
  w.Key("signatureBytes");
  w.Uint64(signature_bytes);
  if (!signed_elsewhere.empty()) str("verifiesWith", signed_elsewhere);
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

std::string SignatureDiagnosis::to_text() const {
  std::string out = "signature " + std::string(to_string(verdict)) + ": " + detail + " Expected to be signed: \"" +
                    method + " " + path + "\\n" + client_id + "." + request_time + ".<" + std::to_string(body_length) +
                    " bytes, sha256 " + body_sha256 + ">\", keyVersion " +
                    (key_version ? std::to_string(*key_version) : std::string("-")) +
                    ", signature " + (signature_decodes ? std::to_string(signature_bytes) + " bytes" : "does not decode");
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';  // one line, whatever the client sent
  return out;
}

}  // namespace antom::server
