// Antom's facts, written down once in tests/facts/*.tsv from Antom's pages, against the code's own
// tables: every request field of every operation, every result code (status and the operations
// that return it) and the notification resend schedule, compared row by row in both directions.
// The validator's tests derive limits from the tables they check; these do not, so a wrong number
// in a table fails here, naming the field and both values.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "scenarios/engine.hpp"
#include "server/notify/notification_message.hpp"
#include "server/notify/retry_schedule.hpp"
#include "server/protocol/operations.hpp"
#include "state/result_code.hpp"

using namespace antom;
using namespace antom::server;

namespace {

using Row = std::map<std::string, std::string>;

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, sep)) out.push_back(cur);
  if (!s.empty() && s.back() == sep) out.emplace_back();
  return out;
}

// A facts file: '#' lines are comments, the first other line names the columns.
std::vector<Row> read_facts(const std::string& name) {
  std::ifstream in(std::string(ANTOM_FACTS_DIR) + "/" + name);
  REQUIRE_MESSAGE(in, "cannot open tests/facts/", name);
  std::vector<std::string> columns;
  std::vector<Row> rows;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    auto cells = split(line, '\t');
    if (columns.empty()) {
      columns = cells;
      continue;
    }
    REQUIRE_MESSAGE(cells.size() == columns.size(), name, " line ", number, " has ", cells.size(), " cells, expected ",
                    columns.size());
    Row row;
    for (std::size_t i = 0; i < columns.size(); ++i) row[columns[i]] = cells[i];
    REQUIRE_MESSAGE(!row["source"].empty(), name, " line ", number, " names no source");
    REQUIRE_MESSAGE(row["source"].find("http") != std::string::npos, name, " line ", number, " source is not a URL");
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string join(std::span<const std::string_view> items, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? std::string(sep) : "") + std::string(items[i]);
  return out;
}

std::string join(const std::set<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ",") + s;
  return out;
}

// The field table's row in the facts file's terms (Antom's type names; the format a String carries).
Row describe(const FieldSpec& f) {
  static const std::map<std::string, std::pair<std::string, std::string>, std::less<>> kTypes = {
      {"String", {"String", ""}},
      {"Currency", {"String", "ISO 4217"}},
      {"Region", {"String", "ISO 3166-1 alpha-2"}},
      {"Amount value", {"Integer", "minor units"}},
      {"Boolean", {"Boolean", ""}},
      {"Datetime", {"Datetime", "ISO 8601"}},
      {"Object", {"Object", ""}},
      {"Array<String>", {"Array<String>", ""}},
      {"Array<Object>", {"Array<Object>", ""}},
  };
  Row r;
  const auto kind = to_string(f.kind);
  const auto type = kTypes.find(kind);
  r["type"] = type == kTypes.end() ? std::string(kind) : type->second.first;
  r["format"] = type == kTypes.end() ? "" : type->second.second;
  r["condition"] = "";
  switch (f.presence) {
    case Presence::Optional: r["presence"] = "optional"; break;
    case Presence::Required: r["presence"] = "required"; break;
    case Presence::RequiredWhen:
      r["presence"] = "conditional";
      r["condition"] = std::string(f.when_field) + "=" + join(f.when_values, "|");
      break;
    case Presence::RequiredUnless:
      r["presence"] = "one-of";
      r["condition"] = std::string(f.when_field);
      break;
  }
  r["max"] = f.max_len ? std::to_string(f.max_len) : "";
  r["item_max"] = f.item_max_len ? std::to_string(f.item_max_len) : "";
  r["allowed"] = join(f.allowed, "|");
  return r;
}

constexpr const char* kCompared[] = {"type", "format", "presence", "condition", "max", "item_max", "allowed"};
constexpr std::string_view kAck = "notificationAck";

std::set<std::string> operation_names() {
  std::set<std::string> out;
  for (const auto& op : all_operations()) out.emplace(op.name);
  return out;
}

}  // namespace

TEST_CASE("facts: every request field agrees with Antom's pages, both ways, attribute by attribute") {
  const auto facts = read_facts("antom_fields.tsv");
  std::map<std::pair<std::string, std::string>, Row> by_field;
  for (const auto& row : facts) {
    const auto key = std::pair(row.at("operation"), row.at("field"));
    CHECK_MESSAGE(by_field.emplace(key, row).second, "facts list ", key.first, " ", key.second, " twice");
  }
  const auto ops = operation_names();
  std::size_t compared = 0;
  std::set<std::pair<std::string, std::string>> in_code;
  for (const auto& op : all_operations()) {
    for_each_row(op.fields, [&](const FieldSpec& f, const std::string& path) {
      in_code.emplace(std::string(op.name), path);
      const auto it = by_field.find({std::string(op.name), path});
      if (it == by_field.end()) {
        FAIL_CHECK(op.name << " " << path << ": in the field table, missing from tests/facts/antom_fields.tsv");
        return;
      }
      const auto code = describe(f);
      for (const char* attr : kCompared)
        if (code.at(attr) != it->second.at(attr))
          FAIL_CHECK(op.name << " " << path << ": " << std::string(attr) << " is '" << code.at(attr) << "' in the field table, '"
                             << it->second.at(attr) << "' in Antom's facts (" << it->second.at("source") << ")");
      ++compared;
    });
  }
  for (const auto& [key, row] : by_field) {
    if (key.first == kAck) continue;
    if (!ops.contains(key.first)) {
      FAIL_CHECK(key.first << " " << key.second << ": the facts name an operation antom-sim does not implement");
      continue;
    }
    const bool found = in_code.contains(key);
    if (!found) FAIL_CHECK(key.first << " " << key.second << ": in Antom's facts (" << row.at("source") << "), missing from the field table");
  }
  CHECK(compared >= 100);  // the facts cover the ten operations, not a sample
}

TEST_CASE("facts: only the documented acknowledgement acknowledges, field by field") {
  std::vector<Row> ack;
  for (auto& row : read_facts("antom_fields.tsv"))
    if (row.at("operation") == kAck) ack.push_back(std::move(row));
  REQUIRE(ack.size() >= 3);
  // The smallest body the facts allow: every required field, strings with their one allowed value.
  auto body_without = [&](const std::string& skip, const std::string& field, const std::string& value) {
    std::string inner;
    for (const auto& row : ack) {
      const auto& path = row.at("field");
      if (row.at("type") == "Object" || path == skip || row.at("presence") != "required") continue;
      const auto leaf = path.substr(path.rfind('.') + 1);
      const auto v = path == field ? value : "\"" + row.at("allowed") + "\"";
      inner += (inner.empty() ? "" : ",") + ("\"" + leaf + "\":" + v);
    }
    return skip == "result" ? std::string("{}") : R"({"result":{)" + inner + "}}";
  };
  const auto minimal = body_without("", "", "");
  CHECK_MESSAGE(judge_acknowledgement(200, minimal).acknowledged, minimal);
  for (const auto& row : ack) {
    const auto& path = row.at("field");
    CAPTURE(path);
    if (row.at("presence") == "required") {
      const auto body = body_without(path, "", "");
      CHECK_FALSE_MESSAGE(judge_acknowledgement(200, body).acknowledged, "acknowledged without ", path, ": ", body);
    }
    const auto& allowed = row.at("allowed");
    if (allowed.empty()) continue;
    std::string lower = allowed;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const std::string& bad : {"\"" + lower + "\"", std::string("\"\""), std::string("\"U\""), std::string("\"F\""),
                                  std::string("\"FAIL\""), std::string("\"" + allowed + " \""), std::string("null"),
                                  std::string("1"), std::string("[\"" + allowed + "\"]")}) {
      const auto body = body_without("", path, bad);
      CHECK_FALSE_MESSAGE(judge_acknowledgement(200, body).acknowledged, path, " = ", bad, " acknowledged: ", body);
    }
  }
}

TEST_CASE("facts: every result code's status and the operations that return it agree with Antom's pages") {
  const auto facts = read_facts("antom_result_codes.tsv");
  const auto ops = operation_names();
  // What the code says each operation returns: its <operation>-errors scenario forces every code its
  // Antom table lists (the README and the Dashboard-like error simulation read the same catalog).
  scenarios::Engine catalog;
  REQUIRE(catalog.load_directories({ANTOM_CATALOG_DIR}).ok());
  std::map<std::string, std::set<std::string>> code_ops;
  for (const auto& op : ops) code_ops["SUCCESS"].insert(op);
  for (const auto& s : catalog.list()) {
    if (!s->name.ends_with("-errors")) continue;
    for (const auto& rule : s->rules)
      for (const auto& op : rule.match.operations) code_ops[rule.name].insert(op);
  }
  std::set<std::string> in_facts;
  for (const auto& row : facts) {
    const auto& name = row.at("code");
    CAPTURE(name);
    CHECK_MESSAGE(in_facts.insert(name).second, name, " is listed twice");
    const auto code = state::parse_result_code(name);
    if (!code) {
      FAIL_CHECK(name << ": in Antom's facts (" << row.at("source") << "), missing from state/result_code.hpp");
      continue;
    }
    const auto status = std::string(state::to_string(state::status_of(*code)));
    if (status != row.at("status"))
      FAIL_CHECK(name << ": resultStatus is " << status << " in state/result_code.hpp, " << row.at("status")
                      << " in Antom's facts (" << row.at("source") << ")");
    std::set<std::string> expected;
    if (row.at("operations") == "all") {
      expected = ops;
    } else {
      for (const auto& op : split(row.at("operations"), ',')) {
        CHECK_MESSAGE(ops.contains(op), name, ": unknown operation ", op, " in the facts");
        expected.insert(op);
      }
    }
    const auto& actual = code_ops[name];
    if (actual != expected)
      FAIL_CHECK(name << ": returned by {" << join(actual) << "} in the catalog's *-errors scenarios, by {"
                      << join(expected) << "} in Antom's facts (" << row.at("source") << ")");
  }
  for (const auto& info : state::all_result_codes())
    if (!in_facts.contains(std::string(info.name)))
      FAIL_CHECK(info.name << ": in state/result_code.hpp, missing from tests/facts/antom_result_codes.tsv");
  for (const auto& [name, returned_by] : code_ops)
    if (!in_facts.contains(name)) FAIL_CHECK(name << ": forced by the catalog for {" << join(returned_by) << "}, not in the facts");
  CHECK(in_facts.size() == state::all_result_codes().size());
}

TEST_CASE("facts: the resend schedules agree with Antom's pages") {
  const auto facts = read_facts("antom_retry_schedule.tsv");
  std::map<std::string, std::vector<std::chrono::milliseconds>> documented{{"production", {}}, {"sandbox", {}}};
  for (const auto& row : facts) {
    auto& gaps = documented[row.at("environment")];
    CHECK_MESSAGE(row.at("resend") == std::to_string(gaps.size() + 1), "resends are numbered in order: ", row.at("resend"));
    gaps.push_back(std::chrono::seconds(std::stoll(row.at("gap_seconds"))));
  }
  REQUIRE(documented.size() == 2);
  auto show = [](const std::vector<std::chrono::milliseconds>& gaps) {
    std::string out;
    for (auto g : gaps) out += (out.empty() ? "" : ",") + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(g).count());
    return "[" + out + "]";
  };
  const auto production = production_schedule().retry_intervals;
  CHECK_MESSAGE(production == documented["production"], "production resend gaps (s): code ", show(production), ", Antom ",
                show(documented["production"]));
  const auto sandbox = sandbox_schedule().retry_intervals;
  CHECK_MESSAGE(sandbox == documented["sandbox"], "sandbox resend gaps (s): code ", show(sandbox), ", Antom ", show(documented["sandbox"]));
  CHECK(documented["production"].size() == 8);
}
