#pragma once
// Typed reads from a RapidJSON object that remember where they are, so every refusal names the
// field ("match.fields[1].min"). Internal to the scenario loader.
#include <rapidjson/document.h>

#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace antom::scenarios::detail {

class Reader {
 public:
  Reader(const rapidjson::Value& object, std::string prefix) : obj_(object), prefix_(std::move(prefix)) {}

  // The first error seen (path and message); empty while all is well.
  [[nodiscard]] const std::string& error_field() const { return *error_field_; }
  [[nodiscard]] const std::string& error_message() const { return *error_message_; }
  [[nodiscard]] bool failed() const { return !error_message_->empty(); }

  // Refuses keys outside `allowed` (typos must not silently disable a rule).
  void only_keys(std::initializer_list<std::string_view> allowed);

  [[nodiscard]] bool has(std::string_view key) const;
  [[nodiscard]] std::optional<std::string> string(std::string_view key, bool required = false);
  // A string or an array of strings (at least one).
  [[nodiscard]] std::vector<std::string> strings(std::string_view key);
  [[nodiscard]] std::optional<double> number(std::string_view key);  // number or numeric string
  [[nodiscard]] std::optional<long long> integer(std::string_view key, long long min, long long max);
  [[nodiscard]] std::optional<bool> boolean(std::string_view key);
  // A nested object; nullptr when absent (or wrong type, which is recorded).
  [[nodiscard]] const rapidjson::Value* object(std::string_view key, bool required = false);
  [[nodiscard]] const rapidjson::Value* array(std::string_view key, bool required = false);

  [[nodiscard]] std::string path(std::string_view key) const;
  void fail(std::string field, std::string message);

  // A reader for a nested object that reports into the same error slot.
  [[nodiscard]] Reader child(const rapidjson::Value& object, std::string prefix) const;

 private:
  Reader(const rapidjson::Value& object, std::string prefix, std::shared_ptr<std::string> field,
         std::shared_ptr<std::string> message)
      : obj_(object), prefix_(std::move(prefix)), error_field_(std::move(field)), error_message_(std::move(message)) {}
  [[nodiscard]] const rapidjson::Value* find(std::string_view key) const;

  const rapidjson::Value& obj_;
  std::string prefix_;
  std::shared_ptr<std::string> error_field_ = std::make_shared<std::string>();
  std::shared_ptr<std::string> error_message_ = std::make_shared<std::string>();
};

}  // namespace antom::scenarios::detail
