#include "server/keys_setup.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace antom::server {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSimulatorKeyFile = "antom-private-key.pem";

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const fs::path& p, const std::string& text, bool secret) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + p.string());
  out.close();
  if (secret) fs::permissions(p, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
}

RsaKey load_private(const fs::path& pem) {
  auto key = RsaKey::load_private(read_file(pem));
  if (!key) throw std::runtime_error(pem.string() + " is not an RSA private key");
  return *key;
}

}  // namespace

StartupKeys prepare_keys(const Options& options) {
  const fs::path dir = options.data_dir;
  fs::create_directories(dir);
  StartupKeys keys;
  keys.simulator_private_pem = options.sim_private_key.value_or(dir / kSimulatorKeyFile);
  if (options.sim_private_key && !fs::exists(keys.simulator_private_pem))
    throw std::runtime_error("--sim-key " + keys.simulator_private_pem.string() + " does not exist");
  keys.simulator_public_pem = dir / "antom-public-key.pem";
  keys.simulator_public_base64 = dir / "antom-public-key.b64";
  keys.demo_files = {dir / "demo-merchant-private-pkcs8.pem", dir / "demo-merchant-private-pkcs1.pem",
                     dir / "demo-merchant-private-pkcs8.b64", dir / "demo-merchant-private-pkcs1.b64",
                     dir / "demo-merchant-public.pem"};

  // What a first start lacks is generated together; the rest is read.
  std::vector<RsaKey*> missing;
  std::vector<fs::path> missing_files;
  if (!fs::exists(keys.simulator_private_pem)) {
    missing.push_back(&keys.simulator);
    missing_files.push_back(keys.simulator_private_pem);
  } else {
    keys.simulator = load_private(keys.simulator_private_pem);
  }
  if (options.demo_merchant) {
    keys.demo.emplace();
    if (!fs::exists(keys.demo_files.private_pkcs8_pem)) {
      missing.push_back(&*keys.demo);
      missing_files.push_back(keys.demo_files.private_pkcs8_pem);
    } else {
      *keys.demo = load_private(keys.demo_files.private_pkcs8_pem);
    }
  }
  if (!missing.empty()) {
    auto made = RsaKey::generate_many(missing.size(), 2048);
    if (made.size() != missing.size()) throw std::runtime_error("cannot generate an RSA key");
    for (std::size_t i = 0; i < made.size(); ++i) {
      write_file(missing_files[i], made[i].private_pkcs8_pem(), true);
      *missing[i] = std::move(made[i]);
    }
  }

  write_file(keys.simulator_public_pem, keys.simulator.public_pem(), false);
  write_file(keys.simulator_public_base64, keys.simulator.public_base64() + "\n", false);
  if (keys.demo) {
    const RsaKey& demo = *keys.demo;
    write_file(keys.demo_files.private_pkcs1_pem, demo.private_pkcs1_pem(), true);
    write_file(keys.demo_files.private_pkcs8_base64, demo.private_pkcs8_base64() + "\n", true);
    write_file(keys.demo_files.private_pkcs1_base64, demo.private_pkcs1_base64() + "\n", true);
    write_file(keys.demo_files.public_pem, demo.public_pem(), false);
  }
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
  app.merchants.upsert(std::move(m));
}

}  // namespace antom::server
