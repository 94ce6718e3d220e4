#pragma once
// Start-up key material: the simulator's ("Antom's") key pair and the demo merchant's key pair,
// generated into the data directory on first start and reused after.
#include <filesystem>

#include "server/app.hpp"

namespace antom::server {

// Loads or creates the simulator key; fills app.keys. Throws std::runtime_error.
void setup_simulator_key(App& app);
// On a first start, generates the key files that are missing (the simulator's, unless --sim-key
// names one, and the demo merchant's) together, on every core. Throws std::runtime_error.
void generate_missing_keys(const App& app);

struct DemoMerchantFiles {
  std::filesystem::path private_pkcs8_pem, private_pkcs1_pem, private_pkcs8_base64, private_pkcs1_base64, public_pem;
};
// Loads or creates the demo merchant key pair and registers the merchant. Throws std::runtime_error.
DemoMerchantFiles setup_demo_merchant(App& app, const std::string& client_id);

}  // namespace antom::server
