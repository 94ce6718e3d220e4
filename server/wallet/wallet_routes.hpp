#pragma once
// Routes of the simulated wallet: the consent page a browser opens (open, no control token) and
// the wallet table under /_sim/wallets. Registered by add_authorization_routes.
#include <optional>
#include <string>
#include <string_view>

#include "server/control/control_router.hpp"

namespace antom::server {

void add_wallet_page_routes(ControlRouter& router);   // /_sim/wallet/{clientId}/{attemptId}[/approve|/decline]
void add_wallet_table_routes(ControlRouter& router);  // /_sim/wallets

// The state partition of a merchant named in a control request (query or body `clientId`), or
// of the merchant whose authorization book knows `id` (attempt id, authCode, access or refresh
// token). nullopt: no such merchant / authorization.
[[nodiscard]] std::optional<std::string> merchant_partition(App& app, std::string_view client_id);
[[nodiscard]] std::optional<std::string> partition_of_authorization(App& app, std::string_view client_hint,
                                                                   std::string_view id);

}  // namespace antom::server
