#include "state/result_code.hpp"

#include <array>

namespace antom::state {
namespace {

constexpr std::array kResults = {
#define ANTOM_RESULT_INFO(code, status, message) \
  ResultInfo{ResultCode::code, #code, ResultStatus::status, message},
    ANTOM_RESULT_CODES(ANTOM_RESULT_INFO)
#undef ANTOM_RESULT_INFO
};

}  // namespace

const ResultInfo& result_info(ResultCode code) { return kResults[static_cast<std::size_t>(code)]; }
std::string_view to_string(ResultCode code) { return result_info(code).name; }
ResultStatus status_of(ResultCode code) { return result_info(code).status; }

std::string_view to_string(ResultStatus status) {
  switch (status) {
    case ResultStatus::S: return "S";
    case ResultStatus::F: return "F";
    case ResultStatus::U: return "U";
  }
  return "U";
}

std::optional<ResultCode> parse_result_code(std::string_view name) {
  for (const auto& info : kResults)
    if (info.name == name) return info.code;
  return std::nullopt;
}

std::span<const ResultInfo> all_result_codes() { return kResults; }

std::string_view Result::text() const {
  if (!message.empty()) return message;
  return result_info(code).default_message;
}

Result make_result(ResultCode code, std::string message) {
  Result r;
  r.code = code;
  r.message = std::move(message);
  return r;
}

}  // namespace antom::state
