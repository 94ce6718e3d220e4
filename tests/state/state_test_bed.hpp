#pragma once
// What the state tests share: the fixed start time and a live access token for a buyer.
#include <chrono>
#include <cstdint>
#include <string>

#include "state/merchant_state.hpp"
#include "state/time.hpp"

namespace antom::state::test {

inline const TimePoint kT0 = *parse_iso8601("2026-03-01T10:00:00+08:00");

// A token as applyToken would leave it, valid from an hour before kT0 for `valid_for` after it.
// A merchant whose ids come from a fixed seed, so the ids a test sees are the same on every run.
inline MerchantState test_merchant(std::uint64_t seed = 7) {
  MerchantState m;
  m.client_id = "SANDBOX_TEST";
  m.ids.reseed(seed);
  return m;
}

inline void add_token(MerchantState& m, const std::string& token, const std::string& wallet, const std::string& buyer,
                      Millis valid_for = std::chrono::hours(24)) {
  AccessToken t;
  t.access_token = token;
  t.wallet = wallet;
  t.buyer_id = buyer;
  t.scopes = {"AGREEMENT_PAY"};
  t.created_at = kT0 - std::chrono::hours(1);
  t.access_expires_at = kT0 + valid_for;
  m.auth.tokens.emplace(token, t);
}

}  // namespace antom::state::test
