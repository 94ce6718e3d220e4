#include "server/crypto/tls_cert.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <stdexcept>
#include <utility>

#include "server/data_dir.hpp"

namespace antom::server {
namespace {

using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

// An EC P-256 key: made in well under a millisecond, where an RSA-2048 key takes 0.1-0.4 s of a
// first start. Every TLS client the SDKs use accepts ECDSA certificates.
PkeyPtr generate_tls_key() {
  PkeyPtr key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  if (!key) throw std::runtime_error("cannot generate the TLS key");
  return key;
}

// PEM text written by `write` into a memory BIO; a failure is a start-up error, never an empty file.
template <class Write>
std::string pem_text(const char* what, Write write) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio || write(bio.get()) != 1) throw std::runtime_error(std::string("cannot write the TLS ") + what + " as PEM");
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  if (len <= 0 || data == nullptr) throw std::runtime_error(std::string("cannot write the TLS ") + what + " as PEM");
  return std::string(data, static_cast<std::size_t>(len));
}

std::string private_key_pem(EVP_PKEY* key) {
  return pem_text("key", [key](BIO* bio) { return PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr); });
}

std::string x509_to_pem(X509* cert) {
  return pem_text("certificate", [cert](BIO* bio) { return PEM_write_bio_X509(bio, cert); });
}

}  // namespace

CertificateFiles ensure_self_signed_certificate(const std::filesystem::path& dir) {
  CertificateFiles files{dir / "tls-cert.pem", dir / "tls-key.pem"};
  namespace fs = std::filesystem;
  if (fs::exists(files.cert_pem) && fs::exists(files.key_pem)) return files;  // only read: may be read-only
  ensure_data_dir(dir);
  DataDirLock lock(dir);  // another instance may be making them right now
  if (fs::exists(files.cert_pem) && fs::exists(files.key_pem)) return files;
  for (const auto& [present, absent] : {std::pair{files.key_pem, files.cert_pem}, std::pair{files.cert_pem, files.key_pem}})
    if (fs::exists(present) && !fs::exists(absent))
      throw std::runtime_error(present.string() + " exists without " + absent.string() +
                               "; delete it to have a new certificate made, or give both");

  const PkeyPtr key = generate_tls_key();
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -24 * 3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 10L * 365 * 24 * 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("antom-sim"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);

  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  const char* exts[][2] = {{"subjectAltName", "DNS:localhost,IP:127.0.0.1,IP:::1"},
                           {"basicConstraints", "critical,CA:TRUE"},
                           {"keyUsage", "critical,digitalSignature,keyCertSign"},
                           {"extendedKeyUsage", "serverAuth"}};
  for (const auto& e : exts) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, OBJ_txt2nid(e[0]), e[1]);
    if (!ext) throw std::runtime_error(std::string("cannot build certificate extension ") + e[0]);
    X509_add_ext(cert.get(), ext, -1);
    X509_EXTENSION_free(ext);
  }
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) throw std::runtime_error("cannot sign TLS certificate");

  create_file_atomically(files.key_pem, private_key_pem(key.get()), true);
  create_file_atomically(files.cert_pem, x509_to_pem(cert.get()), false);
  return files;
}

}  // namespace antom::server
