#include "scenarios/activation.hpp"

#include "scenarios/loader.hpp"

namespace antom::scenarios {
namespace {

bool name_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }
bool arg_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         c == '.';
}

// Reads NAME[/ARG] at the start of `text`; `whole` demands nothing follows.
std::optional<ScenarioRef> read_ref(std::string_view text, bool whole) {
  std::size_t i = 0;
  while (i < text.size() && name_char(text[i])) ++i;
  ScenarioRef ref{std::string(text.substr(0, i)), {}};
  if (i < text.size() && text[i] == '/') {
    std::size_t start = ++i;
    while (i < text.size() && arg_char(text[i])) ++i;
    ref.arg = std::string(text.substr(start, i - start));
    if (ref.arg.empty()) return std::nullopt;
  }
  if (whole && i != text.size()) return std::nullopt;
  // A trailing '-' belongs to the surrounding id ("sim:pay-errors-" is unusual but harmless).
  while (!ref.name.empty() && ref.name.back() == '-' && ref.arg.empty() && !whole) ref.name.pop_back();
  if (!is_valid_scenario_name(ref.name)) return std::nullopt;
  return ref;
}

}  // namespace

std::optional<ScenarioRef> parse_scenario_ref(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return read_ref(text, true);
}

std::optional<ScenarioRef> find_directive(std::string_view text) {
  for (std::size_t pos = text.find("sim:"); pos != std::string_view::npos; pos = text.find("sim:", pos + 1)) {
    if (auto ref = read_ref(text.substr(pos + 4), false)) return ref;
  }
  return std::nullopt;
}

}  // namespace antom::scenarios
