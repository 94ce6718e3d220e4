#include "scenarios/plan.hpp"

#include <array>
#include <utility>

namespace antom::scenarios {
namespace {
constexpr std::array<std::pair<HttpFault, std::string_view>, 12> kFaults = {{
    {HttpFault::None, "NONE"},
    {HttpFault::ResetBeforeCommit, "RESET_BEFORE_COMMIT"},
    {HttpFault::ResetAfterCommit, "RESET_AFTER_COMMIT"},
    {HttpFault::StallBeforeCommit, "STALL_BEFORE_COMMIT"},
    {HttpFault::StallAfterCommit, "STALL_AFTER_COMMIT"},
    {HttpFault::Http500, "HTTP_500"},
    {HttpFault::Http502, "HTTP_502"},
    {HttpFault::Http503, "HTTP_503"},
    {HttpFault::TruncatedBody, "TRUNCATED_BODY"},
    {HttpFault::MalformedBody, "MALFORMED_BODY"},
    {HttpFault::MissingSignature, "MISSING_SIGNATURE"},
    {HttpFault::WrongSignature, "WRONG_SIGNATURE"},
}};
}  // namespace

std::string_view to_string(HttpFault fault) {
  for (const auto& [f, name] : kFaults)
    if (f == fault) return name;
  return "NONE";
}

std::optional<HttpFault> parse_http_fault(std::string_view name) {
  for (const auto& [f, n] : kFaults)
    if (n == name) return f;
  return std::nullopt;
}

bool is_transport_fault(HttpFault fault) {
  switch (fault) {
    case HttpFault::ResetBeforeCommit:
    case HttpFault::ResetAfterCommit:
    case HttpFault::StallBeforeCommit:
    case HttpFault::StallAfterCommit:
    case HttpFault::TruncatedBody:
    case HttpFault::MalformedBody: return true;
    default: return false;
  }
}

}  // namespace antom::scenarios
