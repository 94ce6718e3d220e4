#include "server/crypto/rsa_keygen.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>

#include <future>
#include <memory>
#include <utility>

namespace antom::server {
namespace {

// Why not EVP_RSA_gen: OpenSSL 3 makes keys the SP 800-56B way (FIPS 186-4 primes with auxiliary
// primes), which took 0.12-0.45 s per 2048-bit key here and made a first start in an empty data
// directory take up to a second. Two random primes with the top two bits set (so n has exactly
// `bits` bits) and e coprime to p-1 and q-1 is how OpenSSL 1.1 made keys: 2-4 times faster, and
// p and q are found on two threads. The key is checked pairwise before it is returned.

using BnPtr = std::unique_ptr<BIGNUM, decltype(&BN_clear_free)>;
using BnCtxPtr = std::unique_ptr<BN_CTX, decltype(&BN_CTX_free)>;

BnPtr new_bn() { return BnPtr(BN_secure_new(), BN_clear_free); }

constexpr unsigned long kPublicExponent = 65537;

// A prime p of `bits` bits with p - 1 not divisible by e (so e is invertible); nullptr on failure.
BnPtr generate_prime(int bits) {
  BnCtxPtr ctx(BN_CTX_secure_new(), BN_CTX_free);
  BnPtr p = new_bn(), p_minus_1 = new_bn();
  if (!ctx || !p || !p_minus_1) return BnPtr(nullptr, BN_clear_free);
  do {
    if (BN_generate_prime_ex2(p.get(), bits, 0, nullptr, nullptr, nullptr, ctx.get()) != 1 ||
        BN_sub(p_minus_1.get(), p.get(), BN_value_one()) != 1)
      return BnPtr(nullptr, BN_clear_free);
  } while (BN_mod_word(p_minus_1.get(), kPublicExponent) == 0);
  return p;
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
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> check(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr),
                                                                    EVP_PKEY_CTX_free);
  if (!check || EVP_PKEY_pairwise_check(check.get()) != 1) {
    EVP_PKEY_free(key);
    return nullptr;
  }
  return key;
}

}  // namespace

EVP_PKEY* generate_rsa_keypair(int bits) {
  if (bits < 1024 || bits % 2 != 0) return nullptr;
  auto other = std::async(std::launch::async, generate_prime, bits / 2);
  BnPtr p = generate_prime(bits / 2);
  BnPtr q = other.get();
  while (p && q && BN_cmp(p.get(), q.get()) == 0) q = generate_prime(bits / 2);  // astronomically rare
  if (!p || !q) return nullptr;
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

}  // namespace antom::server
