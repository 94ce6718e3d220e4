#include "scenarios/loader.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <fstream>
#include <set>
#include <sstream>

#include "scenarios/json_duplicates.hpp"
#include "scenarios/json_reader.hpp"
#include "scenarios/rule_parser.hpp"

namespace antom::scenarios {
namespace {

constexpr std::array<std::string_view, 10> kOperations = {
    "consult", "applyToken",    "revoke", "pay",     "inquiryPayment",
    "cancel",  "inquiryRefund", "refund", "declare", "inquiryDeclarationRequests"};

bool all_digits(std::string_view s) {
  return !s.empty() && s.size() <= 16 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string located(std::string_view origin, std::string_view rule, std::size_t rule_index, const std::string& field,
                    const std::string& message) {
  std::string out(origin);
  if (!rule.empty() || rule_index != std::string::npos) {
    out += ": rule '" + std::string(rule) + "'";
    if (rule_index != std::string::npos) out += " (#" + std::to_string(rule_index + 1) + ")";
  }
  out += ": field '" + field + "': " + message;
  return out;
}

std::string read_file(const std::filesystem::path& path, std::string& error) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    error = path.string() + ": cannot read: " + ec.message();
    return {};
  }
  if (size > kMaxScenarioBytes) {
    error = path.string() + ": larger than " + std::to_string(kMaxScenarioBytes) + " bytes";
    return {};
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) error = path.string() + ": cannot read";
  return text.str();
}

}  // namespace

bool is_known_operation(std::string_view name) {
  return std::find(kOperations.begin(), kOperations.end(), name) != kOperations.end();
}

bool is_valid_scenario_name(std::string_view name) {
  if (name.empty() || name.size() > 48 || name.front() == '-') return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

ParsedScenario parse_scenario(std::string_view json_text, std::string_view origin) {
  ParsedScenario out;
  if (json_text.size() > kMaxScenarioBytes) {
    out.error = std::string(origin) + ": larger than " + std::to_string(kMaxScenarioBytes) + " bytes";
    return out;
  }
  rapidjson::Document doc;
  // Iterative: a scenario arrives by PUT /_sim/scenarios, and 256 KB of brackets would exhaust the
  // stack of the recursive parser.
  doc.Parse<rapidjson::kParseStopWhenDoneFlag | rapidjson::kParseIterativeFlag>(json_text.data(), json_text.size());
  if (doc.HasParseError()) {
    out.error = std::string(origin) + ": not valid JSON at offset " + std::to_string(doc.GetErrorOffset()) + ": " +
                rapidjson::GetParseError_En(doc.GetParseError());
    return out;
  }
  keep_last_members(doc);  // as in request bodies
  if (!doc.IsObject()) {
    out.error = std::string(origin) + ": field '': a scenario file must be a JSON object";
    return out;
  }
  detail::Reader top(doc, "");
  top.only_keys({"name", "description", "rules", "magic", "expect"});
  Scenario& s = out.scenario;
  s.name = top.string("name", true).value_or("");
  if (!top.failed() && !is_valid_scenario_name(s.name)) top.fail("name", "must be 1-48 of [a-z0-9-]");
  s.description = top.string("description", true).value_or("");
  if (!top.failed() && s.description.empty()) top.fail("description", "must not be empty");
  if (const auto* magic = top.object("magic")) {
    detail::Reader mr = top.child(*magic, "magic");
    mr.only_keys({"amounts"});
    s.magic_amounts = mr.strings("amounts");
    for (const auto& a : s.magic_amounts)
      if (!all_digits(a)) mr.fail("magic.amounts", "'" + a + "' is not an amount value (digits, minor units)");
  }
  if (const auto* expect = top.array("expect")) {
    for (rapidjson::SizeType i = 0; i < expect->Size(); ++i)
      if (!(*expect)[i].IsObject()) top.fail("expect[" + std::to_string(i) + "]", "must be an object");
  }
  if (top.failed()) {
    out.error = located(origin, "", std::string::npos, top.error_field(), top.error_message());
    return out;
  }
  const auto* rules = top.array("rules", true);
  if (!rules || rules->Empty() || rules->Size() > kMaxRules) {
    out.error = located(origin, "", std::string::npos, "rules",
                        top.failed() ? top.error_message()
                                     : "needs 1 to " + std::to_string(kMaxRules) + " rules");
    return out;
  }
  // A transport fault (reset, stall, truncated or malformed body) is never selected by an amount
  // alone: a merchant charging that amount in production would get failures Antom never produces.
  const bool has_magic = !s.magic_amounts.empty();
  std::set<std::string, std::less<>> rule_names;
  for (rapidjson::SizeType i = 0; i < rules->Size(); ++i) {
    const auto& v = (*rules)[i];
    std::string at = "rules[" + std::to_string(i) + "]";
    std::string name = v.IsObject() && v.HasMember("name") && v["name"].IsString() ? v["name"].GetString() : "";
    if (!v.IsObject()) {
      out.error = located(origin, name, i, at, "must be an object");
      return out;
    }
    detail::Reader rr = top.child(v, at);
    Rule rule = detail::parse_rule(rr);
    if (!rr.failed() && !rule_names.insert(rule.name).second) rr.fail(at + ".name", "is used by an earlier rule");
    if (!rr.failed() && has_magic && is_transport_fault(rule.effect.http_fault))
      rr.fail(at + ".effect.http_fault",
              "a transport fault cannot be selected by magic.amounts; activate it by header, directive or /_sim/");
    if (rr.failed()) {
      out.error = located(origin, name, i, rr.error_field(), rr.error_message());
      return out;
    }
    s.rules.push_back(std::move(rule));
  }
  s.source = std::string(json_text);
  s.origin = std::string(origin);
  return out;
}

namespace {

// One group of sources (the built-in catalog, or one directory): a name appears once within a
// group; a later group overrides a same-named scenario of an earlier one (e.g. the catalog's).
bool add_source(ParsedDirectory& out, std::set<std::string, std::less<>>& group_names, std::string_view text,
                const std::string& origin) {
  auto parsed = parse_scenario(text, origin);
  if (!parsed.ok()) {
    out = {{}, parsed.error};
    return false;
  }
  if (!group_names.insert(parsed.scenario.name).second) {
    out = {{}, origin + ": field 'name': scenario '" + parsed.scenario.name + "' is already defined"};
    return false;
  }
  std::erase_if(out.scenarios, [&](const Scenario& s) { return s.name == parsed.scenario.name; });
  out.scenarios.push_back(std::move(parsed.scenario));
  return true;
}

}  // namespace

ParsedDirectory parse_catalog(std::span<const EmbeddedFile> built_in, const std::vector<std::filesystem::path>& dirs) {
  ParsedDirectory out;
  std::set<std::string, std::less<>> built_in_names;
  for (const auto& file : built_in)
    if (!add_source(out, built_in_names, file.text, std::string(kBuiltInOrigin) + std::string(file.name))) return out;
  for (const auto& dir : dirs) {
    std::set<std::string, std::less<>> names;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
      out = {{}, dir.string() + ": not a directory"};
      return out;
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
      if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
    if (ec) {
      out = {{}, dir.string() + ": cannot list: " + ec.message()};
      return out;
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      std::string error;
      std::string text = read_file(file, error);
      if (!error.empty()) {
        out = {{}, error};
        return out;
      }
      if (!add_source(out, names, text, file.string())) return out;
    }
  }
  return out;
}

ParsedDirectory parse_directories(const std::vector<std::filesystem::path>& dirs) { return parse_catalog({}, dirs); }

}  // namespace antom::scenarios
