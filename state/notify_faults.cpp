#include "state/notify_faults.hpp"

#include <charconv>

namespace antom::state {
namespace {

// The number after "NAME:" within [1, max]; nullopt when the text is not that.
std::optional<long long> number_after(std::string_view text, std::string_view name, long long max) {
  if (text.size() <= name.size() + 1 || !text.starts_with(name) || text[name.size()] != ':') return std::nullopt;
  const std::string_view digits = text.substr(name.size() + 1);
  long long v = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc{} || ptr != digits.data() + digits.size() || v < 1 || v > max) return std::nullopt;
  return v;
}

}  // namespace

bool add_notify_fault(NotifyFaults& faults, std::string_view text) {
  struct Flag {
    std::string_view name;
    bool NotifyFaults::*member;
  };
  static constexpr Flag kFlags[] = {{"DROP", &NotifyFaults::drop},
                                    {"CHANGE_STATUS_ON_DUPLICATE", &NotifyFaults::change_status_on_duplicate},
                                    {"REORDER", &NotifyFaults::reorder},
                                    {"BEFORE_RESPONSE", &NotifyFaults::before_response},
                                    {"BAD_SIGNATURE", &NotifyFaults::bad_signature},
                                    {"UNKNOWN_KEY_VERSION", &NotifyFaults::unknown_key_version}};
  for (const auto& flag : kFlags)
    if (text == flag.name) {
      faults.*flag.member = true;
      return true;
    }
  if (text == "DUPLICATE") {
    faults.duplicates = 1;
    return true;
  }
  if (auto n = number_after(text, "DUPLICATE", kMaxDuplicates)) {
    faults.duplicates = static_cast<int>(*n);
    return true;
  }
  if (auto ms = number_after(text, "DELAY", kMaxFaultDelay.count())) {
    faults.delay = Millis(*ms);
    return true;
  }
  return false;
}

std::string_view notify_fault_syntax() {
  return "DROP, DELAY:<ms>, DUPLICATE, DUPLICATE:<1-100>, CHANGE_STATUS_ON_DUPLICATE, REORDER, BEFORE_RESPONSE, "
         "BAD_SIGNATURE, UNKNOWN_KEY_VERSION";
}

std::vector<std::string> fault_names(const NotifyFaults& f) {
  std::vector<std::string> out;
  if (f.drop) out.emplace_back("DROP");
  if (f.delay) out.push_back("DELAY:" + std::to_string(f.delay->count()));
  if (f.duplicates == 1) out.emplace_back("DUPLICATE");
  if (f.duplicates > 1) out.push_back("DUPLICATE:" + std::to_string(f.duplicates));
  if (f.change_status_on_duplicate) out.emplace_back("CHANGE_STATUS_ON_DUPLICATE");
  if (f.reorder) out.emplace_back("REORDER");
  if (f.before_response) out.emplace_back("BEFORE_RESPONSE");
  if (f.bad_signature) out.emplace_back("BAD_SIGNATURE");
  if (f.unknown_key_version) out.emplace_back("UNKNOWN_KEY_VERSION");
  return out;
}

}  // namespace antom::state
