#pragma once
// RSA keys in every form the official SDKs use: PEM (PKCS#1 or PKCS#8 / SPKI), or bare base64 DER
// on one line. A key is parsed once and shared read-only between threads.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

typedef struct evp_pkey_st EVP_PKEY;

namespace antom::server {

class RsaKey {
 public:
  RsaKey() = default;
  [[nodiscard]] static RsaKey generate(int bits = 2048);
  // `count` new key pairs made together on every core; empty on failure.
  [[nodiscard]] static std::vector<RsaKey> generate_many(std::size_t count, int bits = 2048);
  // Private key: PEM ("RSA PRIVATE KEY" or "PRIVATE KEY") or bare base64 PKCS#8 / PKCS#1 DER.
  [[nodiscard]] static std::optional<RsaKey> load_private(std::string_view text);
  // Public key: PEM ("PUBLIC KEY" or "RSA PUBLIC KEY") or bare base64 SPKI / PKCS#1 DER.
  [[nodiscard]] static std::optional<RsaKey> load_public(std::string_view text);

  [[nodiscard]] bool valid() const { return key_ != nullptr; }
  [[nodiscard]] bool has_private() const { return has_private_; }
  [[nodiscard]] int bits() const;  // the modulus length; 0 without a key
  [[nodiscard]] EVP_PKEY* get() const { return key_.get(); }
  [[nodiscard]] const std::shared_ptr<EVP_PKEY>& shared() const { return key_; }

  [[nodiscard]] std::string private_pkcs8_pem() const;
  [[nodiscard]] std::string private_pkcs1_pem() const;
  [[nodiscard]] std::string private_pkcs8_base64() const;  // Java / Go SDKs
  [[nodiscard]] std::string private_pkcs1_base64() const;  // Python SDK (wraps it in RSA PRIVATE KEY)
  [[nodiscard]] std::string public_pem() const;            // SPKI
  [[nodiscard]] std::string public_base64() const;         // bare base64 SPKI, as the Dashboard shows

 private:
  std::shared_ptr<EVP_PKEY> key_;
  bool has_private_ = false;
};

}  // namespace antom::server
