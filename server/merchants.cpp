#include "server/merchants.hpp"

namespace antom::server {

namespace {
constexpr std::string_view kSandboxPrefix = "SANDBOX_";
}

std::shared_ptr<const Merchant> MerchantRegistry::find(std::string_view client_id) const {
  std::shared_lock lock(mu_);
  if (auto it = merchants_.find(client_id); it != merchants_.end()) return it->second;
  std::string other = client_id.starts_with(kSandboxPrefix) ? std::string(client_id.substr(kSandboxPrefix.size()))
                                                            : std::string(kSandboxPrefix) + std::string(client_id);
  if (auto it = merchants_.find(other); it != merchants_.end()) return it->second;
  return nullptr;
}

void MerchantRegistry::upsert(Merchant merchant) {
  std::unique_lock lock(mu_);
  auto id = merchant.client_id;
  merchants_[id] = std::make_shared<const Merchant>(std::move(merchant));
}

bool MerchantRegistry::remove(std::string_view client_id) {
  std::unique_lock lock(mu_);
  auto it = merchants_.find(client_id);
  if (it == merchants_.end()) return false;
  merchants_.erase(it);
  return true;
}

std::vector<std::shared_ptr<const Merchant>> MerchantRegistry::all() const {
  std::shared_lock lock(mu_);
  std::vector<std::shared_ptr<const Merchant>> out;
  for (const auto& [id, m] : merchants_) out.push_back(m);
  return out;
}

std::string MerchantRegistry::sftp_user_owner(std::string_view user, std::string_view client_id) const {
  std::shared_lock lock(mu_);
  for (const auto& [id, m] : merchants_)
    if (id != client_id && m->sftp && m->sftp->user == user) return id;
  return {};
}

void MerchantRegistry::replace_all(const std::vector<std::shared_ptr<const Merchant>>& merchants) {
  std::map<std::string, std::shared_ptr<const Merchant>, std::less<>> next;
  for (const auto& m : merchants) next[m->client_id] = m;
  std::unique_lock lock(mu_);
  merchants_.swap(next);
}

void MerchantRegistry::put(std::shared_ptr<const Merchant> merchant) {
  std::unique_lock lock(mu_);
  auto id = merchant->client_id;
  merchants_[id] = std::move(merchant);
}

}  // namespace antom::server
