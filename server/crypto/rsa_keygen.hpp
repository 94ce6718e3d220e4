#pragma once
// RSA key pair generation for the simulator's and the demo merchant's keys: OpenSSL's EVP_RSA_gen.
#include <openssl/evp.h>

#include <cstddef>
#include <memory>
#include <vector>

namespace antom::server {

using EvpKeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

// `count` new RSA key pairs of `bits` (even, at least 1024) with e = 65537, each on its own thread;
// empty if `bits` is refused or OpenSSL fails.
[[nodiscard]] std::vector<EvpKeyPtr> generate_rsa_keypairs(std::size_t count, int bits);

// One key pair; nullptr on failure. The caller owns the key (EVP_PKEY_free).
[[nodiscard]] EVP_PKEY* generate_rsa_keypair(int bits);

}  // namespace antom::server
