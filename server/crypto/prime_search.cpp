#include "server/crypto/prime_search.hpp"

#include <algorithm>
#include <atomic>
#include <bitset>
#include <cstdint>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>

namespace antom::server {
namespace {

using BnCtxPtr = std::unique_ptr<BN_CTX, decltype(&BN_CTX_free)>;
using MontPtr = std::unique_ptr<BN_MONT_CTX, decltype(&BN_MONT_CTX_free)>;

BnPtr new_secure_bn() { return BnPtr(BN_secure_new(), BN_clear_free); }

// The odd primes below 2^16. Sieving by them leaves about a tenth of the odd candidates for
// Miller-Rabin; a larger bound costs more in residues than it saves in tests.
const std::vector<std::uint16_t>& small_odd_primes() {
  static const std::vector<std::uint16_t> primes = [] {
    constexpr std::uint32_t kLimit = 1u << 16;
    std::vector<bool> composite(kLimit, false);
    std::vector<std::uint16_t> out;
    for (std::uint32_t i = 3; i < kLimit; i += 2) {
      if (composite[i]) continue;
      out.push_back(static_cast<std::uint16_t>(i));
      for (std::uint64_t j = std::uint64_t{i} * i; j < kLimit; j += 2 * i) composite[j] = true;
    }
    return out;
  }();
  return primes;
}

// Odd candidates start, start + 2, ... start + 2 (kWindow - 1): about 11 primes are expected in
// such a window of 1024-bit numbers; when none is found a new random start is drawn.
constexpr std::size_t kWindow = 4096;

// One Miller-Rabin candidate w: w - 1 = m * 2^a with m odd, and w's Montgomery context.
class Candidate {
 public:
  // false: OpenSSL failed. `w` must be odd and greater than 3.
  bool set(const BIGNUM* w, BN_CTX* ctx) {
    if (!w_ || !w_minus_1_ || !w_minus_3_ || !m_ || !mont_ || !BN_copy(w_.get(), w) || !BN_copy(w_minus_1_.get(), w) ||
        BN_sub_word(w_minus_1_.get(), 1) != 1 || !BN_copy(w_minus_3_.get(), w) || BN_sub_word(w_minus_3_.get(), 3) != 1 ||
        BN_MONT_CTX_set(mont_.get(), w, ctx) != 1)
      return false;
    a_ = 0;
    while (!BN_is_bit_set(w_minus_1_.get(), a_)) ++a_;
    return BN_rshift(m_.get(), w_minus_1_.get(), a_) == 1;
  }
  const BIGNUM* w() const { return w_.get(); }
  const BIGNUM* m() const { return m_.get(); }
  BN_MONT_CTX* mont() const { return mont_.get(); }

  // A random base in [2, w - 2]; false: OpenSSL failed.
  bool random_base(BIGNUM* b, BN_CTX* ctx) const {
    return BN_priv_rand_range_ex(b, w_minus_3_.get(), 0, ctx) == 1 && BN_add_word(b, 2) == 1;
  }

  // Given z = b^m mod w: true if b proves w composite (no z^(2^j), j < a, is -1 and z is not 1).
  // Destroys z; nullopt: OpenSSL failed.
  std::optional<bool> is_witness(BIGNUM* z, BN_CTX* ctx) const {
    if (BN_is_one(z) || BN_cmp(z, w_minus_1_.get()) == 0) return false;
    for (int j = 1; j < a_; ++j) {
      if (BN_mod_sqr(z, z, w_.get(), ctx) != 1) return std::nullopt;
      if (BN_cmp(z, w_minus_1_.get()) == 0) return false;
      if (BN_is_one(z)) return true;
    }
    return true;
  }

 private:
  BnPtr w_ = new_secure_bn(), w_minus_1_ = new_secure_bn(), w_minus_3_ = new_secure_bn(), m_ = new_secure_bn();
  MontPtr mont_{BN_MONT_CTX_new(), BN_MONT_CTX_free};
  int a_ = 0;
};

// z1 = b1^m1 mod w1 and z2 = b2^m2 mod w2 in one call: OpenSSL runs both 1024-bit
// exponentiations in one AVX-512 IFMA pass where the CPU has it (half the time of two), and falls
// back to two calls elsewhere.
bool powers_x2(BIGNUM* z1, const BIGNUM* b1, const Candidate& c1, BIGNUM* z2, const BIGNUM* b2, const Candidate& c2,
               BN_CTX* ctx) {
  return BN_mod_exp_mont_consttime_x2(z1, b1, c1.m(), c1.w(), c1.mont(), z2, b2, c2.m(), c2.w(), c2.mont(), ctx) == 1;
}

// BN_CTX temporaries for one scope.
class CtxFrame {
 public:
  explicit CtxFrame(BN_CTX* ctx) : ctx_(ctx) { BN_CTX_start(ctx_); }
  ~CtxFrame() { BN_CTX_end(ctx_); }
  CtxFrame(const CtxFrame&) = delete;
  CtxFrame& operator=(const CtxFrame&) = delete;
  BIGNUM* get() { return BN_CTX_get(ctx_); }

 private:
  BN_CTX* ctx_;
};

// `rounds` Miller-Rabin rounds (rounded up to even: they run two bases at a time).
std::optional<bool> passes_rounds(const Candidate& c, int rounds, BN_CTX* ctx) {
  CtxFrame frame(ctx);
  BIGNUM *b1 = frame.get(), *b2 = frame.get(), *z1 = frame.get(), *z2 = frame.get();
  if (!z2) return std::nullopt;
  for (int round = 0; round < rounds; round += 2) {
    if (!c.random_base(b1, ctx) || !c.random_base(b2, ctx) || !powers_x2(z1, b1, c, z2, b2, c, ctx)) return std::nullopt;
    for (BIGNUM* z : {z1, z2}) {
      const auto witness = c.is_witness(z, ctx);
      if (!witness) return std::nullopt;
      if (*witness) return false;
    }
  }
  return true;
}

enum class Search { Found, Exhausted, Stopped, Failed };

// Looks for a prime in one window from a fresh random start; writes it to `out`. Sieve survivors
// are screened two at a time with one Miller-Rabin round each; one that passes gets every round.
Search search_window(BIGNUM* out, int bits, unsigned long e, BN_CTX* ctx, const std::atomic<bool>& stop,
                     Candidate (&pair)[2]) {
  CtxFrame frame(ctx);
  BIGNUM *start = frame.get(), *w = frame.get(), *b1 = frame.get(), *b2 = frame.get(), *z1 = frame.get(),
         *z2 = frame.get();
  if (!z2 || BN_priv_rand_ex(start, bits, BN_RAND_TOP_TWO, BN_RAND_BOTTOM_ODD, 0, ctx) != 1) return Search::Failed;
  // sieve[k] set: start + 2k has a small factor, or start + 2k - 1 is divisible by e
  std::bitset<kWindow> sieve;
  for (const std::uint16_t q : small_odd_primes()) {
    const BN_ULONG r = BN_mod_word(start, q);
    if (r == static_cast<BN_ULONG>(-1)) return Search::Failed;
    // start + 2k = 0 (mod q)  <=>  k = (q - r) * (q + 1) / 2 (mod q); (q + 1) / 2 is 2's inverse
    std::size_t k = static_cast<std::size_t>(((q - r) % q) * ((q + 1) / 2) % q);
    for (; k < kWindow; k += q) sieve.set(k);
  }
  const BN_ULONG start_mod_e = BN_mod_word(start, e);
  if (start_mod_e == static_cast<BN_ULONG>(-1)) return Search::Failed;
  for (std::size_t k = 0; k < kWindow; ++k)
    if ((start_mod_e + 2 * k) % e == 1) sieve.set(k);

  const int rounds = miller_rabin_rounds(bits);
  std::size_t k = 0;
  auto next_candidate = [&](Candidate& c) -> std::optional<bool> {  // false: the window is used up
    while (k < kWindow && sieve.test(k)) ++k;
    if (k >= kWindow) return false;
    if (!BN_copy(w, start) || BN_add_word(w, 2 * k++) != 1) return std::nullopt;
    if (BN_num_bits(w) != bits) return false;  // ran past the top
    if (!c.set(w, ctx)) return std::nullopt;
    return true;
  };
  while (true) {
    if (stop.load(std::memory_order_relaxed)) return Search::Stopped;
    const auto first = next_candidate(pair[0]);
    if (!first) return Search::Failed;
    if (!*first) return Search::Exhausted;
    const auto second = next_candidate(pair[1]);
    if (!second) return Search::Failed;
    Candidate& other = *second ? pair[1] : pair[0];  // a lone last candidate gets two bases
    if (!pair[0].random_base(b1, ctx) || !other.random_base(b2, ctx) || !powers_x2(z1, b1, pair[0], z2, b2, other, ctx))
      return Search::Failed;
    for (int i = 0; i < (*second ? 2 : 1); ++i) {
      const auto witness = pair[i].is_witness(i == 0 ? z1 : z2, ctx);
      if (!witness) return Search::Failed;
      if (*witness) continue;
      const auto prime = passes_rounds(pair[i], rounds, ctx);
      if (!prime) return Search::Failed;
      if (*prime) return BN_copy(out, pair[i].w()) ? Search::Found : Search::Failed;
    }
    if (!*second) return Search::Exhausted;
  }
}

}  // namespace

std::optional<bool> passes_miller_rabin(const BIGNUM* w, int rounds, BN_CTX* ctx) {
  Candidate c;
  if (!c.set(w, ctx)) return std::nullopt;
  return passes_rounds(c, rounds, ctx);
}

std::vector<BnPtr> find_rsa_primes(std::size_t count, int bits, unsigned long public_exponent, unsigned threads) {
  if (bits < 476 || count == 0 || public_exponent <= 65536) return {};
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, count));
  (void)small_odd_primes();  // built once, before the threads share it

  std::mutex mutex;
  std::vector<BnPtr> found;
  std::atomic<bool> stop{false}, failed{false};
  auto worker = [&] {
    BnCtxPtr ctx(BN_CTX_secure_new(), BN_CTX_free);
    BnPtr p = new_secure_bn();
    if (!ctx || !p) {
      failed = true;
      stop = true;
      return;
    }
    Candidate pair[2];
    while (!stop.load()) {
      const Search result = search_window(p.get(), bits, public_exponent, ctx.get(), stop, pair);
      if (result == Search::Failed) {
        failed = true;
        stop = true;
      }
      if (result != Search::Found) continue;
      const std::lock_guard lock(mutex);
      const bool repeated = std::any_of(found.begin(), found.end(), [&](const BnPtr& f) { return BN_cmp(f.get(), p.get()) == 0; });
      if (!repeated && found.size() < count) found.push_back(std::exchange(p, new_secure_bn()));
      if (!p) failed = true;
      if (found.size() == count || !p) stop = true;
    }
  };
  std::vector<std::thread> helpers;
  for (unsigned i = 1; i < threads; ++i) {
    try {
      helpers.emplace_back(worker);
    } catch (const std::system_error&) {  // no thread to be had: search on fewer
      break;
    }
  }
  worker();
  for (auto& t : helpers) t.join();
  if (failed || found.size() != count) return {};
  return found;
}

}  // namespace antom::server
