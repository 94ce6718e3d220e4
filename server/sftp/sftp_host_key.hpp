#pragma once
// The SFTP server's host key: an ECDSA P-256 key (every OpenSSH, paramiko and libssh client takes
// it) made by libssh on the first start with --sftp-listen, kept in the data directory like the
// RSA keys (data_dir.hpp: made once under the lock, written atomically, owner-only).
#include <filesystem>
#include <string>

namespace antom::server {

inline constexpr const char* kSftpHostKeyFile = "sftp-host-key";

struct SftpHostKey {
  std::filesystem::path file;
  std::string fingerprint;  // "SHA256:...", as ssh and sftp print it
};

// Reads the key in `data_dir`, making it first if missing; throws std::runtime_error naming the
// file and what to do (a read-only directory without the key, a file that is not a key).
[[nodiscard]] SftpHostKey ensure_sftp_host_key(const std::filesystem::path& data_dir);

}  // namespace antom::server
