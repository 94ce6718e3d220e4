#pragma once
// The scenario engine's answer for one request: what state should do (a Directive) and what the
// edge should do around it (latency, HTTP faults). Data only.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "state/directive.hpp"
#include "state/time.hpp"

namespace antom::scenarios {

enum class HttpFault {
  None,
  ResetBeforeCommit,   // close the connection; state untouched
  ResetAfterCommit,    // state changed, then close without answering
  StallBeforeCommit,   // hold the connection open without answering; state untouched
  StallAfterCommit,    // state changed, then hold the connection without answering
  Http500,
  Http502,
  Http503,
  TruncatedBody,       // state changed; half the body, then close
  MalformedBody,       // state changed; a body that is not JSON
  MissingSignature,    // state changed; no signature header
  WrongSignature,      // state changed; a signature over other content
};

[[nodiscard]] std::string_view to_string(HttpFault fault);
[[nodiscard]] std::optional<HttpFault> parse_http_fault(std::string_view name);
// Reset, stall, truncated or malformed body: faults of the connection itself, which only an
// explicit activation may select (never a magic amount alone).
[[nodiscard]] bool is_transport_fault(HttpFault fault);

struct Plan {
  std::string scenario;  // matched scenario ("" = none)
  std::string rule;      // matched rule within it
  state::Directive directive;
  std::chrono::milliseconds latency{0};
  HttpFault http_fault = HttpFault::None;
  std::chrono::milliseconds stall{std::chrono::seconds(30)};
  std::string source;   // how the scenario was selected: header, directive, amount, merchant, global
  std::string warning;  // e.g. an unknown scenario named in x-sim-scenario ("" = none); the edge may
                        // echo it in an x-sim-warning header
};

// What the engine may look at. `field` reads a request field by dotted path ("paymentAmount.value")
// as text; it returns nullopt when absent. The text stays valid until the next call (a number's
// text may live in the caller's scratch buffer), so a caller keeps a copy if it needs one longer.
struct PlanInput {
  std::string_view operation;        // "pay", "consult", ...
  std::string_view client_id;        // registered merchant id
  std::string_view wallet;           // customerBelongsTo / paymentMethodType when known
  std::string_view idempotency_key;  // paymentRequestId / refundRequestId / ... when the operation has one
  std::string_view header_scenario;  // x-sim-scenario header ("" = none)
  std::function<std::optional<std::string_view>(std::string_view)> field;
  // The body as sent ("" = not known). Without "sim:" (or a \u escape that could spell it) in it,
  // no field can hold a directive, and the engine skips reading them.
  std::string_view raw_body;
  state::TimePoint now{};
  std::uint64_t seed = 0;      // the world's seed: probabilities and latency draws replay with it
  bool magic_amounts = true;   // magic amounts may select scenarios (global flag, merchant setting)
};

}  // namespace antom::scenarios
