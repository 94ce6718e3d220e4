#include "server/crypto/rsa_keygen.hpp"

#include "server/crypto/prime_search.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>

#include <memory>
#include <utility>

namespace antom::server {
namespace {

// Why not EVP_RSA_gen: OpenSSL 3 makes keys the SP 800-56B way (FIPS 186-4 primes with auxiliary
// primes, and 64 Miller-Rabin rounds on every prime), which took 0.12-0.45 s per 2048-bit key here
// and made a first start in an empty data directory take up to a second. A key here is two random
// primes with the top two bits set (so n has exactly `bits` bits) and e coprime to p-1 and q-1, as
// OpenSSL 1.1 made keys; the primes come from find_rsa_primes, every key's on every core. Each key
// is checked pairwise (it signs, and the signature verifies) before it is returned.

using BnCtxPtr = std::unique_ptr<BN_CTX, decltype(&BN_CTX_free)>;

BnPtr new_bn() { return BnPtr(BN_secure_new(), BN_clear_free); }

constexpr unsigned long kPublicExponent = 65537;

// The pairwise consistency test: a SHA256withRSA signature made with the private key (d and the CRT
// values) verifies with the public key. EVP_PKEY_pairwise_check would also rerun 64 Miller-Rabin
// rounds on p and q: 50 ms per key here, as long as finding the primes.
bool signs_and_verifies(EVP_PKEY* key) {
  using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;
  static constexpr unsigned char kMessage[] = "antom-sim pairwise consistency test";
  unsigned char signature[1024];
  std::size_t length = sizeof signature;
  MdCtxPtr sign(EVP_MD_CTX_new(), EVP_MD_CTX_free), verify(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  return sign && verify && EVP_PKEY_get_size(key) <= static_cast<int>(sizeof signature) &&
         EVP_DigestSignInit(sign.get(), nullptr, EVP_sha256(), nullptr, key) == 1 &&
         EVP_DigestSign(sign.get(), signature, &length, kMessage, sizeof kMessage) == 1 &&
         EVP_DigestVerifyInit(verify.get(), nullptr, EVP_sha256(), nullptr, key) == 1 &&
         EVP_DigestVerify(verify.get(), signature, length, kMessage, sizeof kMessage) == 1;
}

EVP_PKEY* assemble(BIGNUM* n, BIGNUM* e, BIGNUM* d, BIGNUM* p, BIGNUM* q, BIGNUM* dp, BIGNUM* dq, BIGNUM* qinv) {
  std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)> build(OSSL_PARAM_BLD_new(), OSSL_PARAM_BLD_free);
  if (!build) return nullptr;
  const std::pair<const char*, BIGNUM*> parts[] = {
      {OSSL_PKEY_PARAM_RSA_N, n},         {OSSL_PKEY_PARAM_RSA_E, e},         {OSSL_PKEY_PARAM_RSA_D, d},
      {OSSL_PKEY_PARAM_RSA_FACTOR1, p},   {OSSL_PKEY_PARAM_RSA_FACTOR2, q},   {OSSL_PKEY_PARAM_RSA_EXPONENT1, dp},
      {OSSL_PKEY_PARAM_RSA_EXPONENT2, dq}, {OSSL_PKEY_PARAM_RSA_COEFFICIENT1, qinv}};
  for (const auto& [name, value] : parts)
    if (OSSL_PARAM_BLD_push_BN(build.get(), name, value) != 1) return nullptr;
  std::unique_ptr<OSSL_PARAM, decltype(&OSSL_PARAM_free)> params(OSSL_PARAM_BLD_to_param(build.get()), OSSL_PARAM_free);
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr),
                                                                  EVP_PKEY_CTX_free);
  EVP_PKEY* key = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_KEYPAIR, params.get()) != 1)
    return nullptr;
  if (!signs_and_verifies(key)) {
    EVP_PKEY_free(key);
    return nullptr;
  }
  return key;
}

// The key of primes p and q (p != q); nullptr on failure.
EVP_PKEY* key_from_primes(BnPtr p, BnPtr q, int bits) {
  if (BN_cmp(p.get(), q.get()) < 0) std::swap(p, q);  // p > q, as PKCS #1 keys are usually laid out
  BnCtxPtr ctx(BN_CTX_secure_new(), BN_CTX_free);
  BnPtr e = new_bn(), n = new_bn(), p1 = new_bn(), q1 = new_bn(), phi = new_bn(), gcd = new_bn(), lambda = new_bn(),
        d = new_bn(), dp = new_bn(), dq = new_bn(), qinv = new_bn();
  const bool ok = ctx && BN_set_word(e.get(), kPublicExponent) == 1 && BN_mul(n.get(), p.get(), q.get(), ctx.get()) == 1 &&
                  BN_sub(p1.get(), p.get(), BN_value_one()) == 1 && BN_sub(q1.get(), q.get(), BN_value_one()) == 1 &&
                  BN_mul(phi.get(), p1.get(), q1.get(), ctx.get()) == 1 &&
                  BN_gcd(gcd.get(), p1.get(), q1.get(), ctx.get()) == 1 &&
                  BN_div(lambda.get(), nullptr, phi.get(), gcd.get(), ctx.get()) == 1 &&  // lcm(p-1, q-1)
                  BN_mod_inverse(d.get(), e.get(), lambda.get(), ctx.get()) != nullptr &&
                  BN_mod(dp.get(), d.get(), p1.get(), ctx.get()) == 1 && BN_mod(dq.get(), d.get(), q1.get(), ctx.get()) == 1 &&
                  BN_mod_inverse(qinv.get(), q.get(), p.get(), ctx.get()) != nullptr && BN_num_bits(n.get()) == bits;
  if (!ok) return nullptr;
  return assemble(n.get(), e.get(), d.get(), p.get(), q.get(), dp.get(), dq.get(), qinv.get());
}

}  // namespace

std::vector<EvpKeyPtr> generate_rsa_keypairs(std::size_t count, int bits) {
  if (bits < 1024 || bits % 2 != 0 || count == 0) return {};
  std::vector<BnPtr> primes = find_rsa_primes(2 * count, bits / 2, kPublicExponent);
  if (primes.size() != 2 * count) return {};
  std::vector<EvpKeyPtr> keys;
  for (std::size_t i = 0; i < count; ++i) {
    EvpKeyPtr key(key_from_primes(std::move(primes[2 * i]), std::move(primes[2 * i + 1]), bits), EVP_PKEY_free);
    if (!key) return {};
    keys.push_back(std::move(key));
  }
  return keys;
}

EVP_PKEY* generate_rsa_keypair(int bits) {
  auto keys = generate_rsa_keypairs(1, bits);
  return keys.empty() ? nullptr : keys.front().release();
}

}  // namespace antom::server
