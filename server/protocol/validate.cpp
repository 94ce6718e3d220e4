#include "server/protocol/validate.hpp"

#include <algorithm>
#include <array>

#include "server/notify/notify_url.hpp"
#include "server/protocol/json_view.hpp"
#include "state/time.hpp"

namespace antom::server {
namespace {

bool is_present(const rapidjson::Value* v) {
  if (!v) return false;
  if (v->IsString() && v->GetStringLength() == 0) return false;  // "" counts as not given
  return true;
}

bool in(std::span<const std::string_view> set, std::string_view value) {
  return std::find(set.begin(), set.end(), value) != set.end();
}

bool required_here(JsonPaths& body, const FieldSpec& f) {
  switch (f.presence) {
    case Presence::Optional: return false;
    case Presence::Required: return true;
    case Presence::RequiredWhen: {
      const std::string other = body.text(f.when_field);
      return !other.empty() && in(f.when_values, other);
    }
    case Presence::RequiredUnless: return !is_present(body.find(f.when_field));
  }
  return false;
}

std::optional<ViolationKind> check_string(std::string_view text, const FieldSpec& f) {
  if (!f.allowed.empty() && !in(f.allowed, text)) return ViolationKind::NotAllowed;
  if (f.max_len && utf8_length(text) > f.max_len) return ViolationKind::TooLong;
  return std::nullopt;
}

std::optional<ViolationKind> check_value(const rapidjson::Value& v, const FieldSpec& f) {
  switch (f.kind) {
    case FieldKind::Object:
      return v.IsObject() ? std::nullopt : std::optional(ViolationKind::WrongType);
    case FieldKind::ObjectArray: {
      if (!v.IsArray()) return ViolationKind::WrongType;
      if (f.max_len && v.Size() > f.max_len) return ViolationKind::TooManyItems;
      for (const auto& item : v.GetArray())
        if (!item.IsObject()) return ViolationKind::WrongType;
      return std::nullopt;
    }
    case FieldKind::StringArray: {
      if (!v.IsArray()) return ViolationKind::WrongType;
      if (f.max_len && v.Size() > f.max_len) return ViolationKind::TooManyItems;
      for (const auto& item : v.GetArray()) {
        const auto text = scalar_text(item);
        if (!text) return ViolationKind::WrongType;
        if (f.item_max_len && utf8_length(*text) > f.item_max_len) return ViolationKind::TooLong;
        if (!f.allowed.empty() && !in(f.allowed, *text)) return ViolationKind::NotAllowed;
      }
      return std::nullopt;
    }
    default: break;
  }
  // Strings are checked in place; numbers and booleans as their JSON text (SDKs send either).
  std::string scalar;
  std::string_view text;
  if (v.IsString()) {
    text = std::string_view(v.GetString(), v.GetStringLength());
  } else if (auto t = scalar_text(v)) {
    scalar = std::move(*t);
    text = scalar;
  } else {
    return ViolationKind::WrongType;
  }
  switch (f.kind) {
    case FieldKind::Boolean:
      if (text != "true" && text != "false") return ViolationKind::WrongType;
      return std::nullopt;
    case FieldKind::AmountValue: {
      if (f.max_len && text.size() > f.max_len) return ViolationKind::TooLong;
      const bool digits = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (!digits || text[0] == '0') return ViolationKind::BadAmount;
      return std::nullopt;
    }
    case FieldKind::Currency: {
      const bool upper3 = text.size() == 3 && std::all_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
      if (!upper3) return ViolationKind::BadCurrency;
      if (!f.allowed.empty() && !in(f.allowed, text)) return ViolationKind::NotAllowed;
      return std::nullopt;
    }
    case FieldKind::Region: {
      const bool upper2 = text.size() == 2 && std::all_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
      return upper2 ? std::nullopt : std::optional(ViolationKind::BadRegion);
    }
    case FieldKind::Datetime:
      if (!state::parse_iso8601(text)) return ViolationKind::BadDatetime;
      return std::nullopt;
    case FieldKind::Url:
      if (!v.IsString()) return ViolationKind::WrongType;
      return check_string(text, f);
    default:
      return check_string(text, f);
  }
}

std::string join(std::span<const std::string_view> set) {
  std::string out;
  for (std::size_t i = 0; i < set.size(); ++i) {
    if (i) out += ", ";
    out += set[i];
  }
  return out;
}

}  // namespace

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::optional<Violation> validate_fields(JsonPaths& body, std::span<const FieldSpec> fields) {
  // The objects found so far, by row: a linked row finds its field in its parent's value.
  constexpr std::size_t kMaxLinkedRows = 64;
  std::array<const rapidjson::Value*, kMaxLinkedRows> objects{};
  for (std::size_t row = 0; row < fields.size(); ++row) {
    const FieldSpec& f = fields[row];
    const bool linked = f.parent_row != FieldSpec::kUnlinked && row < kMaxLinkedRows;
    const rapidjson::Value* parent = nullptr;
    const rapidjson::Value* v = nullptr;
    if (linked) {
      parent = f.parent_row == FieldSpec::kTopLevel ? &body.root() : objects[static_cast<std::size_t>(f.parent_row)];
      if (parent) v = member_of(*parent, f.leaf);
    } else {
      const JsonPaths::Located found = body.locate(f.path);  // a table built without links
      parent = found.parent;
      v = found.value;
    }
    if (!parent) continue;  // optional parent absent: nothing to check
    if (linked && v && v->IsObject()) objects[row] = v;
    if (!is_present(v)) {
      if (required_here(body, f)) return Violation{std::string(f.path), ViolationKind::Missing, &f, {}};
      continue;
    }
    if (auto kind = check_value(*v, f)) return Violation{std::string(f.path), *kind, &f, {}};
    if (f.kind == FieldKind::ObjectArray && !f.items.empty()) {
      const auto array = v->GetArray();
      for (rapidjson::SizeType i = 0; i < array.Size(); ++i)
        if (auto in_item = validate_fields(array[i], f.items)) {
          in_item->path = std::string(f.path) + "[" + std::to_string(i) + "]." + in_item->path;
          return in_item;
        }
    }
    if (f.kind == FieldKind::Url)  // after the length check; the one URL check every way in shares
      if (auto problem = notify_url_problem(std::string_view(v->GetString(), v->GetStringLength())); !problem.empty())
        return Violation{std::string(f.path), ViolationKind::BadUrl, &f, std::move(problem)};
  }
  return std::nullopt;
}

std::optional<Violation> validate_fields(const rapidjson::Value& body, std::span<const FieldSpec> fields) {
  JsonPaths paths(body);
  return validate_fields(paths, fields);
}

std::string describe(const Violation& v) {
  const FieldSpec* f = v.spec;
  switch (v.kind) {
    case ViolationKind::Missing:
      if (f && f->presence == Presence::RequiredUnless)
        return "The required parameter " + v.path + " (or " + std::string(f->when_field) + ") is missing.";
      if (f && f->presence == Presence::RequiredWhen)
        return "The parameter " + v.path + " is required when " + std::string(f->when_field) + " is " +
               join(f->when_values) + ".";
      return "The required parameter " + v.path + " is missing.";
    case ViolationKind::WrongType:
      return "The parameter " + v.path + " must be of type " + std::string(f ? to_string(f->kind) : "String") + ".";
    case ViolationKind::TooLong:
      return "The length of the parameter " + v.path + " exceeds the maximum of " +
             std::to_string(f ? (f->item_max_len ? f->item_max_len : f->max_len) : 0) + " characters.";
    case ViolationKind::TooManyItems:
      return "The parameter " + v.path + " has more than " + std::to_string(f ? f->max_len : 0) + " items.";
    case ViolationKind::NotAllowed:
      return "The value of the parameter " + v.path + " is not allowed; expected one of: " +
             (f ? join(f->allowed) : std::string{}) + ".";
    case ViolationKind::BadAmount:
      return "The parameter " + v.path + " must be a positive integer in the smallest currency unit.";
    case ViolationKind::BadCurrency:
      return "The parameter " + v.path + " must be an ISO 4217 currency code.";
    case ViolationKind::BadRegion:
      return "The parameter " + v.path + " must be an ISO 3166 alpha-2 country or region code.";
    case ViolationKind::BadDatetime:
      return "The parameter " + v.path + " must be an ISO 8601 datetime with an offset.";
    case ViolationKind::BadUrl:
      return "The parameter " + v.path + " " + v.detail + ".";
  }
  return "Illegal parameter " + v.path + ".";
}

}  // namespace antom::server
