#pragma once
// Start-up key material: the simulator's ("Antom's") key pair and the demo merchant's key pair,
// generated into the data directory on first start and reused after.
#include <filesystem>
#include <optional>
#include <string>

#include "server/app.hpp"

namespace antom::server {

struct DemoMerchantFiles {
  std::filesystem::path private_pkcs8_pem, private_pkcs1_pem, private_pkcs8_base64, private_pkcs1_base64, public_pem;
};

// A start's keys, with every file the SDKs load written to the data directory.
struct StartupKeys {
  RsaKey simulator;
  std::filesystem::path simulator_private_pem, simulator_public_pem, simulator_public_base64;
  std::optional<RsaKey> demo;  // none with --no-demo-merchant
  DemoMerchantFiles demo_files;
};

// Reads the keys from the data directory (the simulator's from --sim-key when given). A directory
// that lacks files gets them made once under the directory's lock (data_dir.hpp): several instances
// starting together agree on one set of keys, and existing files are never rewritten. Touches no
// App, so it runs beside the rest of start-up. Throws std::runtime_error (one line).
[[nodiscard]] StartupKeys prepare_keys(const Options& options);

// The simulator key into app.keys, and the demo merchant (if any) registered as `demo_client_id`.
// Throws std::runtime_error.
void install_keys(App& app, const StartupKeys& keys, const std::string& demo_client_id);

}  // namespace antom::server
