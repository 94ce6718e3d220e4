#pragma once
// The simulator side of SFTP: who logs in (a merchant's "sftp" user and password) and what it sees
// (its own report files, produced on read like GET /_sim/reports: server/settlement_files.hpp).
#include "server/app.hpp"
#include "server/sftp/sftp_server.hpp"

namespace antom::server {

// True when `given` equals `expected`, in a time that does not depend on where they differ or on
// their lengths (both are hashed, the digests compared with CRYPTO_memcmp).
[[nodiscard]] bool same_secret(std::string_view given, std::string_view expected);

[[nodiscard]] SftpBackend make_sftp_backend(App& app);

}  // namespace antom::server
