#pragma once
// Scenario faults on one notification, as a typed value: the scenario loader parses a file's names
// ("DROP", "DELAY:5000") into it once; the outbox, the sender and the pipeline read its members, so
// a misspelt fault in code does not compile. Antom never does these on purpose; they exercise a
// merchant's notification handler.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "state/time.hpp"

namespace antom::state {

struct NotifyFaults {
  bool drop = false;                        // DROP: never sent, journaled as dropped
  std::optional<Millis> delay;              // DELAY:<ms>: the first attempt this much later (virtual time)
  int duplicates = 0;                       // DUPLICATE[:<n>]: n identical copies follow the original
  bool change_status_on_duplicate = false;  // CHANGE_STATUS_ON_DUPLICATE: a copy reports the opposite outcome
  bool reorder = false;                     // REORDER: held until the merchant's next notification is queued
  bool before_response = false;             // BEFORE_RESPONSE: attempted before the API answer is written
  bool bad_signature = false;               // BAD_SIGNATURE: signed over a body the merchant never receives
  bool unknown_key_version = false;         // UNKNOWN_KEY_VERSION: the signature names key version 99

  bool operator==(const NotifyFaults&) const = default;
  [[nodiscard]] bool any() const { return *this != NotifyFaults{}; }
};

inline constexpr int kMaxDuplicates = 100;        // a scenario typo must not flood the merchant
inline constexpr Millis kMaxFaultDelay{7LL * 24 * 3600 * 1000};

// Adds the fault a scenario file names; false (and `faults` unchanged) when the name is unknown or
// its number is missing, not positive or out of range.
[[nodiscard]] bool add_notify_fault(NotifyFaults& faults, std::string_view text);
// The names a scenario file accepts, for error messages ("DROP, DELAY:<ms>, ...").
[[nodiscard]] std::string_view notify_fault_syntax();
// The faults as a scenario file names them, in a fixed order (journal, control API).
[[nodiscard]] std::vector<std::string> fault_names(const NotifyFaults& faults);

}  // namespace antom::state
