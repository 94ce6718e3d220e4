#pragma once
// The merchant a control call is scoped to, named the same way on every route: clientId, in the
// query or the JSON body (the router maps the deprecated spellings merchant and client_id onto it,
// route_spec.hpp), and one answer for a merchant that is not registered.
#include <string>
#include <string_view>

#include "server/control/control_router.hpp"

namespace antom::server {

// ?clientId=, the body's "clientId", or the Client-Id header, in that order; "" when the call names none.
[[nodiscard]] std::string named_client_id(const ControlRequest& req);
// 404 NOT_FOUND "No merchant X is registered."
[[nodiscard]] RawResponse unknown_merchant(std::string_view client_id);

}  // namespace antom::server
