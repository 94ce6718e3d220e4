#include "server/sftp/sftp_accounts.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>

#include "server/settlement_files.hpp"

namespace antom::server {
namespace {

std::array<unsigned char, 32> sha256(std::string_view s) {
  std::array<unsigned char, 32> out{};
  unsigned int n = 0;
  EVP_Digest(s.data(), s.size(), out.data(), &n, EVP_sha256(), nullptr);
  return out;
}

std::string home_of(const Merchant& m) { return "/v1/settlements/" + m.settlement.customer_id; }

}  // namespace

bool same_secret(std::string_view given, std::string_view expected) {
  const auto a = sha256(given);
  const auto b = sha256(expected);
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

SftpBackend make_sftp_backend(App& app) {
  SftpBackend b;
  b.login = [&app](std::string_view user, std::string_view password) -> std::optional<std::string> {
    std::optional<std::string> who;
    for (const auto& m : app.merchants.all())
      if (m->sftp && m->sftp->user == user && same_secret(password, m->sftp->password)) who = m->client_id;
    if (!who) (void)same_secret(password, "");  // an unknown user costs as much as a wrong password
    return who;
  };
  b.view = [&app](const std::string& client_id) -> std::optional<SftpView> {
    const auto m = app.merchants.find(client_id);
    if (!m || m->client_id != client_id || !m->sftp) return std::nullopt;  // gone, or its access removed
    std::vector<SftpViewFile> files;
    for (auto& f : list_settlement_files(app, *m))
      files.push_back(SftpViewFile{std::move(f.path), f.size, state::to_epoch_ms(f.produced_at) / 1000});
    return SftpView(home_of(*m), std::move(files));
  };
  b.read = [&app](const std::string& client_id, const std::string& path) -> std::optional<std::string> {
    const auto m = app.merchants.find(client_id);
    if (!m || m->client_id != client_id) return std::nullopt;
    return settlement_file_bytes(app, *m, path);
  };
  return b;
}

}  // namespace antom::server
