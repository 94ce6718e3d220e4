#include "server/crypto/pkey_ctx_cache.hpp"

#include <openssl/rsa.h>

#include <algorithm>
#include <vector>

namespace antom::server {
namespace {

using CtxPtr = std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)>;

// Enough for the simulator's key and the merchants a test run signs with at once.
constexpr std::size_t kKeysPerThread = 16;

struct Entry {
  std::shared_ptr<EVP_PKEY> key;  // held, so the pointer cannot be reused for another key
  CtxPtr sign{nullptr, EVP_PKEY_CTX_free};
  CtxPtr verify{nullptr, EVP_PKEY_CTX_free};
};

CtxPtr make_ctx(EVP_PKEY* key, KeyUse use) {
  CtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr), EVP_PKEY_CTX_free);
  if (!ctx) return ctx;
  const int init = use == KeyUse::Sign ? EVP_PKEY_sign_init(ctx.get()) : EVP_PKEY_verify_init(ctx.get());
  if (init != 1 || EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) != 1 ||
      EVP_PKEY_CTX_set_signature_md(ctx.get(), sha256()) != 1)
    ctx.reset();
  return ctx;
}

}  // namespace

const EVP_MD* sha256() {
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

EVP_PKEY_CTX* pkey_ctx_for(const std::shared_ptr<EVP_PKEY>& key, KeyUse use) {
  if (!key) return nullptr;
  thread_local std::vector<Entry> entries;
  auto it = std::find_if(entries.begin(), entries.end(), [&](const Entry& e) { return e.key.get() == key.get(); });
  if (it == entries.end()) {
    if (entries.size() >= kKeysPerThread) entries.erase(entries.begin());
    entries.push_back(Entry{key});
    it = entries.end() - 1;
  }
  CtxPtr& ctx = use == KeyUse::Sign ? it->sign : it->verify;
  if (!ctx) ctx = make_ctx(key.get(), use);
  return ctx.get();
}

}  // namespace antom::server
