#pragma once
// Time-driven transitions of one merchant: delayed wallet decisions, payments, refunds and
// declarations settling, payments expiring. Each step queues its notifications in the same call.
// World::with_merchant runs tick before anything reads or changes a merchant's state (the one door
// for time); flows and routes never advance time themselves.
#include "state/merchant_state.hpp"
#include "state/settlement.hpp"
#include "state/time.hpp"

namespace antom::state {

void advance_authorizations(MerchantState& m, TimePoint now);  // state/authorization_flow.cpp
void advance_payments(MerchantState& m, TimePoint now);        // state/payment_flow.cpp
void advance_refunds(MerchantState& m, TimePoint now, const FxTable* fx);  // state/refund_flow.cpp
void advance_declarations(MerchantState& m, TimePoint now);    // state/declaration_flow.cpp

// Payments first: a payment that settles or expires decides what its refunds may do. `fx` quotes
// the refunds that succeed (at the rate of their success time); the door passes it when some wait.
inline void tick(MerchantState& m, TimePoint now, const FxTable* fx = nullptr) {
  advance_authorizations(m, now);
  advance_payments(m, now);
  advance_refunds(m, now, fx);
  advance_declarations(m, now);
}

}  // namespace antom::state
