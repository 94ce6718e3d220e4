#pragma once
// RSA key pair generation for the simulator's and the demo merchant's keys.
#include <openssl/evp.h>

namespace antom::server {

// A new RSA key pair of `bits` (even, at least 1024) with e = 65537; nullptr if OpenSSL fails.
// The caller owns the key (EVP_PKEY_free).
[[nodiscard]] EVP_PKEY* generate_rsa_keypair(int bits);

}  // namespace antom::server
