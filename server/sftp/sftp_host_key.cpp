#include "server/sftp/sftp_host_key.hpp"

#include <libssh/libssh.h>

#include <memory>
#include <stdexcept>

#include "server/data_dir.hpp"

namespace antom::server {
namespace {

namespace fs = std::filesystem;

struct KeyFree {
  void operator()(ssh_key k) const { ssh_key_free(k); }
};
using KeyPtr = std::unique_ptr<std::remove_pointer_t<ssh_key>, KeyFree>;

std::string fingerprint_of(const ssh_key key) {
  unsigned char* hash = nullptr;
  size_t len = 0;
  if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &len) != SSH_OK) return "unknown";
  char* text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, len);
  ssh_clean_pubkey_hash(&hash);
  std::string out = text ? text : "unknown";
  ssh_string_free_char(text);
  return out;
}

KeyPtr load(const fs::path& file) {
  ssh_key key = nullptr;
  if (ssh_pki_import_privkey_file(file.c_str(), nullptr, nullptr, nullptr, &key) != SSH_OK || !key)
    throw std::runtime_error("SFTP host key " + file.string() +
                             " is not a private key libssh can read; restore it, or delete it to have a new one made");
  return KeyPtr(key);
}

}  // namespace

SftpHostKey ensure_sftp_host_key(const fs::path& data_dir) {
  const fs::path file = data_dir / kSftpHostKeyFile;
  if (!fs::exists(file)) {
    ensure_data_dir(data_dir);
    DataDirLock lock(data_dir);
    if (!fs::exists(file)) {  // another instance may have made it meanwhile
      ssh_key made = nullptr;
      if (ssh_pki_generate(SSH_KEYTYPE_ECDSA_P256, 256, &made) != SSH_OK || !made)
        throw std::runtime_error("cannot generate the SFTP host key (libssh failed)");
      KeyPtr key(made);
      char* pem = nullptr;
      if (ssh_pki_export_privkey_base64(key.get(), nullptr, nullptr, nullptr, &pem) != SSH_OK || !pem)
        throw std::runtime_error("cannot export the SFTP host key (libssh failed)");
      const std::string text(pem);
      ssh_string_free_char(pem);
      create_file_atomically(file, text, true);
    }
  }
  (void)read_data_file(file);  // a clear message when unreadable
  const KeyPtr key = load(file);
  return SftpHostKey{file, fingerprint_of(key.get())};
}

}  // namespace antom::server
