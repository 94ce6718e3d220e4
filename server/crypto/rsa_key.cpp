#include "server/crypto/rsa_key.hpp"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/decoder.h>
#include <openssl/encoder.h>

#include "server/crypto/codec.hpp"
#include "server/crypto/rsa_keygen.hpp"

namespace antom::server {
namespace {

using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;

std::shared_ptr<EVP_PKEY> wrap(EVP_PKEY* k) { return std::shared_ptr<EVP_PKEY>(k, EVP_PKEY_free); }

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\r' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

// Decodes DER (or PEM) with OpenSSL's decoder, trying every structure for the selection.
EVP_PKEY* decode(std::string_view data, const char* input_type, int selection) {
  EVP_PKEY* pkey = nullptr;
  OSSL_DECODER_CTX* ctx =
      OSSL_DECODER_CTX_new_for_pkey(&pkey, input_type, nullptr, "RSA", selection, nullptr, nullptr);
  if (!ctx) return nullptr;
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  std::size_t len = data.size();
  const int ok = OSSL_DECODER_from_data(ctx, &p, &len);
  OSSL_DECODER_CTX_free(ctx);
  if (ok != 1) {
    EVP_PKEY_free(pkey);
    return nullptr;
  }
  return pkey;
}

EVP_PKEY* load_any(std::string_view text, int selection) {
  const std::string t = trim(text);
  if (t.empty()) return nullptr;
  if (t.rfind("-----BEGIN", 0) == 0) return decode(t, "PEM", selection);
  auto der = base64_decode(t);
  if (!der || der->empty()) return nullptr;
  return decode(*der, "DER", selection);
}

std::string encode(EVP_PKEY* key, const char* format, const char* structure, int selection) {
  OSSL_ENCODER_CTX* ctx = OSSL_ENCODER_CTX_new_for_pkey(key, selection, format, structure, nullptr);
  if (!ctx) return {};
  unsigned char* out = nullptr;
  std::size_t len = 0;
  std::string result;
  if (OSSL_ENCODER_to_data(ctx, &out, &len) == 1) result.assign(reinterpret_cast<char*>(out), len);
  OPENSSL_free(out);
  OSSL_ENCODER_CTX_free(ctx);
  return result;
}

}  // namespace

RsaKey RsaKey::generate(int bits) {
  RsaKey k;
  k.key_ = wrap(generate_rsa_keypair(bits));
  k.has_private_ = k.key_ != nullptr;
  return k;
}

std::vector<RsaKey> RsaKey::generate_many(std::size_t count, int bits) {
  std::vector<RsaKey> keys;
  for (auto& made : generate_rsa_keypairs(count, bits)) {
    RsaKey k;
    k.key_ = wrap(made.release());
    k.has_private_ = true;
    keys.push_back(std::move(k));
  }
  return keys;
}

std::optional<RsaKey> RsaKey::load_private(std::string_view text) {
  EVP_PKEY* p = load_any(text, OSSL_KEYMGMT_SELECT_KEYPAIR);
  if (!p) return std::nullopt;
  RsaKey k;
  k.key_ = wrap(p);
  k.has_private_ = true;
  return k;
}

std::optional<RsaKey> RsaKey::load_public(std::string_view text) {
  EVP_PKEY* p = load_any(text, OSSL_KEYMGMT_SELECT_PUBLIC_KEY);
  if (!p) return std::nullopt;
  RsaKey k;
  k.key_ = wrap(p);
  return k;
}

int RsaKey::bits() const { return key_ ? EVP_PKEY_get_bits(key_.get()) : 0; }

std::string RsaKey::private_pkcs8_pem() const {
  return encode(key_.get(), "PEM", "PrivateKeyInfo", OSSL_KEYMGMT_SELECT_KEYPAIR);
}
std::string RsaKey::private_pkcs1_pem() const {
  return encode(key_.get(), "PEM", "type-specific", OSSL_KEYMGMT_SELECT_KEYPAIR);
}
std::string RsaKey::private_pkcs8_base64() const {
  return base64_encode(encode(key_.get(), "DER", "PrivateKeyInfo", OSSL_KEYMGMT_SELECT_KEYPAIR));
}
std::string RsaKey::private_pkcs1_base64() const {
  return base64_encode(encode(key_.get(), "DER", "type-specific", OSSL_KEYMGMT_SELECT_KEYPAIR));
}
std::string RsaKey::public_pem() const {
  return encode(key_.get(), "PEM", "SubjectPublicKeyInfo", OSSL_KEYMGMT_SELECT_PUBLIC_KEY);
}
std::string RsaKey::public_base64() const {
  return base64_encode(encode(key_.get(), "DER", "SubjectPublicKeyInfo", OSSL_KEYMGMT_SELECT_PUBLIC_KEY));
}

}  // namespace antom::server
