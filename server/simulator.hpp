#pragma once
// The composition root: builds App (keys, merchants, scenarios), the listeners, the notification
// sender and the I/O threads. main() and the end-to-end tests use it the same way.
#include <memory>
#include <string>
#include <vector>

#include "server/app.hpp"

namespace antom::server {

class Simulator {
 public:
  // Prepares everything that can fail at start-up (keys, certificate, config, scenario files);
  // throws std::runtime_error with a message naming what is wrong.
  explicit Simulator(Options options);
  ~Simulator();

  void start();                       // binds the listeners and starts the threads
  // Stops accepting, lets notifications in flight finish (up to `grace`), joins the threads.
  // Returns the number of notifications still undelivered.
  std::size_t stop(std::chrono::milliseconds grace = std::chrono::seconds(2));

  [[nodiscard]] App& app();
  [[nodiscard]] const std::vector<std::string>& bound() const;  // "127.0.0.1:PORT" per --listen
  [[nodiscard]] std::vector<std::string> urls() const;          // http:// and https:// per listener
  [[nodiscard]] std::string sftp_url() const;                   // "sftp://127.0.0.1:PORT"; "" without --sftp-listen
  [[nodiscard]] std::string ready_line() const;
  [[nodiscard]] std::vector<std::string> startup_notes() const;  // where the keys are, etc.
  [[nodiscard]] std::string demo_client_id() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

inline constexpr const char* kDemoClientId = "SANDBOX_5YDEMO0000000001";

}  // namespace antom::server
