// Key generation on a first start (OpenSSL's EVP_RSA_gen), and which key files a first start
// writes and a later start reuses.
#include <doctest/doctest.h>
#include <openssl/evp.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "server/app.hpp"
#include "server/crypto/rsa_key.hpp"
#include "server/data_dir.hpp"
#include "server/keys_setup.hpp"

using namespace antom::server;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

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
  // The public key files of the earlier key are not rewritten: start-up stops and names them.
  const std::string earlier_public = slurp(dir / "antom-public-key.pem");
  try {
    (void)prepare_keys(given);
    FAIL("a public key file of another key was accepted");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find("antom-public-key.pem does not hold the public key of") != std::string::npos);
  }
  CHECK(slurp(dir / "antom-public-key.pem") == earlier_public);
  fs::remove(dir / "antom-public-key.pem");
  fs::remove(dir / "antom-public-key.b64");
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

TEST_CASE("the data directory's lock: held elsewhere past the wait, start-up stops naming the lock") {
  const fs::path dir = fs::temp_directory_path() / ("antom-lock-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  // flock belongs to an open file description: a second open in this process contends like another process.
  const int holder = ::open((dir / kDataDirLockFile).c_str(), O_RDWR | O_CREAT, 0644);
  REQUIRE(holder >= 0);
  REQUIRE(::flock(holder, LOCK_EX) == 0);
  try {
    DataDirLock lock(dir, std::chrono::seconds(1));
    FAIL("the lock was taken while held");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find((dir / kDataDirLockFile).string() + " is held by another process") != std::string::npos);
  }
  ::close(holder);  // released: now it is taken at once
  CHECK_NOTHROW(DataDirLock(dir, std::chrono::seconds(1)));
  fs::remove_all(dir);
}
