#pragma once
// Registered merchants: Client-Id, public keys by keyVersion, default notification URL and the
// simulator settings that belong to a merchant. Readers get immutable snapshots.
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "server/crypto/rsa_key.hpp"
#include "state/settlement_contract.hpp"

namespace antom::server {

// The merchant's SFTP account (Antom gives one user name and password per merchant,
// https://global.alipay.com/docs/ac/reconcile/perform); docs/settlement.md#sftp.
struct SftpLogin {
  std::string user;
  std::string password;  // never shown by GET /_sim/merchants
};

// The demo merchant's account (docs/settlement.md#sftp).
inline constexpr const char* kDemoSftpUser = "demo";
inline constexpr const char* kDemoSftpPassword = "antom-sim";

struct Merchant {
  std::string client_id;               // as registered; state is partitioned by it
  std::string name;                    // a display name; "" = the wallet page names the client id
  std::map<int, RsaKey> public_keys;   // keyVersion -> merchant public key
  std::map<int, std::string> public_key_text;  // as given, for GET /_sim/merchants
  std::string notify_url;              // default for every notification type
  bool auto_approve = false;           // wallet page approves at once when opened
  std::string notification_schedule;   // "" = the global one; "production", "sandbox" or a custom name
  std::optional<std::chrono::milliseconds> notify_timeout;  // one attempt, real time; nullopt = --notify-timeout-ms
  std::optional<bool> magic_amounts;   // magic amounts select scenarios; nullopt = --magic-amounts
  std::vector<std::string> settlement_currencies;  // the contract's; empty = the transaction currency
  state::SettlementContract settlement;  // the other settlement terms (its currency list unused: the line above)
  std::optional<SftpLogin> sftp;         // nullopt: no SFTP access
};

class MerchantRegistry {
 public:
  // Exact Client-Id first, then the same id with or without the "SANDBOX_" prefix.
  [[nodiscard]] std::shared_ptr<const Merchant> find(std::string_view client_id) const;
  void upsert(Merchant merchant);
  bool remove(std::string_view client_id);
  [[nodiscard]] std::vector<std::shared_ptr<const Merchant>> all() const;
  // The Client-Id of another merchant (not `client_id`) whose SFTP user is `user`; "" if none.
  [[nodiscard]] std::string sftp_user_owner(std::string_view user, std::string_view client_id) const;
  // A whole-simulator restore: these registrations and no others.
  void replace_all(const std::vector<std::shared_ptr<const Merchant>>& merchants);
  // A merchant restore: puts a saved registration back as it was.
  void put(std::shared_ptr<const Merchant> merchant);

 private:
  mutable std::shared_mutex mu_;
  std::map<std::string, std::shared_ptr<const Merchant>, std::less<>> merchants_;
};

}  // namespace antom::server
