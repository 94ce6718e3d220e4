#pragma once
// One generic validator for every operation: it walks the operation's field table against the
// request and reports the first violation, which becomes PARAM_ILLEGAL naming the field.
#include <rapidjson/document.h>

#include <optional>
#include <span>
#include <string>

#include "server/protocol/field_spec.hpp"
#include "server/protocol/json_view.hpp"

namespace antom::server {

enum class ViolationKind { Missing, WrongType, TooLong, TooManyItems, NotAllowed, BadAmount, BadCurrency, BadRegion, BadDatetime, BadUrl };

struct Violation {
  std::string path;
  ViolationKind kind = ViolationKind::Missing;
  const FieldSpec* spec = nullptr;
  std::string detail;  // BadUrl: what is wrong with the URL
};

[[nodiscard]] std::optional<Violation> validate_fields(JsonPaths& body, std::span<const FieldSpec> fields);
[[nodiscard]] std::optional<Violation> validate_fields(const rapidjson::Value& body, std::span<const FieldSpec> fields);
// The resultMessage for a violation; one template per kind.
[[nodiscard]] std::string describe(const Violation& v);
// Length in characters (UTF-8 code points), as Antom counts maximum lengths.
[[nodiscard]] std::size_t utf8_length(std::string_view s);

}  // namespace antom::server
