#pragma once
// EVP_PKEY_CTXs set up once per thread and key for SHA256withRSA (PKCS #1 v1.5). Making and
// initializing one per operation costs OpenSSL 3 about 10 us of provider lookups and locks:
// 3 % of a 2048-bit signature, a third of a verification.
#include <openssl/evp.h>

#include <memory>

namespace antom::server {

enum class KeyUse { Sign, Verify };

// The calling thread's context for `key` and `use`, ready for EVP_PKEY_sign / EVP_PKEY_verify on a
// SHA-256 digest; nullptr if OpenSSL cannot set one up. Valid until this thread's next call. Each
// thread keeps a few keys (the oldest is dropped), each alive while it is kept.
[[nodiscard]] EVP_PKEY_CTX* pkey_ctx_for(const std::shared_ptr<EVP_PKEY>& key, KeyUse use);

// SHA-256, fetched from the default provider once.
[[nodiscard]] const EVP_MD* sha256();

}  // namespace antom::server
