#pragma once
// One row of an operation's request table: what the reference says about one field.
#include <cstdint>
#include <span>
#include <string_view>

namespace antom::server {

enum class FieldKind {
  String,       // JSON string, or a number/boolean sent where the docs say string
  Currency,     // ISO 4217 alpha-3, upper case
  Region,       // ISO 3166 alpha-2, upper case
  AmountValue,  // positive integer in minor units, as string or number, no leading zero
  Boolean,      // true/false or "true"/"false"
  Datetime,     // ISO 8601 with offset
  Url,          // a notification URL: absolute http(s) (server/notify/notify_url.hpp)
  Object,
  StringArray,
  ObjectArray,
};

enum class Presence {
  Optional,
  Required,
  RequiredWhen,    // required when `when_field` has one of `when_values`
  RequiredUnless,  // required when `when_field` is absent (one of two ids)
};

struct FieldSpec {
  std::string_view path;  // dotted: "paymentAmount.value"
  FieldKind kind = FieldKind::String;
  Presence presence = Presence::Optional;
  std::uint32_t max_len = 0;  // characters for strings, items for arrays; 0 = no limit
  std::span<const std::string_view> allowed{};  // for strings and string-array items
  std::string_view when_field{};
  std::span<const std::string_view> when_values{};
  std::uint32_t item_max_len = 0;  // for string arrays
  // For object arrays: the table each item is checked against, its paths relative to the item
  // (shown as "order.goods[].goodsName"; a violation names the item: "order.goods[2].goodsName").
  std::span<const FieldSpec> items{};

  // Filled in by field_tables.cpp at compile time: the row of the object that holds this field
  // (kTopLevel: the body itself) and the field's own name in it, so the validator finds each
  // field in its parent's value without reading paths. kUnlinked rows are looked up by path.
  // Kept for the 60 000 req/s goal with verification and signing off (median 60 441 req/s on
  // 2026-12-05, gateway_bench: at the goal): by path, a pay's validation took ~14 400 instructions
  // more (20 000 against 5 600, callgrind), ~17 % of a pay's 82 500.
  static constexpr std::int16_t kTopLevel = -1, kUnlinked = -2;
  std::int16_t parent_row = kUnlinked;
  std::string_view leaf{};
};

[[nodiscard]] std::string_view to_string(FieldKind kind);
[[nodiscard]] std::string_view to_string(Presence presence);

}  // namespace antom::server
