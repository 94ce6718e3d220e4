#include "server/settlement_config.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

namespace antom::server {
namespace {

using state::Status;

constexpr std::array<std::string_view, 9> kKeys = {"customerId",        "acquirer",          "cycleDays",
                                                   "cutOffHour",        "timeZoneOffsetMinutes", "fees",
                                                   "refundFeeReturned", "emptyCycleSummary", "fileNaming"};
constexpr std::array<std::pair<std::string_view, state::ReportNaming>, 3> kNaming = {
    {{"COMBINED", state::ReportNaming::Combined},
     {"CONNECTWALLET", state::ReportNaming::ConnectWallet},
     {"PER_PAYMENT_METHOD", state::ReportNaming::PerPaymentMethod}}};

Status read_int(const rapidjson::Value& json, const char* name, int& out) {
  auto it = json.FindMember(name);
  if (it == json.MemberEnd()) return {};
  if (!it->value.IsInt()) return Status::refused(std::string("settlement.") + name + " must be an integer");
  out = it->value.GetInt();
  return {};
}

Status read_bool(const rapidjson::Value& json, const char* name, bool& out) {
  auto it = json.FindMember(name);
  if (it == json.MemberEnd()) return {};
  if (!it->value.IsBool()) return Status::refused(std::string("settlement.") + name + " must be a boolean");
  out = it->value.GetBool();
  return {};
}

Status read_string(const rapidjson::Value& json, const char* name, std::string& out) {
  auto it = json.FindMember(name);
  if (it == json.MemberEnd()) return {};
  if (!it->value.IsString()) return Status::refused(std::string("settlement.") + name + " must be a string");
  out.assign(it->value.GetString(), it->value.GetStringLength());
  return {};
}

Status read_fee(const rapidjson::Value& v, const std::string& field, state::Fee& fee) {
  if (!v.IsObject()) return Status::refused(field + " must be an object {\"percentBasisPoints\":..,\"fixed\":..}");
  for (const auto& m : v.GetObject()) {
    const std::string_view name(m.name.GetString(), m.name.GetStringLength());
    if (name != "percentBasisPoints" && name != "fixed")
      return Status::refused(field + ": unknown field '" + std::string(name) + "'; a fee takes percentBasisPoints, fixed");
    if (!m.value.IsInt64()) return Status::refused(field + "." + std::string(name) + " must be an integer");
    (name == "fixed" ? fee.fixed_minor : fee.percent_bp) = m.value.GetInt64();
  }
  return {};
}

}  // namespace

Status settlement_from_json(const rapidjson::Value& json, state::SettlementContract& c) {
  if (!json.IsObject()) return Status::refused("settlement must be an object");
  for (const auto& m : json.GetObject()) {
    const std::string_view name(m.name.GetString(), m.name.GetStringLength());
    if (std::find(kKeys.begin(), kKeys.end(), name) == kKeys.end()) {
      std::string known;
      for (auto k : kKeys) known += (known.empty() ? "" : ", ") + std::string(k);
      return Status::refused("settlement: unknown field '" + std::string(name) + "'; it takes " + known);
    }
  }
  Status err;
  if (err = read_string(json, "customerId", c.customer_id); !err.ok()) return err;
  if (err = read_string(json, "acquirer", c.acquirer); !err.ok()) return err;
  if (err = read_int(json, "cycleDays", c.cycle.days); !err.ok()) return err;
  if (err = read_int(json, "cutOffHour", c.cycle.cut_off_hour); !err.ok()) return err;
  if (err = read_int(json, "timeZoneOffsetMinutes", c.cycle.offset_minutes); !err.ok()) return err;
  if (err = read_bool(json, "refundFeeReturned", c.refund_fee_returned); !err.ok()) return err;
  if (err = read_bool(json, "emptyCycleSummary", c.empty_cycle_summary); !err.ok()) return err;
  if (auto it = json.FindMember("fileNaming"); it != json.MemberEnd()) {
    const auto* found = it->value.IsString()
                            ? std::find_if(kNaming.begin(), kNaming.end(), [&](const auto& n) { return n.first == it->value.GetString(); })
                            : kNaming.end();
    if (found == kNaming.end()) return Status::refused("settlement.fileNaming must be COMBINED, CONNECTWALLET or PER_PAYMENT_METHOD");
    c.naming = found->second;
  }
  if (auto it = json.FindMember("fees"); it != json.MemberEnd()) {
    if (!it->value.IsObject()) return Status::refused("settlement.fees must be an object: payment method (or default) -> fee");
    c.fees.clear();
    for (const auto& m : it->value.GetObject()) {
      const std::string method(m.name.GetString(), m.name.GetStringLength());
      const std::string field = "settlement.fees." + method;
      state::Fee fee = method == "default" ? c.default_fee : state::Fee{};
      if (err = read_fee(m.value, field, fee); !err.ok()) return err;
      if (method == "default") c.default_fee = fee;
      else c.fees[method] = fee;
    }
  }
  if (auto s = state::validate(c); !s.ok()) return Status::refused("settlement." + s.reason());
  return {};
}

void write_settlement(rapidjson::Writer<rapidjson::StringBuffer>& w, const state::SettlementContract& c) {
  const auto fee = [&](const state::Fee& f) {
    w.StartObject();
    w.Key("percentBasisPoints");
    w.Int64(f.percent_bp);
    w.Key("fixed");
    w.Int64(f.fixed_minor);
    w.EndObject();
  };
  w.StartObject();
  w.Key("customerId");
  w.String(c.customer_id.c_str());
  w.Key("acquirer");
  w.String(c.acquirer.c_str());
  w.Key("cycleDays");
  w.Int(c.cycle.days);
  w.Key("cutOffHour");
  w.Int(c.cycle.cut_off_hour);
  w.Key("timeZoneOffsetMinutes");
  w.Int(c.cycle.offset_minutes);
  w.Key("fees");
  w.StartObject();
  w.Key("default");
  fee(c.default_fee);
  for (const auto& [method, f] : c.fees) {
    w.Key(method.c_str(), static_cast<rapidjson::SizeType>(method.size()));
    fee(f);
  }
  w.EndObject();
  w.Key("refundFeeReturned");
  w.Bool(c.refund_fee_returned);
  w.Key("emptyCycleSummary");
  w.Bool(c.empty_cycle_summary);
  w.Key("fileNaming");
  for (const auto& [name, value] : kNaming)
    if (value == c.naming) w.String(name.data(), static_cast<rapidjson::SizeType>(name.size()));
  w.EndObject();
}

}  // namespace antom::server
