#include "server/merchant_config.hpp"

#include "server/options.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <rapidjson/error/en.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

#include "state/wallets.hpp"
#include "scenarios/json_duplicates.hpp"
#include "server/http/header_safety.hpp"
#include "server/json_position.hpp"
#include "server/notify/notify_targets.hpp"
#include "server/notify/notify_url.hpp"
#include "server/notify/retry_schedule.hpp"
#include "server/settlement_config.hpp"
#include "server/sftp/sftp_login_config.hpp"

namespace antom::server {

using state::Status;

namespace {

constexpr int kMinKeyBits = 2048;

Status read_key(Merchant& m, int version, const rapidjson::Value& v, const std::string& field) {
  if (!v.IsString()) return Status::refused(field + " must be a string (PEM or base64 SPKI)");
  auto key = RsaKey::load_public(std::string_view(v.GetString(), v.GetStringLength()));
  if (!key) return Status::refused(field + " is not an RSA public key (PEM or base64 X.509 SubjectPublicKeyInfo)");
  // Antom's keys are RSA 2048 (https://docs.antom.com/ac/gr/signature: "the length of RSA key must
  // be 2048 bits"); a shorter one would work here and fail at Antom. Longer ones are let through.
  if (key->bits() < kMinKeyBits)
    return Status::refused(field + " is an RSA key of " + std::to_string(key->bits()) + " bits; Antom takes RSA keys of " +
                           std::to_string(kMinKeyBits) + " bits (make one with: openssl genrsa 2048)");
  m.public_keys[version] = std::move(*key);
  m.public_key_text[version] = v.GetString();
  return {};
}

}  // namespace

const std::vector<ControlField>& merchant_fields() {
  static const std::vector<ControlField> kFields = {
      {.name = "clientId", .description = "The Client-Id (1 to 64 characters, no control characters).", .required = true},
      {.name = "name", .types = kString | kNull, .description = "A display name."},
      {.name = "publicKey", .types = kString | kNull, .description = "The merchant's RSA public key: PEM or base64 SPKI (required for a new merchant)."},
      {.name = "keyVersion", .types = kInteger, .description = "The version publicKey is registered under (default 1)."},
      {.name = "publicKeys", .types = kObject, .description = "More keys: keyVersion -> PEM or base64 SPKI."},
      {.name = "notifyUrl", .types = kString | kNull, .description = "The default notification URL: an absolute http:// or https:// URL."},
      {.name = "autoApprove", .types = kBoolean, .description = "Approve this merchant's authorizations without the wallet page."},
      {.name = "notificationSchedule", .types = kString | kNull, .description = "production, sandbox or custom:<seconds>,<seconds>..."},
      {.name = "notifyTimeoutMs", .types = kInteger | kNull, .description = "Per-attempt notification timeout in ms; null: --notify-timeout-ms."},
      {.name = "settlementCurrencies", .types = kArray, .description = "ISO 4217 codes the merchant settles in."},
      {.name = "magicAmounts", .types = kBoolean | kNull, .description = "Magic amounts for this merchant; null: --magic-amounts."},
      {.name = "settlement", .types = kObject, .description = "Settlement terms: customerId, acquirer, cycleDays, cutOffHour, timeZoneOffsetMinutes, fees, refundFeeReturned, emptyCycleSummary, fileNaming (docs/settlement.md)."},
      {.name = "sftp", .types = kObject | kNull, .description = "SFTP account for the report folder: {\"user\":..,\"password\":..}; null: none (docs/settlement.md#sftp)."},
  };
  return kFields;
}

Status merchant_from_json(const rapidjson::Value& json, Merchant& m) {
  if (!json.IsObject()) return Status::refused("a merchant must be a JSON object");
  for (const auto& member : json.GetObject()) {
    const std::string_view name(member.name.GetString(), member.name.GetStringLength());
    const auto& fields = merchant_fields();
    if (std::none_of(fields.begin(), fields.end(), [&](const ControlField& f) { return f.name == name; })) {
      std::string known;
      for (const auto& f : fields) known += (known.empty() ? "" : ", ") + f.name;
      return Status::refused("unknown field '" + std::string(name) + "'; a merchant takes " + known);
    }
  }
  auto str = [&](const char* name, std::string& out) -> Status {
    auto it = json.FindMember(name);
    if (it == json.MemberEnd() || it->value.IsNull()) return {};
    if (!it->value.IsString()) return Status::refused(std::string(name) + " must be a string");
    out.assign(it->value.GetString(), it->value.GetStringLength());  // a \u0000 inside is kept, and refused
    return {};
  };
  Status err;
  if (err = str("clientId", m.client_id); !err.ok()) return err;
  if (m.client_id.empty()) return Status::refused("clientId is required");
  if (m.client_id.size() > 64) return Status::refused("clientId is longer than 64 characters");
  // It is sent as the client-id header of every notification.
  if (has_control_character(m.client_id)) return Status::refused("clientId holds a control character (CR, LF, TAB, ...)");
  if (m.client_id == "SANDBOX_") return Status::refused("clientId needs an id after the SANDBOX_ prefix");
  if (err = str("name", m.name); !err.ok()) return err;
  if (err = str("notifyUrl", m.notify_url); !err.ok()) return err;
  if (!m.notify_url.empty())
    if (auto problem = notify_url_problem(m.notify_url); !problem.empty()) return Status::refused("notifyUrl " + problem);
  if (err = str("notificationSchedule", m.notification_schedule); !err.ok()) return err;
  if (!m.notification_schedule.empty() && !parse_schedule(m.notification_schedule))
    return Status::refused("notificationSchedule must be production, sandbox or custom:<seconds>,<seconds>... (1 to 50 intervals)");
  if (auto it = json.FindMember("settlementCurrencies"); it != json.MemberEnd()) {
    if (!it->value.IsArray()) return Status::refused("settlementCurrencies must be an array of ISO 4217 codes");
    std::vector<std::string> list;
    for (const auto& c : it->value.GetArray()) {
      if (!c.IsString() || state::currency_decimals(c.GetString()) < 0)
        return Status::refused("settlementCurrencies must be an array of ISO 4217 codes antom-sim knows");
      list.emplace_back(c.GetString());
    }
    m.settlement_currencies = std::move(list);
  }
  if (auto it = json.FindMember("settlement"); it != json.MemberEnd())
    if (err = settlement_from_json(it->value, m.settlement); !err.ok()) return err;
  if (auto it = json.FindMember("sftp"); it != json.MemberEnd())
    if (err = sftp_login_from_json(it->value, m.sftp); !err.ok()) return err;
  if (auto it = json.FindMember("magicAmounts"); it != json.MemberEnd()) {
    if (it->value.IsNull()) m.magic_amounts.reset();  // back to the global setting
    else if (it->value.IsBool()) m.magic_amounts = it->value.GetBool();
    else return Status::refused("magicAmounts must be a boolean (or null for the global --magic-amounts)");
  }
  if (auto it = json.FindMember("autoApprove"); it != json.MemberEnd()) {
    if (!it->value.IsBool()) return Status::refused("autoApprove must be a boolean");
    m.auto_approve = it->value.GetBool();
  }
  if (auto it = json.FindMember("notifyTimeoutMs"); it != json.MemberEnd()) {
    if (it->value.IsNull()) {
      m.notify_timeout.reset();  // back to --notify-timeout-ms
    } else {
      if (!it->value.IsInt64() || it->value.GetInt64() < kMinNotifyTimeout.count() ||
          it->value.GetInt64() > kMaxNotifyTimeout.count())
        return Status::refused("notifyTimeoutMs must be an integer from " + std::to_string(kMinNotifyTimeout.count()) +
                               " to " + std::to_string(kMaxNotifyTimeout.count()) +
                               " (milliseconds), or null for --notify-timeout-ms");
      m.notify_timeout = std::chrono::milliseconds(it->value.GetInt64());
    }
  }
  int version = 1;
  if (auto it = json.FindMember("keyVersion"); it != json.MemberEnd()) {
    if (!it->value.IsInt() || it->value.GetInt() < 0) return Status::refused("keyVersion must be a non-negative integer");
    version = it->value.GetInt();
  }
  if (auto it = json.FindMember("publicKey"); it != json.MemberEnd() && !it->value.IsNull())
    if (err = read_key(m, version, it->value, "publicKey"); !err.ok()) return err;
  if (auto it = json.FindMember("publicKeys"); it != json.MemberEnd()) {
    if (!it->value.IsObject()) return Status::refused("publicKeys must be an object of keyVersion -> key");
    for (const auto& kv : it->value.GetObject()) {
      const std::string name = kv.name.GetString();
      int v = 0;
      const auto [p, ec] = std::from_chars(name.data(), name.data() + name.size(), v);
      if (ec != std::errc{} || p != name.data() + name.size()) return Status::refused("publicKeys." + name + ": key version must be a number");
      if (err = read_key(m, v, kv.value, "publicKeys." + name); !err.ok()) return err;
    }
  }
  if (m.public_keys.empty()) return Status::refused("publicKey is required");
  return {};
}

Status load_merchant_config(const std::filesystem::path& file, MerchantRegistry& registry,
                            std::vector<std::string>* notify_allow) {
  std::ifstream in(file);
  if (!in) return Status::refused(file.string() + ": cannot be read");
  std::stringstream ss;
  ss << in.rdbuf();
  return load_merchant_config_text(ss.str(), file.string(), registry, notify_allow);
}

Status load_merchant_config_text(std::string_view text, const std::string& origin, MerchantRegistry& registry,
                                 std::vector<std::string>* notify_allow) {
  rapidjson::Document doc;
  // Iterative: no nesting exhausts the stack.
  doc.Parse<rapidjson::kParseIterativeFlag>(text.data(), text.size());
  if (doc.HasParseError())
    return Status::refused(origin + ": not valid JSON at " + line_and_column(text, doc.GetErrorOffset()) + ": " +
                           rapidjson::GetParseError_En(doc.GetParseError()));
  scenarios::keep_last_members(doc);  // as in request bodies
  if (!doc.IsObject() || !doc.HasMember("merchants") || !doc["merchants"].IsArray())
    return Status::refused(origin + ": expected {\"merchants\": [...]}");
  for (const auto& member : doc.GetObject())
    if (std::string_view name(member.name.GetString(), member.name.GetStringLength()); name != "merchants" && name != "notifyAllow")
      return Status::refused(origin + ": unknown key '" + std::string(name) + "'; the file takes merchants and notifyAllow");
  std::vector<std::string> allow;
  if (auto it = doc.FindMember("notifyAllow"); it != doc.MemberEnd()) {
    if (!it->value.IsArray()) return Status::refused(origin + ": notifyAllow must be an array of networks, addresses or host names");
    for (const auto& entry : it->value.GetArray()) {
      NotifyTargets check;
      if (!entry.IsString()) return Status::refused(origin + ": notifyAllow entries must be strings");
      if (auto added = check.add(entry.GetString()); !added.ok())
        return Status::refused(origin + ": notifyAllow: " + added.reason());
      allow.emplace_back(entry.GetString());
    }
  }
  std::vector<Merchant> parsed;
  std::size_t index = 0;
  for (const auto& item : doc["merchants"].GetArray()) {
    Merchant m;
    if (auto err = merchant_from_json(item, m); !err.ok())
      return Status::refused(origin + ": merchants[" + std::to_string(index) + "]: " + err.reason());
    for (std::size_t earlier = 0; earlier < parsed.size(); ++earlier)
      if (parsed[earlier].client_id == m.client_id)
        return Status::refused(origin + ": merchants[" + std::to_string(index) + "]: clientId " + m.client_id +
                               " is also merchants[" + std::to_string(earlier) + "]; each merchant appears once");
    if (m.sftp) {
      std::string owner = registry.sftp_user_owner(m.sftp->user, m.client_id);
      for (const auto& earlier : parsed)
        if (earlier.sftp && earlier.sftp->user == m.sftp->user) owner = earlier.client_id;
      if (!owner.empty())
        return Status::refused(origin + ": merchants[" + std::to_string(index) + "]: sftp.user " + m.sftp->user +
                               " is already the SFTP user of " + owner + "; each merchant needs its own");
    }
    parsed.push_back(std::move(m));
    ++index;
  }
  for (auto& m : parsed) registry.upsert(std::move(m));  // all or nothing
  if (notify_allow) notify_allow->insert(notify_allow->end(), allow.begin(), allow.end());
  return {};
}

std::string merchant_to_json(const Merchant& m) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  write_merchant(w, m);
  return std::string(buf.GetString(), buf.GetSize());
}

void write_merchant(rapidjson::Writer<rapidjson::StringBuffer>& w, const Merchant& m, MerchantSecrets secrets) {
  w.StartObject();
  w.Key("clientId");
  w.String(m.client_id.c_str());
  w.Key("name");
  w.String(m.name.c_str());
  w.Key("notifyUrl");
  w.String(m.notify_url.c_str());
  w.Key("autoApprove");
  w.Bool(m.auto_approve);
  w.Key("notificationSchedule");
  w.String(m.notification_schedule.c_str());
  w.Key("notifyTimeoutMs");
  if (m.notify_timeout) w.Int64(m.notify_timeout->count());
  else w.Null();
  w.Key("settlementCurrencies");
  w.StartArray();
  for (const auto& c : m.settlement_currencies) w.String(c.c_str());
  w.EndArray();
  w.Key("magicAmounts");
  if (m.magic_amounts) w.Bool(*m.magic_amounts);
  else w.Null();
  w.Key("settlement");
  write_settlement(w, m.settlement);
  w.Key("sftp");
  write_sftp_login(w, m.sftp, secrets == MerchantSecrets::Included);
  w.Key("publicKeys");
  w.StartObject();
  for (const auto& [version, text] : m.public_key_text) {
    const std::string v = std::to_string(version);
    w.Key(v.c_str());
    w.String(text.c_str());
  }
  w.EndObject();
  w.EndObject();
}

}  // namespace antom::server
