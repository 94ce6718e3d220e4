#pragma once
// An ordered tree of named values: how state describes a message body (a notification payload)
// without knowing any JSON library. The server renders it; strings stay strings on the wire.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace antom::state {

struct Field;
using Fields = std::vector<Field>;
using Strings = std::vector<std::string>;
// An object whose member names are data, not wire names (a buyer's balances by currency).
using NamedStrings = std::vector<std::pair<std::string, std::string>>;

struct FieldValue {
  std::variant<std::string, bool, Fields, Strings, std::vector<Fields>, NamedStrings> value;
};

// A field's name is one of the fixed wire names, always a string literal: it is referred to,
// never copied (names of 16 characters and more would each cost an allocation).
struct FieldName {
  template <std::size_t N>
  consteval FieldName(const char (&literal)[N]) : text(literal, N - 1) {}  // NOLINT: implicit on purpose
  std::string_view text;
};

struct Field {
  std::string_view name;  // static storage: see FieldName
  FieldValue value;
};

// Appends helpers; they keep call sites short and ordered like the reference tables.
inline void put(Fields& out, FieldName name, std::string value) {
  // Built in place: moving a whole Field in makes GCC 12 warn, falsely, that the variant may be
  // used uninitialized (-Wmaybe-uninitialized).
  Field& field = out.emplace_back();
  field.name = name.text;
  field.value.value = std::move(value);
}
inline void put(Fields& out, FieldName name, const char* value) { put(out, name, std::string(value)); }
inline void put(Fields& out, FieldName name, bool value) { out.push_back(Field{name.text, FieldValue{value}}); }
inline void put(Fields& out, FieldName name, Fields value) {
  out.push_back(Field{name.text, FieldValue{std::move(value)}});
}
inline void put(Fields& out, FieldName name, Strings value) {
  out.push_back(Field{name.text, FieldValue{std::move(value)}});
}
inline void put(Fields& out, FieldName name, std::vector<Fields> value) {
  out.push_back(Field{name.text, FieldValue{std::move(value)}});
}
inline void put(Fields& out, FieldName name, NamedStrings value) {
  out.push_back(Field{name.text, FieldValue{std::move(value)}});
}
// Only when the value is present: optional fields are absent, never empty strings.
inline void put_if(Fields& out, FieldName name, std::string value) {
  if (!value.empty()) put(out, name, std::move(value));
}

[[nodiscard]] inline const FieldValue* find(const Fields& fields, std::string_view name) {
  for (const auto& f : fields)
    if (f.name == name) return &f.value;
  return nullptr;
}

}  // namespace antom::state
