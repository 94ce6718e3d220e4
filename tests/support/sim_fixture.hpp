#pragma once
// An in-process antom-sim for end-to-end tests: the real Simulator on 127.0.0.1:0, a fresh data
// directory, the demo merchant, a frozen virtual clock, and a client that signs like the SDKs.
#include <rapidjson/document.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/crypto/rsa_key.hpp"
#include "server/simulator.hpp"
#include "tests/support/http_client.hpp"

namespace antom::test {

inline constexpr const char* kFixtureStartTime = "2026-03-01T10:00:00+08:00";

struct CallOptions {
  std::string client_id;                   // "" = the demo merchant
  bool tls = false;
  std::string request_time;                // "" = epoch milliseconds, as the Java SDK sends
  bool absolute_form = false;              // "POST https://127.0.0.1:PORT/ams/... HTTP/1.1" (Python SDK)
  std::optional<int> key_version = 1;      // nullopt = omit keyVersion from the header
  bool lower_case_percent = false;         // .NET SDK: %2b %2f %3d
  bool sign = true;                        // false = no signature header at all
  std::string signature_override;          // non-empty: send this signature header verbatim
  std::string content_type = "application/json; charset=UTF-8";  // "" = no content-type header
  antom::server::Headers headers;          // extra headers (e.g. x-sim-scenario)
  std::string method = "POST";
};

struct ApiResult {
  int http_status = 0;
  antom::server::Headers headers;
  std::string body;
  rapidjson::Document json;
  bool has_signature = false;
  bool signature_ok = false;  // verified with the simulator public key over the request path
  std::string error;          // transport error

  [[nodiscard]] std::string code() const;
  [[nodiscard]] std::string status() const;
  [[nodiscard]] std::string message() const;
  [[nodiscard]] std::string text(const char* dotted_path) const;  // a response field as text
};

struct HttpResult {
  int http_status = 0;
  antom::server::Headers headers;
  std::string body;
  rapidjson::Document json;
  [[nodiscard]] std::string header(const char* name) const;
};

struct FixtureOptions {
  bool freeze_clock = true;
  std::string start_time = kFixtureStartTime;
  std::string control_token;
  std::uint64_t seed = 0;
  std::string notification_schedule = "production";
  std::size_t body_limit = 1024 * 1024;
  bool verify_signatures = true;
  std::chrono::seconds idle_timeout{120};
  unsigned threads = 2;
  std::string notify_allow = "loopback";
  std::uint64_t retention_days = 0;
  bool strict_scenarios = false;
  std::chrono::milliseconds notify_timeout{5000};
  std::size_t journal_size = 1000;  // request journal entries per merchant
  bool sftp = false;                // --sftp-listen 127.0.0.1:0 (simulator().sftp_url())
  std::chrono::seconds sftp_login_timeout{10};
  std::string state_file;                  // --state-file ("" = none)
  std::vector<std::string> fixtures;       // --fixture, in order
  std::chrono::seconds state_save_interval{0};  // --state-save-interval
};

class SimFixture {
 public:
  explicit SimFixture(FixtureOptions options = {});
  ~SimFixture();

  [[nodiscard]] antom::server::App& app();
  [[nodiscard]] antom::server::Simulator& simulator() { return *sim_; }
  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] std::string base_url(bool tls = false) const;
  [[nodiscard]] std::string demo_client_id() const;
  [[nodiscard]] const std::string& data_dir() const { return data_dir_; }

  // Signs and sends an API request; verifies the response signature.
  ApiResult call(const std::string& path, const std::string& body, const CallOptions& options = {});
  // A control API call (plain JSON).
  HttpResult control(const std::string& method, const std::string& path, const std::string& body = {},
                     antom::server::Headers headers = {});

  // Registers another merchant with a fresh key pair (through POST /_sim/merchants).
  std::string add_merchant(const std::string& client_id, const std::string& notify_url = {});
  [[nodiscard]] const antom::server::RsaKey& merchant_key(const std::string& client_id) const;
  // Signs as `client_id` with `key` from now on (a merchant registered by an earlier run or a fixture).
  void set_merchant_key(const std::string& client_id, const antom::server::RsaKey& key) { keys_[client_id] = key; }

  void set_time(const std::string& iso);
  void advance(std::chrono::milliseconds by);

 private:
  FixtureOptions options_;
  std::string data_dir_;
  std::unique_ptr<antom::server::Simulator> sim_;
  std::uint16_t port_ = 0;
  std::map<std::string, antom::server::RsaKey> keys_;
};

// Parses JSON into a document (empty object when not JSON).
rapidjson::Document parse_json(const std::string& text);

}  // namespace antom::test
