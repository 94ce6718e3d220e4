#pragma once
// declare and inquiryDeclarationRequests (China customs, CNY) on one merchant's book. Where Antom
// is silent antom-sim chooses (README): the same declarationRequestId with changed customs data
// modifies that declaration; customs answers one minute (virtual) after each declare.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "state/directive.hpp"
#include "state/merchant_state.hpp"
#include "state/payments.hpp"
#include "state/result_code.hpp"

namespace antom::state {

inline constexpr Millis kCustomsAnswerDelay = std::chrono::minutes(1);
inline constexpr std::size_t kMaxDeclarationQueryIds = 10;

struct DeclareRequest {
  std::string declaration_request_id;
  std::string payment_id;
  Money amount;
  std::string customs_code;
  std::string customs_region;
  std::string merchant_customs_code;
  std::string merchant_customs_name;
  bool split_order = false;
  std::string sub_order_id;
  bool has_certificate = false;
  std::string certificate_fingerprint;  // type + number + name, to tell modifications apart
};

struct DeclareOutcome {
  Result result;
  std::optional<Declaration> declaration;
};

struct DeclarationQuery {
  std::vector<Declaration> found;
  std::vector<std::string> not_found;
};

[[nodiscard]] bool known_customs_code(std::string_view code);

[[nodiscard]] DeclareOutcome declare(MerchantState& m, const DeclareRequest& req, const Directive& d, TimePoint now);
[[nodiscard]] DeclarationQuery inquire_declarations(MerchantState& m, const std::vector<std::string>& ids,
                                                    TimePoint now);
void advance_declarations(MerchantState& m, TimePoint now);  // through state/tick.hpp

}  // namespace antom::state
