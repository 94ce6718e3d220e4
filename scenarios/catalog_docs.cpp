#include "scenarios/catalog_docs.hpp"

#include <set>

namespace antom::scenarios {
namespace {

std::string escape_cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

std::string operations_of(const Scenario& s) {
  std::set<std::string> ops;
  for (const auto& r : s.rules) {
    if (r.match.operations.empty()) return "any";
    ops.insert(r.match.operations.begin(), r.match.operations.end());
  }
  std::string out;
  for (const auto& op : ops) out += (out.empty() ? "" : ", ") + op;
  return out;
}

bool uses_args(const Scenario& s) {
  for (const auto& r : s.rules)
    if (!r.match.args.empty()) return true;
  return false;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : std::string(sep)) + i;
  return out;
}

}  // namespace

std::string render_catalog_markdown(const std::vector<std::shared_ptr<const Scenario>>& scenarios) {
  std::string md;
  md += "<!-- Generated from scenarios/catalog/*.json by scripts/gen-docs; do not edit. -->\n";
  md += "## Scenario catalog\n\n";
  md += std::to_string(scenarios.size()) +
        " ready scenarios. Select one per request with `sim:NAME` in a free-form field, the header "
        "`x-sim-scenario: NAME`, a magic amount, or per merchant / globally with "
        "`POST /_sim/scenarios/NAME/activate`. `GET /_sim/scenarios` lists the same.\n\n";
  md += "| Scenario | Operations | Per request | Magic amount | What happens |\n";
  md += "|---|---|---|---|---|\n";
  for (const auto& s : scenarios) {
    std::string per_request = "`sim:" + s->name + (uses_args(*s) ? "/<CODE>`" : "`");
    std::string amounts;
    for (const auto& a : s->magic_amounts) amounts += (amounts.empty() ? "" : ", ") + ("`" + a + "`");
    md += "| `" + s->name + "` | " + operations_of(*s) + " | " + per_request + " | " + (amounts.empty() ? "-" : amounts) +
          " | " + escape_cell(s->description) + " |\n";
  }
  md += "\n### Result codes per operation (argument of the `*-errors` scenarios)\n\n";
  md += "| Scenario | `<CODE>` values |\n|---|---|\n";
  for (const auto& s : scenarios) {
    if (!uses_args(*s)) continue;
    std::vector<std::string> args;
    for (const auto& r : s->rules)
      for (const auto& a : r.match.args) args.push_back("`" + a + "`");
    md += "| `" + s->name + "` | " + join(args, ", ") + " |\n";
  }
  return md;
}

}  // namespace antom::scenarios
