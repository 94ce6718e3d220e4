#pragma once
// An ordered tree of named values: how state describes a message body (a notification payload)
// without knowing any JSON library. The server renders it; strings stay strings on the wire.
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace antom::state {

struct Field;
using Fields = std::vector<Field>;
using Strings = std::vector<std::string>;

struct FieldValue {
  std::variant<std::string, bool, Fields, Strings, std::vector<Fields>> value;
};

struct Field {
  std::string name;
  FieldValue value;
};

// Appends helpers; they keep call sites short and ordered like the reference tables.
inline void put(Fields& out, std::string name, std::string value) {
  out.push_back(Field{std::move(name), FieldValue{std::move(value)}});
}
inline void put(Fields& out, std::string name, const char* value) { put(out, std::move(name), std::string(value)); }
inline void put(Fields& out, std::string name, bool value) {
  out.push_back(Field{std::move(name), FieldValue{value}});
}
inline void put(Fields& out, std::string name, Fields value) {
  out.push_back(Field{std::move(name), FieldValue{std::move(value)}});
}
inline void put(Fields& out, std::string name, Strings value) {
  out.push_back(Field{std::move(name), FieldValue{std::move(value)}});
}
inline void put(Fields& out, std::string name, std::vector<Fields> value) {
  out.push_back(Field{std::move(name), FieldValue{std::move(value)}});
}
// Only when the value is present: optional fields are absent, never empty strings.
inline void put_if(Fields& out, std::string name, std::string value) {
  if (!value.empty()) put(out, std::move(name), std::move(value));
}

[[nodiscard]] inline const FieldValue* find(const Fields& fields, std::string_view name) {
  for (const auto& f : fields)
    if (f.name == name) return &f.value;
  return nullptr;
}

}  // namespace antom::state
