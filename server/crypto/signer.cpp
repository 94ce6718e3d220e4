#include "server/crypto/signer.hpp"

#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <memory>

#include "server/crypto/codec.hpp"
#include "server/crypto/pkey_ctx_cache.hpp"

namespace antom::server {
std::string signing_content(std::string_view method, std::string_view path, std::string_view client_id,
                            std::string_view time, std::string_view body) {
  std::string s;
  s.reserve(method.size() + path.size() + client_id.size() + time.size() + body.size() + 4);
  s.append(method).append(" ").append(path).append("\n");
  s.append(client_id).append(".").append(time).append(".").append(body);
  return s;
}

namespace {

// SHA-256 of `content`; false if OpenSSL fails.
bool digest(std::string_view content, unsigned char (&out)[32]) {
  unsigned int length = 0;
  return EVP_Digest(content.data(), content.size(), out, &length, sha256(), nullptr) == 1 && length == 32;
}

}  // namespace

std::string sign_sha256(const RsaKey& key, std::string_view content) {
  if (!key.valid() || !key.has_private()) return {};
  EVP_PKEY_CTX* ctx = pkey_ctx_for(key.shared(), KeyUse::Sign);
  unsigned char hash[32];
  std::size_t length = 0;
  if (!ctx || !digest(content, hash) || EVP_PKEY_sign(ctx, nullptr, &length, hash, sizeof hash) != 1) return {};
  std::string sig(length, '\0');
  if (EVP_PKEY_sign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &length, hash, sizeof hash) != 1) return {};
  sig.resize(length);
  return base64_encode(sig);
}

bool verify_sha256(const RsaKey& key, std::string_view content, std::string_view raw_signature) {
  if (!key.valid() || raw_signature.empty()) return false;
  EVP_PKEY_CTX* ctx = pkey_ctx_for(key.shared(), KeyUse::Verify);
  unsigned char hash[32];
  return ctx && digest(content, hash) &&
         EVP_PKEY_verify(ctx, reinterpret_cast<const unsigned char*>(raw_signature.data()), raw_signature.size(), hash,
                         sizeof hash) == 1;
}

std::string sha256_raw(std::string_view content) {
  unsigned char hash[32];
  if (!digest(content, hash)) return {};
  return std::string(reinterpret_cast<const char*>(hash), sizeof hash);
}

std::string sha256_hex(std::string_view content) {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::string raw = sha256_raw(content);
  std::string out;
  out.reserve(raw.size() * 2);
  for (const unsigned char c : raw) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

std::optional<std::string> recover_sha256_digest(const RsaKey& key, std::string_view raw_signature) {
  if (!key.valid() || raw_signature.empty()) return std::nullopt;
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new(key.get(), nullptr),
                                                                   &EVP_PKEY_CTX_free);
  if (!ctx || EVP_PKEY_verify_recover_init(ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) != 1 ||
      EVP_PKEY_CTX_set_signature_md(ctx.get(), sha256()) != 1)
    return std::nullopt;
  const auto* in = reinterpret_cast<const unsigned char*>(raw_signature.data());
  std::size_t length = 0;
  if (EVP_PKEY_verify_recover(ctx.get(), nullptr, &length, in, raw_signature.size()) != 1) return std::nullopt;
  std::string out(length, '\0');
  if (EVP_PKEY_verify_recover(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &length, in,
                              raw_signature.size()) != 1)
    return std::nullopt;
  out.resize(length);
  if (out.size() != 32) return std::nullopt;
  return out;
}

std::string signature_header(int key_version, std::string_view base64_signature) {
  return "algorithm=RSA256,keyVersion=" + std::to_string(key_version) + ",signature=" + url_encode(base64_signature);
}

}  // namespace antom::server
