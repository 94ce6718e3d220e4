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

// Reads a private key from `pem`, or generates one there on first start.
RsaKey load_or_generate(const fs::path& pem) {
  if (fs::exists(pem)) {
    auto key = RsaKey::load_private(read_file(pem));
    if (!key) throw std::runtime_error(pem.string() + " is not an RSA private key");
    return *key;
  }
  RsaKey key = RsaKey::generate(2048);
  if (!key.valid()) throw std::runtime_error("cannot generate an RSA key");
  write_file(pem, key.private_pkcs8_pem(), true);
  return key;
}

fs::path demo_key_path(const App& app) { return app.options.data_dir / "demo-merchant-private-pkcs8.pem"; }

}  // namespace

void generate_missing_keys(const App& app) {
  const fs::path dir = app.options.data_dir;
  std::vector<fs::path> missing;
  if (!app.options.sim_private_key && !fs::exists(dir / kSimulatorKeyFile)) missing.push_back(dir / kSimulatorKeyFile);
  if (app.options.demo_merchant && !fs::exists(demo_key_path(app))) missing.push_back(demo_key_path(app));
  if (missing.empty()) return;
  const auto keys = RsaKey::generate_many(missing.size(), 2048);
  if (keys.size() != missing.size()) throw std::runtime_error("cannot generate an RSA key");
  fs::create_directories(dir);
  for (std::size_t i = 0; i < keys.size(); ++i) write_file(missing[i], keys[i].private_pkcs8_pem(), true);
}

void setup_simulator_key(App& app) {
  const fs::path dir = app.options.data_dir;
  fs::create_directories(dir);
  const fs::path pem = app.options.sim_private_key.value_or(dir / kSimulatorKeyFile);
  if (app.options.sim_private_key && !fs::exists(pem)) throw std::runtime_error("--sim-key " + pem.string() + " does not exist");
  app.keys.antom_private = load_or_generate(pem);
  app.keys.private_pem_path = pem;
  app.keys.public_pem_path = dir / "antom-public-key.pem";
  write_file(app.keys.public_pem_path, app.keys.antom_private.public_pem(), false);
  write_file(dir / "antom-public-key.b64", app.keys.antom_private.public_base64() + "\n", false);
}

DemoMerchantFiles setup_demo_merchant(App& app, const std::string& client_id) {
  const fs::path dir = app.options.data_dir;
  DemoMerchantFiles files{demo_key_path(app), dir / "demo-merchant-private-pkcs1.pem",
                          dir / "demo-merchant-private-pkcs8.b64", dir / "demo-merchant-private-pkcs1.b64",
                          dir / "demo-merchant-public.pem"};
  const RsaKey key = load_or_generate(files.private_pkcs8_pem);
  write_file(files.private_pkcs1_pem, key.private_pkcs1_pem(), true);
  write_file(files.private_pkcs8_base64, key.private_pkcs8_base64() + "\n", true);
  write_file(files.private_pkcs1_base64, key.private_pkcs1_base64() + "\n", true);
  write_file(files.public_pem, key.public_pem(), false);
  Merchant m;
  m.client_id = client_id;
  m.name = "antom-sim Demo Shop";
  auto pub = RsaKey::load_public(key.public_pem());
  if (!pub) throw std::runtime_error("cannot derive the demo merchant public key");
  m.public_keys[1] = *pub;
  m.public_key_text[1] = key.public_base64();
  app.merchants.upsert(std::move(m));
  return files;
}

}  // namespace antom::server
