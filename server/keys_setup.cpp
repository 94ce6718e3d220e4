#include "server/keys_setup.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "server/data_dir.hpp"

namespace antom::server {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSimulatorKeyFile = "antom-private-key.pem";

RsaKey load_private(const fs::path& pem) {
  auto key = RsaKey::load_private(read_data_file(pem));
  if (!key)
    throw std::runtime_error(pem.string() + " is not an RSA private key; restore it, or delete it (and the files "
                             "derived from it) to have a new one made");
  return *key;
}

struct DerivedFile {
  fs::path path;
  std::string text;
  bool secret;
};

// Every file the SDKs load, derived from the two private keys.
std::vector<DerivedFile> derived_files(const StartupKeys& keys) {
  std::vector<DerivedFile> out = {
      {keys.simulator_public_pem, keys.simulator.public_pem(), false},
      {keys.simulator_public_base64, keys.simulator.public_base64() + "\n", false}};
  if (keys.demo) {
    const RsaKey& demo = *keys.demo;
    const DemoMerchantFiles& f = keys.demo_files;
    out.push_back({f.private_pkcs1_pem, demo.private_pkcs1_pem(), true});
    out.push_back({f.private_pkcs8_base64, demo.private_pkcs8_base64() + "\n", true});
    out.push_back({f.private_pkcs1_base64, demo.private_pkcs1_base64() + "\n", true});
    out.push_back({f.public_pem, demo.public_pem(), false});
  }
  return out;
}

// The private keys: read when present, else made (together, one thread each) and created.
void load_or_make_private_keys(StartupKeys& keys, bool own_simulator_key) {
  std::vector<RsaKey*> missing;
  std::vector<fs::path> missing_files;
  if (own_simulator_key && !fs::exists(keys.simulator_private_pem)) {
    missing.push_back(&keys.simulator);
    missing_files.push_back(keys.simulator_private_pem);
  } else {
    keys.simulator = load_private(keys.simulator_private_pem);
  }
  if (keys.demo) {
    if (!fs::exists(keys.demo_files.private_pkcs8_pem)) {
      missing.push_back(&*keys.demo);
      missing_files.push_back(keys.demo_files.private_pkcs8_pem);
    } else {
      *keys.demo = load_private(keys.demo_files.private_pkcs8_pem);
    }
  }
  if (missing.empty()) return;
  auto made = RsaKey::generate_many(missing.size(), 2048);
  if (made.size() != missing.size()) throw std::runtime_error("cannot generate an RSA key (OpenSSL failed)");
  for (std::size_t i = 0; i < made.size(); ++i) {
    create_file_atomically(missing_files[i], made[i].private_pkcs8_pem(), true);
    *missing[i] = std::move(made[i]);
  }
}

// A public key file that does not match its private key would fail every signature check.
void check_public_file(const fs::path& file, const RsaKey& key, const fs::path& private_file) {
  const auto loaded = RsaKey::load_public(read_data_file(file));
  if (!loaded || loaded->public_base64() != key.public_base64())
    throw std::runtime_error(file.string() + " does not hold the public key of " + private_file.string() +
                             "; delete it to have it derived again");
}

}  // namespace

StartupKeys prepare_keys(const Options& options) {
  const fs::path dir = options.data_dir;
  ensure_data_dir(dir);
  StartupKeys keys;
  keys.simulator_private_pem = options.sim_private_key.value_or(dir / kSimulatorKeyFile);
  if (options.sim_private_key && !fs::exists(keys.simulator_private_pem))
    throw std::runtime_error("--sim-key " + keys.simulator_private_pem.string() +
                             " does not exist; give the path of an RSA private key (PEM)");
  keys.simulator_public_pem = dir / "antom-public-key.pem";
  keys.simulator_public_base64 = dir / "antom-public-key.b64";
  keys.demo_files = {dir / "demo-merchant-private-pkcs8.pem", dir / "demo-merchant-private-pkcs1.pem",
                     dir / "demo-merchant-private-pkcs8.b64", dir / "demo-merchant-private-pkcs1.b64",
                     dir / "demo-merchant-public.pem"};
  if (options.demo_merchant) keys.demo.emplace();
  const bool own_simulator_key = !options.sim_private_key;

  std::vector<fs::path> needed = {keys.simulator_private_pem, keys.simulator_public_pem, keys.simulator_public_base64};
  if (keys.demo)
    needed.insert(needed.end(), {keys.demo_files.private_pkcs8_pem, keys.demo_files.private_pkcs1_pem,
                                 keys.demo_files.private_pkcs8_base64, keys.demo_files.private_pkcs1_base64,
                                 keys.demo_files.public_pem});
  const bool complete = std::all_of(needed.begin(), needed.end(), [](const fs::path& p) { return fs::exists(p); });
  if (complete) {  // only read: the directory may be read-only
    load_or_make_private_keys(keys, own_simulator_key);
  } else {  // what is missing is made once, by whichever instance takes the lock first
    DataDirLock lock(dir);
    load_or_make_private_keys(keys, own_simulator_key);
    for (const auto& file : derived_files(keys))
      if (!fs::exists(file.path)) create_file_atomically(file.path, file.text, file.secret);
  }
  check_public_file(keys.simulator_public_pem, keys.simulator, keys.simulator_private_pem);
  check_public_file(keys.simulator_public_base64, keys.simulator, keys.simulator_private_pem);
  if (keys.demo) check_public_file(keys.demo_files.public_pem, *keys.demo, keys.demo_files.private_pkcs8_pem);
  return keys;
}

void install_keys(App& app, const StartupKeys& keys, const std::string& demo_client_id) {
  app.keys.antom_private = keys.simulator;
  app.keys.private_pem_path = keys.simulator_private_pem;
  app.keys.public_pem_path = keys.simulator_public_pem;
  if (!keys.demo) return;
  Merchant m;
  m.client_id = demo_client_id;
  m.name = "antom-sim Demo Shop";
  auto pub = RsaKey::load_public(keys.demo->public_pem());
  if (!pub) throw std::runtime_error("cannot derive the demo merchant public key");
  m.public_keys[1] = *pub;
  m.public_key_text[1] = keys.demo->public_base64();
  m.sftp = SftpLogin{kDemoSftpUser, kDemoSftpPassword};  // used only with --sftp-listen
  app.merchants.upsert(std::move(m));
}

}  // namespace antom::server
