#include "scenarios/json_reader.hpp"

#include <charconv>

namespace antom::scenarios::detail {

std::string Reader::path(std::string_view key) const {
  if (prefix_.empty()) return std::string(key);
  if (!key.empty() && key.front() == '[') return prefix_ + std::string(key);
  return prefix_ + "." + std::string(key);
}

void Reader::fail(std::string field, std::string message) {
  if (failed()) return;  // keep the first error: it is the cause
  *error_field_ = std::move(field);
  *error_message_ = std::move(message);
}

Reader Reader::child(const rapidjson::Value& object, std::string prefix) const {
  return Reader(object, std::move(prefix), error_field_, error_message_);
}

const rapidjson::Value* Reader::find(std::string_view key) const {
  if (!obj_.IsObject()) return nullptr;
  auto it = obj_.FindMember(rapidjson::Value(key.data(), static_cast<rapidjson::SizeType>(key.size())));
  return it == obj_.MemberEnd() ? nullptr : &it->value;
}

bool Reader::has(std::string_view key) const { return find(key) != nullptr; }

void Reader::only_keys(std::initializer_list<std::string_view> allowed) {
  if (!obj_.IsObject()) return;
  for (const auto& m : obj_.GetObject()) {
    std::string_view name(m.name.GetString(), m.name.GetStringLength());
    bool known = false;
    for (auto a : allowed) known = known || a == name;
    if (!known) fail(path(name), "unknown key");
  }
}

std::optional<std::string> Reader::string(std::string_view key, bool required) {
  const auto* v = find(key);
  if (!v) {
    if (required) fail(path(key), "is required");
    return std::nullopt;
  }
  if (!v->IsString()) {
    fail(path(key), "must be a string");
    return std::nullopt;
  }
  return std::string(v->GetString(), v->GetStringLength());
}

std::vector<std::string> Reader::strings(std::string_view key) {
  std::vector<std::string> out;
  const auto* v = find(key);
  if (!v) return out;
  if (v->IsString()) {
    out.emplace_back(v->GetString(), v->GetStringLength());
  } else if (v->IsArray() && !v->Empty()) {
    for (rapidjson::SizeType i = 0; i < v->Size(); ++i) {
      if (!(*v)[i].IsString()) {
        fail(path(key) + "[" + std::to_string(i) + "]", "must be a string");
        return {};
      }
      out.emplace_back((*v)[i].GetString(), (*v)[i].GetStringLength());
    }
  } else {
    fail(path(key), "must be a string or a non-empty array of strings");
  }
  return out;
}

std::optional<double> Reader::number(std::string_view key) {
  const auto* v = find(key);
  if (!v) return std::nullopt;
  if (v->IsNumber()) return v->GetDouble();
  if (v->IsString()) {
    double d = 0;
    std::string_view s(v->GetString(), v->GetStringLength());
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
    if (ec == std::errc() && ptr == s.data() + s.size() && !s.empty()) return d;
  }
  fail(path(key), "must be a number");
  return std::nullopt;
}

std::optional<long long> Reader::integer(std::string_view key, long long min, long long max) {
  const auto* v = find(key);
  if (!v) return std::nullopt;
  if (!v->IsInt64()) {
    fail(path(key), "must be an integer");
    return std::nullopt;
  }
  long long n = v->GetInt64();
  if (n < min || n > max) {
    fail(path(key), "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return n;
}

std::optional<bool> Reader::boolean(std::string_view key) {
  const auto* v = find(key);
  if (!v) return std::nullopt;
  if (!v->IsBool()) {
    fail(path(key), "must be true or false");
    return std::nullopt;
  }
  return v->GetBool();
}

const rapidjson::Value* Reader::object(std::string_view key, bool required) {
  const auto* v = find(key);
  if (!v) {
    if (required) fail(path(key), "is required");
    return nullptr;
  }
  if (!v->IsObject()) {
    fail(path(key), "must be an object");
    return nullptr;
  }
  return v;
}

const rapidjson::Value* Reader::array(std::string_view key, bool required) {
  const auto* v = find(key);
  if (!v) {
    if (required) fail(path(key), "is required");
    return nullptr;
  }
  if (!v->IsArray()) {
    fail(path(key), "must be an array");
    return nullptr;
  }
  return v;
}

}  // namespace antom::scenarios::detail
