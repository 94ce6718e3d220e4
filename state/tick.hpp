#pragma once
// Time-driven transitions of one merchant, run whenever the virtual clock may have moved:
// delayed wallet decisions, payments and refunds settling, payments expiring. Each step queues
// its notifications in the same call.
#include "state/merchant_state.hpp"
#include "state/time.hpp"

namespace antom::state {

void advance_authorizations(MerchantState& m, TimePoint now);  // state/authorization_flow.cpp
void advance_payments(MerchantState& m, TimePoint now);        // state/payment_flow.cpp

inline void tick(MerchantState& m, TimePoint now) {
  advance_authorizations(m, now);
  advance_payments(m, now);
}

}  // namespace antom::state
