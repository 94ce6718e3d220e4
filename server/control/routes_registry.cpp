#include "server/control/control_router.hpp"

namespace antom::server {

ControlRouter build_control_router() {
  ControlRouter router;
  add_core_routes(router);
  add_authorization_routes(router);
  add_payment_routes(router);
  add_notification_routes(router);
  add_scenario_routes(router);
  add_diagnostics_routes(router);
  add_journal_routes(router);
  add_fx_routes(router);
  return router;
}

}  // namespace antom::server
