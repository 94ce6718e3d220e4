// Key generation on a first start: the prime search, the keys made from it, and which key files a
// first start writes and a later start reuses.
#include <doctest/doctest.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "server/app.hpp"
#include "server/crypto/prime_search.hpp"
#include "server/crypto/rsa_key.hpp"
#include "server/keys_setup.hpp"

using namespace antom::server;
namespace fs = std::filesystem;

namespace {

using Ctx = std::unique_ptr<BN_CTX, decltype(&BN_CTX_free)>;

BnPtr bn_from_dec(const char* text) {
  BIGNUM* n = nullptr;
  REQUIRE(BN_dec2bn(&n, text) > 0);
  return BnPtr(n, BN_clear_free);
}

BnPtr mersenne(int exponent) {  // 2^exponent - 1
  BnPtr n(BN_new(), BN_clear_free);
  REQUIRE((BN_set_bit(n.get(), exponent) == 1 && BN_sub_word(n.get(), 1) == 1));
  return n;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("Miller-Rabin: primes pass, composites (Carmichael numbers and strong pseudoprimes too) fail") {
  Ctx ctx(BN_CTX_new(), BN_CTX_free);
  for (int p : {127, 521, 607, 1279}) {  // Mersenne primes
    CAPTURE(p);
    CHECK(passes_miller_rabin(mersenne(p).get(), 6, ctx.get()) == true);
  }
  CHECK(passes_miller_rabin(bn_from_dec("7").get(), 6, ctx.get()) == true);
  // 2^1279 - 1 times 2^607 - 1: a composite of 1886 bits with no small factor
  BnPtr product(BN_new(), BN_clear_free);
  REQUIRE(BN_mul(product.get(), mersenne(1279).get(), mersenne(607).get(), ctx.get()) == 1);
  CHECK(passes_miller_rabin(product.get(), 6, ctx.get()) == false);
  CHECK(passes_miller_rabin(mersenne(1277).get(), 6, ctx.get()) == false);  // 2^1277 - 1 is composite
  // Carmichael numbers fool the Fermat test for every base coprime to them, and 3215031751 is a
  // strong pseudoprime to bases 2, 3, 5 and 7. A random base exposes each with probability >= 3/4;
  // 40 rounds leave a 2^-80 chance of a wrong answer.
  for (const char* composite : {"561", "41041", "825265", "3215031751", "3825123056546413051"}) {
    CAPTURE(composite);
    CHECK(passes_miller_rabin(bn_from_dec(composite).get(), 40, ctx.get()) == false);
  }
}

TEST_CASE("the prime search: distinct primes of exactly the asked size, top two bits set, p - 1 coprime to e") {
  Ctx ctx(BN_CTX_new(), BN_CTX_free);
  const auto primes = find_rsa_primes(3, 512, 65537, 2);
  REQUIRE(primes.size() == 3);
  for (const auto& p : primes) {
    CHECK(BN_num_bits(p.get()) == 512);
    CHECK(BN_is_bit_set(p.get(), 510));  // so a product of two has 1024 bits
    CHECK(BN_check_prime(p.get(), ctx.get(), nullptr) == 1);  // OpenSSL's own 64-round check agrees
    BnPtr p_minus_1(BN_dup(p.get()), BN_clear_free);
    REQUIRE(BN_sub_word(p_minus_1.get(), 1) == 1);
    CHECK(BN_mod_word(p_minus_1.get(), 65537) != 0);
  }
  CHECK(BN_cmp(primes[0].get(), primes[1].get()) != 0);
  CHECK(BN_cmp(primes[1].get(), primes[2].get()) != 0);
  CHECK(find_rsa_primes(2, 1024, 65537, 1).size() == 2);  // one thread finds several too
  CHECK(find_rsa_primes(1, 400, 65537).empty());          // below the round table
  CHECK(find_rsa_primes(1, 512, 3).empty());              // e must be a prime above the sieve
  CHECK(find_rsa_primes(0, 512, 65537).empty());
}

TEST_CASE("keys made together are distinct, valid 2048-bit keys") {
  const auto keys = RsaKey::generate_many(3, 2048);
  REQUIRE(keys.size() == 3);
  for (const auto& k : keys) {
    CHECK(k.valid());
    CHECK(k.has_private());
    CHECK(EVP_PKEY_get_bits(k.get()) == 2048);
  }
  CHECK(keys[0].public_base64() != keys[1].public_base64());
  CHECK(keys[1].public_base64() != keys[2].public_base64());
  CHECK(RsaKey::generate_many(1, 1023).empty());
}

TEST_CASE("a first start writes the missing keys; a later start and --sim-key keep what is there") {
  const fs::path dir = fs::temp_directory_path() / ("antom-keys-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  Options options;
  options.data_dir = dir;
  const StartupKeys first = prepare_keys(options);
  const std::string sim = slurp(dir / "antom-private-key.pem"), demo = slurp(dir / "demo-merchant-private-pkcs8.pem");
  REQUIRE(first.demo);
  CHECK(RsaKey::load_private(sim)->public_base64() == first.simulator.public_base64());
  CHECK(RsaKey::load_private(demo)->public_base64() == first.demo->public_base64());
  CHECK(first.simulator.public_base64() != first.demo->public_base64());
  CHECK((fs::status(dir / "antom-private-key.pem").permissions() & fs::perms::others_read) == fs::perms::none);
  // every form the SDKs load, of the same key
  CHECK(slurp(first.simulator_public_base64) == first.simulator.public_base64() + "\n");
  CHECK(RsaKey::load_public(slurp(first.simulator_public_pem))->public_base64() == first.simulator.public_base64());
  for (const auto& file : {first.demo_files.private_pkcs1_pem, first.demo_files.private_pkcs8_base64,
                           first.demo_files.private_pkcs1_base64}) {
    CAPTURE(file);
    CHECK(RsaKey::load_private(slurp(file))->public_base64() == first.demo->public_base64());
  }
  CHECK(slurp(first.demo_files.private_pkcs1_pem).starts_with("-----BEGIN RSA PRIVATE KEY-----"));

  const StartupKeys again = prepare_keys(options);  // a later start: nothing is remade
  CHECK(slurp(dir / "antom-private-key.pem") == sim);
  CHECK(slurp(dir / "demo-merchant-private-pkcs8.pem") == demo);
  CHECK(again.simulator.public_base64() == first.simulator.public_base64());
  CHECK(again.demo->public_base64() == first.demo->public_base64());

  App app(options);
  install_keys(app, again, "SANDBOX_DEMO");
  CHECK(app.keys.antom_private.public_base64() == first.simulator.public_base64());
  REQUIRE(app.merchants.find("SANDBOX_DEMO"));
  CHECK(app.merchants.find("SANDBOX_DEMO")->public_key_text.at(1) == first.demo->public_base64());

  Options given = options;
  given.sim_private_key = dir / "elsewhere.pem";  // --sim-key naming a file that is not there
  CHECK_THROWS_AS((void)prepare_keys(given), std::runtime_error);
  std::ofstream(dir / "elsewhere.pem") << demo;  // --sim-key: read, never generated or overwritten
  fs::remove(dir / "antom-private-key.pem");
  CHECK(prepare_keys(given).simulator.public_base64() == first.demo->public_base64());
  CHECK_FALSE(fs::exists(dir / "antom-private-key.pem"));
  CHECK(slurp(dir / "elsewhere.pem") == demo);

  Options no_demo = options;
  no_demo.demo_merchant = false;
  fs::remove_all(dir);
  const StartupKeys without_demo = prepare_keys(no_demo);
  CHECK_FALSE(without_demo.demo);
  CHECK(fs::exists(dir / "antom-private-key.pem"));
  CHECK_FALSE(fs::exists(dir / "demo-merchant-private-pkcs8.pem"));
  App bare(no_demo);
  install_keys(bare, without_demo, "SANDBOX_DEMO");
  CHECK_FALSE(bare.merchants.find("SANDBOX_DEMO"));
  fs::remove_all(dir);
}
