#pragma once
// The SFTP server of the report folders (issue #17 item 4; docs/settlement.md#sftp): libssh's
// server API on its own threads, never on the HTTP I/O threads. One acceptor thread also watches
// deadlines; one thread per session (at most `max_sessions`); a session that has not logged in
// within `login_timeout`, or that completes nothing for `idle_timeout` (a silent client, one that
// never reads), has its socket shut down, which ends whatever libssh call it blocks in.
// Read only: writes, renames, removals, directories and links are refused with a message.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "server/sftp/sftp_view.hpp"

namespace antom::server {

// What the sessions need from the simulator; each call copies what it returns (no lock is held
// by the caller across the network).
struct SftpBackend {
  // The Client-Id of the merchant with this user and password; nullopt refuses the login.
  std::function<std::optional<std::string>(std::string_view user, std::string_view password)> login;
  // The merchant's files now; nullopt when the merchant is gone (its session ends).
  std::function<std::optional<SftpView>(const std::string& client_id)> view;
  // One file's bytes; nullopt when it is no longer kept.
  std::function<std::optional<std::string>(const std::string& client_id, const std::string& path)> read;
};

struct SftpSettings {
  std::string listen;                   // HOST:PORT; port 0 = any free port
  std::filesystem::path host_key;       // a private key file libssh reads
  std::chrono::milliseconds login_timeout{10000};
  std::chrono::milliseconds idle_timeout{120000};
  std::size_t max_sessions = 16;        // more connections are closed at once
};

class SftpServer {
 public:
  SftpServer(SftpSettings settings, SftpBackend backend);
  ~SftpServer();  // stops
  SftpServer(const SftpServer&) = delete;
  SftpServer& operator=(const SftpServer&) = delete;

  // Binds and starts the acceptor; returns the address bound ("127.0.0.1:2222"). Throws
  // std::runtime_error naming the problem (address in use, unreadable host key).
  std::string start();
  // Stops accepting, ends every session, joins the threads.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace antom::server
