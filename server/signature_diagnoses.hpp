#pragma once
// The last signature diagnoses of each merchant, for GET /_sim/diagnostics/signatures. Bounded:
// kPerMerchant per merchant, and kMerchants merchants (an unknown client id is never recorded, as
// diagnoses are made only for registered merchants). The lock guards only a copy in or out.
#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "server/protocol/signature_diagnosis.hpp"

namespace antom::server {

class SignatureDiagnosisLog {
 public:
  static constexpr std::size_t kPerMerchant = 50;
  static constexpr std::size_t kMerchants = 1000;

  // `merchant` is the registered Client-Id (the header's may differ by the SANDBOX_ prefix).
  void add(const std::string& merchant, SignatureDiagnosis diagnosis);
  // Oldest first; every merchant's when `client_id` is empty.
  [[nodiscard]] std::vector<SignatureDiagnosis> recent(std::string_view client_id) const;
  [[nodiscard]] std::size_t size() const;
  void clear(std::string_view client_id = {});

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::deque<SignatureDiagnosis>, std::less<>> by_merchant_;
  std::size_t size_ = 0;
};

}  // namespace antom::server
