#include "server/snapshot/codec.hpp"

#include <chrono>
#include <cstdio>

#include "state/clock.hpp"

namespace antom::server::snapshot_codec {

std::string format_time(state::TimePoint t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss<state::Millis> hms{t - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()),
                static_cast<int>(hms.subseconds().count()));
  return buf;
}

std::optional<state::TimePoint> parse_time(const rapidjson::Value& v) {
  if (v.IsInt64()) return state::from_epoch_ms(v.GetInt64());
  if (v.IsString()) return state::parse_iso8601(std::string_view(v.GetString(), v.GetStringLength()));
  return std::nullopt;
}

In::In(const rapidjson::Value& object, std::string pointer, std::string* problem)
    : object_(object), pointer_(std::move(pointer)), problem_(problem) {}

const rapidjson::Value* In::member(std::string_view key) {
  if (!ok()) return nullptr;
  const auto it = object_.FindMember(rapidjson::Value(rapidjson::StringRef(key.data(), key.size())));
  if (it == object_.MemberEnd()) return nullptr;
  seen_.push_back(key);
  return &it->value;
}

void In::fail(std::string_view key, const std::string& what) {
  if (ok()) *problem_ = pointer_ + "/" + std::string(key) + ": " + what;
}

void In::close() {
  if (!ok() || object_.MemberCount() <= seen_.size()) return;  // every member was asked for
  for (const auto& m : object_.GetObject()) {
    const std::string_view name(m.name.GetString(), m.name.GetStringLength());
    bool known = false;
    for (auto s : seen_) known = known || s == name;
    if (!known) {
      *problem_ = pointer_ + "/" + std::string(name) + ": unknown field";
      return;
    }
  }
  *problem_ = pointer_ + ": a field is given twice";
}

void In::operator()(std::string_view key, std::string& s) {
  const auto* v = member(key);
  if (!v) return;
  if (!v->IsString()) return fail(key, "must be a string");
  s.assign(v->GetString(), v->GetStringLength());
}

void In::operator()(std::string_view key, bool& b) {
  const auto* v = member(key);
  if (!v) return;
  if (!v->IsBool()) return fail(key, "must be true or false");
  b = v->GetBool();
}

void In::operator()(std::string_view key, std::int64_t& n) {
  const auto* v = member(key);
  if (!v) return;
  if (!v->IsInt64()) return fail(key, "must be an integer");
  n = v->GetInt64();
}

void In::operator()(std::string_view key, std::uint64_t& n) {
  const auto* v = member(key);
  if (!v) return;
  if (!v->IsUint64()) return fail(key, "must be a non-negative integer");
  n = v->GetUint64();
}

void In::operator()(std::string_view key, int& n) {
  const auto* v = member(key);
  if (!v) return;
  if (!v->IsInt()) return fail(key, "must be an integer (32 bits)");
  n = v->GetInt();
}

void In::operator()(std::string_view key, std::uint16_t& n) {
  const auto* v = member(key);
  if (!v) return;
  if (!v->IsUint() || v->GetUint() > 65535) return fail(key, "must be an integer from 0 to 65535");
  n = static_cast<std::uint16_t>(v->GetUint());
}

void In::operator()(std::string_view key, state::TimePoint& t) {
  const auto* v = member(key);
  if (!v) return;
  const auto parsed = parse_time(*v);
  if (!parsed) return fail(key, "must be an ISO 8601 time with an offset (2026-03-01T02:00:00.000Z) or epoch milliseconds");
  // No time antom-sim keeps is before the clock's start or after its end plus the longest lifetime.
  if (*parsed < state::kClockMin || *parsed > state::kClockMax + state::kMaxLifetime)
    return fail(key, "is outside the times antom-sim keeps (" + state::format_iso8601(state::kClockMin, 0) + " to " +
                         state::format_iso8601(state::kClockMax + state::kMaxLifetime, 0) + ")");
  t = *parsed;
}

void In::operator()(std::string_view key, state::Millis& d) {
  const auto* v = member(key);
  if (!v) return;
  if (!v->IsInt64()) return fail(key, "must be a number of milliseconds");
  d = state::Millis{v->GetInt64()};
}

void In::operator()(std::string_view key, state::Money& m) {
  object(key, m, [](In& in, state::Money& money) {
    in("value", money.value);
    in("currency", money.currency);
  });
}

void In::operator()(std::string_view key, std::vector<std::string>& list) {
  const auto* v = member(key);
  if (!v) return;
  if (!v->IsArray()) return fail(key, "must be an array of strings");
  list.clear();
  for (const auto& e : v->GetArray()) {
    if (!e.IsString()) return fail(key, "must be an array of strings");
    list.emplace_back(e.GetString(), e.GetStringLength());
  }
}

}  // namespace antom::server::snapshot_codec
