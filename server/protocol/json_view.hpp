#pragma once
// Reading request JSON the way Antom's docs describe it: every scalar may arrive as a string or
// as a number/boolean, and JSON null means absent.
#include <rapidjson/document.h>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace antom::server {

// The member `key` of an object, or nullptr when absent, null, or `object` is not an object.
[[nodiscard]] const rapidjson::Value* member_of(const rapidjson::Value& object, std::string_view key);
// The value at a dotted path ("paymentAmount.value"), or nullptr when absent or null.
[[nodiscard]] const rapidjson::Value* lookup(const rapidjson::Value& root, std::string_view dotted_path);
// Looks dotted paths up in one parsed body, remembering the objects on the way: the rows of a
// field table and the scenario engine's fields share parents ("order.buyer.*"), so each parent is
// found once per request instead of once per row. Parents are remembered by copy (up to 16, each
// up to 64 characters; longer ones are looked up every time), so paths may be temporaries.
class JsonPaths {
 public:
  explicit JsonPaths(const rapidjson::Value& root) : root_(root) {}
  JsonPaths(const JsonPaths&) = delete;
  JsonPaths& operator=(const JsonPaths&) = delete;

  // As lookup(): nullptr when absent or null.
  [[nodiscard]] const rapidjson::Value* find(std::string_view dotted_path);
  // The value and the object holding it: `parent` is nullptr when the path's parent is absent,
  // null or not an object (the root for a top-level name).
  struct Located {
    const rapidjson::Value* parent;
    const rapidjson::Value* value;
  };
  [[nodiscard]] Located locate(std::string_view dotted_path);
  // As text_at().
  [[nodiscard]] std::string text(std::string_view dotted_path);
  [[nodiscard]] const rapidjson::Value& root() const { return root_; }

 private:
  static constexpr std::size_t kMaxRemembered = 16, kMaxPathLength = 64;
  struct Remembered {
    std::array<char, kMaxPathLength> path;
    std::uint8_t length;
    const rapidjson::Value* value;  // nullptr: absent
  };
  const rapidjson::Value* parent(std::string_view path);

  const rapidjson::Value& root_;
  std::array<Remembered, kMaxRemembered> remembered_;
  std::size_t count_ = 0;
};

// String, number or boolean as text ("100", "true"); nullopt for objects, arrays and null.
[[nodiscard]] std::optional<std::string> scalar_text(const rapidjson::Value& v);
// Text at a path; empty when absent or not a scalar.
[[nodiscard]] std::string text_at(const rapidjson::Value& root, std::string_view dotted_path);
[[nodiscard]] bool bool_at(const rapidjson::Value& root, std::string_view dotted_path, bool fallback = false);
[[nodiscard]] std::vector<std::string> strings_at(const rapidjson::Value& root, std::string_view dotted_path);
// The JSON text of the value at a path ("" when absent): for idempotency fingerprints.
[[nodiscard]] std::string json_at(const rapidjson::Value& root, std::string_view dotted_path);

}  // namespace antom::server
