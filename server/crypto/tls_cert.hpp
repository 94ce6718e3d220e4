#pragma once
// The self-signed certificate antom-sim serves TLS with when none is given.
#include <filesystem>
#include <string>

namespace antom::server {

struct CertificateFiles {
  std::filesystem::path cert_pem;
  std::filesystem::path key_pem;
};

// Loads `dir`/tls-cert.pem and tls-key.pem, creating them (SAN localhost, 127.0.0.1, ::1) first if
// missing. Throws std::runtime_error on failure (a start-up error).
CertificateFiles ensure_self_signed_certificate(const std::filesystem::path& dir);

}  // namespace antom::server
