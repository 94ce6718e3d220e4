#pragma once
// Random primes for RSA keys: a sieve over a window of odd candidates, then Miller-Rabin with the
// round count FIPS 186-4 (section F.1) gives random candidates; several primes found on every core.
#include <openssl/bn.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

namespace antom::server {

using BnPtr = std::unique_ptr<BIGNUM, decltype(&BN_clear_free)>;

// Miller-Rabin rounds for a random candidate of `prime_bits` bits (at least 476): OpenSSL's own
// table (BN_prime_checks_for_size in openssl/bn.h, from FIPS 186-4 F.1): 5 rounds give a 1024-bit
// prime, half of an RSA-2048 key, the key's 112-bit level. OpenSSL 3's BN_check_prime always runs
// 64, which made a 1024-bit prime cost 25-50 ms here.
constexpr int miller_rabin_rounds(int prime_bits) { return prime_bits >= 1345 ? 4 : 5; }

// Miller-Rabin with `rounds` random bases (rounded up to even: two run at once). true: probably
// prime; false: composite; nullopt: OpenSSL failed. `w` must be odd and greater than 3.
[[nodiscard]] std::optional<bool> passes_miller_rabin(const BIGNUM* w, int rounds, BN_CTX* ctx);

// `count` distinct random primes of exactly `bits` bits (at least 476) with the top two bits set, so
// the product of two has exactly 2 * bits bits, and with p - 1 not divisible by `public_exponent`
// (a prime above 65536, like 65537), so the exponent is invertible. Searched on up to `threads`
// threads at once (0: one per core). Empty on failure.
[[nodiscard]] std::vector<BnPtr> find_rsa_primes(std::size_t count, int bits, unsigned long public_exponent,
                                                 unsigned threads = 0);

}  // namespace antom::server
