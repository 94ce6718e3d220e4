#include "server/protocol/json_view.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>

namespace antom::server {
namespace {

// As member_of, but a null member is returned: a parent path remembers what it found.
const rapidjson::Value* member(const rapidjson::Value* object, std::string_view key) {
  if (!object || !object->IsObject()) return nullptr;
  const auto it = object->FindMember(rapidjson::Value(rapidjson::StringRef(key.data(), key.size())));
  return it == object->MemberEnd() ? nullptr : &it->value;
}

}  // namespace

const rapidjson::Value* member_of(const rapidjson::Value& object, std::string_view key) {
  const rapidjson::Value* v = member(&object, key);
  return v && !v->IsNull() ? v : nullptr;
}

const rapidjson::Value* JsonPaths::parent(std::string_view path) {
  if (path.empty()) return &root_;
  for (std::size_t i = count_; i-- > 0;) {
    const Remembered& r = remembered_[i];
    if (r.length == path.size() && std::equal(path.begin(), path.end(), r.path.begin())) return r.value;
  }
  const auto dot = path.rfind('.');
  const rapidjson::Value* found =
      member(dot == std::string_view::npos ? &root_ : parent(path.substr(0, dot)),
             dot == std::string_view::npos ? path : path.substr(dot + 1));
  if (count_ < kMaxRemembered && path.size() <= kMaxPathLength) {
    Remembered& r = remembered_[count_++];
    std::copy(path.begin(), path.end(), r.path.begin());
    r.length = static_cast<std::uint8_t>(path.size());
    r.value = found;
  }
  return found;
}

JsonPaths::Located JsonPaths::locate(std::string_view path) {
  const auto dot = path.rfind('.');
  const rapidjson::Value* holder = dot == std::string_view::npos ? &root_ : parent(path.substr(0, dot));
  if (!holder || !holder->IsObject()) return {nullptr, nullptr};
  const rapidjson::Value* v = member(holder, dot == std::string_view::npos ? path : path.substr(dot + 1));
  return {holder, v && !v->IsNull() ? v : nullptr};
}

const rapidjson::Value* JsonPaths::find(std::string_view path) { return locate(path).value; }

std::string JsonPaths::text(std::string_view path) {
  const rapidjson::Value* v = find(path);
  return v ? scalar_text(*v).value_or(std::string{}) : std::string{};
}

const rapidjson::Value* lookup(const rapidjson::Value& root, std::string_view path) {
  const rapidjson::Value* cur = &root;
  while (cur && !path.empty()) {
    const auto dot = path.find('.');
    cur = member(cur, path.substr(0, dot));
    path = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
  }
  return cur && !cur->IsNull() ? cur : nullptr;
}

std::optional<std::string> scalar_text(const rapidjson::Value& v) {
  if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
  if (v.IsBool()) return std::string(v.GetBool() ? "true" : "false");
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  if (v.IsUint64()) return std::to_string(v.GetUint64());
  if (v.IsNumber()) {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    v.Accept(w);
    return std::string(buf.GetString(), buf.GetSize());
  }
  return std::nullopt;
}

std::string text_at(const rapidjson::Value& root, std::string_view path) {
  const rapidjson::Value* v = lookup(root, path);
  if (!v) return {};
  return scalar_text(*v).value_or(std::string{});
}

bool bool_at(const rapidjson::Value& root, std::string_view path, bool fallback) {
  const rapidjson::Value* v = lookup(root, path);
  if (!v) return fallback;
  if (v->IsBool()) return v->GetBool();
  if (!v->IsString()) return fallback;
  const std::string_view t(v->GetString(), v->GetStringLength());
  return t == "true" ? true : t == "false" ? false : fallback;
}

std::vector<std::string> strings_at(const rapidjson::Value& root, std::string_view path) {
  std::vector<std::string> out;
  const rapidjson::Value* v = lookup(root, path);
  if (!v || !v->IsArray()) return out;
  for (const auto& item : v->GetArray())
    if (auto t = scalar_text(item)) out.push_back(std::move(*t));
  return out;
}

std::string json_at(const rapidjson::Value& root, std::string_view path) {
  const rapidjson::Value* v = lookup(root, path);
  if (!v) return {};
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v->Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace antom::server
