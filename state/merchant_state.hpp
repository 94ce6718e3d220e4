#pragma once
// Everything antom-sim knows about one merchant (one Client-Id): a plain value that can be
// copied for snapshots and inspected without locks once copied.
#include <string>

#include "state/authorizations.hpp"
#include "state/ids.hpp"
#include "state/outbox.hpp"
#include "state/payments.hpp"
#include "state/settlement_book.hpp"

namespace antom::state {

struct MerchantState {
  std::string client_id;
  IdGenerator ids;
  AuthorizationBook auth;
  PaymentBook payments;
  Outbox outbox;
  SettlementBook settlement;  // state/settlement_ledger.hpp, state/settlement_reports.hpp
};

}  // namespace antom::state
