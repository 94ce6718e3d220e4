#include "server/protocol/json_view.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace antom::server {

const rapidjson::Value* lookup(const rapidjson::Value& root, std::string_view path) {
  const rapidjson::Value* cur = &root;
  while (!path.empty()) {
    const auto dot = path.find('.');
    const std::string_view key = path.substr(0, dot);
    if (!cur->IsObject()) return nullptr;
    const auto it = cur->FindMember(rapidjson::Value(rapidjson::StringRef(key.data(), key.size())));
    if (it == cur->MemberEnd()) return nullptr;
    cur = &it->value;
    path = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
  }
  return cur->IsNull() ? nullptr : cur;
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
  const std::string t = text_at(root, path);
  if (t == "true") return true;
  if (t == "false") return false;
  return fallback;
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
