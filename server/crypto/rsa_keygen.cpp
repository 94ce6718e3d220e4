#include "server/crypto/rsa_keygen.hpp"

#include <openssl/rsa.h>

#include <future>

namespace antom::server {

EVP_PKEY* generate_rsa_keypair(int bits) {
  if (bits < 1024 || bits % 2 != 0) return nullptr;
  return EVP_RSA_gen(static_cast<unsigned>(bits));  // e = 65537
}

std::vector<EvpKeyPtr> generate_rsa_keypairs(std::size_t count, int bits) {
  // One thread per key: OpenSSL's generation is single-threaded, and a first start makes two.
  std::vector<std::future<EVP_PKEY*>> made;
  for (std::size_t i = 0; i < count; ++i) made.push_back(std::async(std::launch::async, generate_rsa_keypair, bits));
  std::vector<EvpKeyPtr> keys;
  bool failed = false;
  for (auto& f : made) {
    EvpKeyPtr key(f.get(), EVP_PKEY_free);
    failed = failed || !key;
    keys.push_back(std::move(key));
  }
  if (failed) keys.clear();
  return keys;
}

}  // namespace antom::server
