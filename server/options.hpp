#pragma once
// Options of antom-sim: each flag has an environment variable (ANTOM_SIM_...); a flag beats its
// variable. One table (options.cpp) gives parsing, variables and --help.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace antom::server {

enum class LogFormat { Text, Json, Off };

struct Options {
  std::vector<std::string> listen;          // HOST:PORT, may repeat; default 127.0.0.1:8080
  unsigned threads = 0;                     // 0 = number of cores
  std::filesystem::path data_dir;           // keys, certificate; default ./.antom-sim
  std::optional<std::filesystem::path> config;      // merchants JSON
  std::optional<std::filesystem::path> tls_cert;
  std::optional<std::filesystem::path> tls_key;
  std::optional<std::filesystem::path> sim_private_key;  // "Antom" key; default generated in data_dir
  std::vector<std::filesystem::path> scenario_dirs;      // --scenarios DIR, in addition to the catalog
  bool verify_signatures = true;
  bool sign_responses = true;               // off only for benchmarks
  bool magic_amounts = true;                // magic amounts select scenarios (a merchant may override)
  std::string control_token;                // bearer token for /_sim/ ("" = loopback peers only, unless control_open)
  bool control_open = false;                // no token: answer control calls from every peer
  LogFormat log_format = LogFormat::Text;
  std::uint64_t seed = 0;
  bool seed_from_os = false;                // no --seed: `seed` was drawn from the OS (printed on the ready line)
  bool demo_merchant = true;
  std::string notification_schedule = "production";
  std::size_t body_limit = 1024 * 1024;
  std::chrono::seconds idle_timeout{120};   // a connection that completes no request for this long is closed
  std::string notify_allow = "loopback";    // where notifications may go (notify_targets.hpp); --config adds
  std::uint64_t retention_days = 0;         // finished journal records and payments older than this are dropped (0 = kept)
  bool strict_scenarios = false;            // an unknown x-sim-scenario is refused (400), not ignored
  std::chrono::milliseconds notify_timeout{5000};  // one notification attempt, real time
  std::size_t journal_size = 1000;          // request journal entries kept per merchant (0 = no journal)
  std::optional<std::string> sftp_listen;   // HOST:PORT of the SFTP server for report files; nullopt = none
  std::chrono::seconds sftp_login_timeout{10};  // handshake and password, real time, before a session is closed
  std::vector<std::filesystem::path> fixtures;       // snapshot documents loaded at start (docs/snapshots.md)
  std::optional<std::filesystem::path> state_file;   // loaded at start, saved on shutdown
  std::chrono::seconds state_save_interval{0};       // also saved this often (0 = only on shutdown and on request)
};

inline constexpr std::chrono::milliseconds kMinNotifyTimeout{100};
inline constexpr std::chrono::milliseconds kMaxNotifyTimeout{60000};

struct ParsedOptions {
  Options options;
  bool show_help = false;
  bool show_version = false;
  bool print_api = false;
  std::string error;  // non-empty: bad command line
};

// Reads a variable of the environment; nullptr when unset.
using EnvLookup = std::function<const char*(const char*)>;

// argv[0] is the program; the environment is read through `env` (the process's by default).
[[nodiscard]] ParsedOptions parse_options(int argc, const char* const* argv, const EnvLookup& env);
[[nodiscard]] ParsedOptions parse_options(int argc, const char* const* argv);
[[nodiscard]] std::string usage_text();

}  // namespace antom::server
