#include "server/signature_diagnoses.hpp"

namespace antom::server {

void SignatureDiagnosisLog::add(const std::string& merchant, SignatureDiagnosis diagnosis) {
  std::lock_guard lock(mu_);
  auto it = by_merchant_.find(merchant);
  if (it == by_merchant_.end()) {
    if (by_merchant_.size() >= kMerchants) return;
    it = by_merchant_.emplace(merchant, std::deque<SignatureDiagnosis>{}).first;
  }
  it->second.push_back(std::move(diagnosis));
  ++size_;
  if (it->second.size() > kPerMerchant) {
    it->second.pop_front();
    --size_;
  }
}

std::vector<SignatureDiagnosis> SignatureDiagnosisLog::recent(std::string_view client_id) const {
  std::lock_guard lock(mu_);
  std::vector<SignatureDiagnosis> out;
  for (const auto& [id, entries] : by_merchant_)
    if (client_id.empty() || id == client_id) out.insert(out.end(), entries.begin(), entries.end());
  return out;
}

std::size_t SignatureDiagnosisLog::size() const {
  std::lock_guard lock(mu_);
  return size_;
}

void SignatureDiagnosisLog::clear(std::string_view client_id) {
  std::lock_guard lock(mu_);
  for (auto it = by_merchant_.begin(); it != by_merchant_.end();) {
    if (client_id.empty() || it->first == client_id) {
      size_ -= it->second.size();
      it = by_merchant_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace antom::server
