#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <memory>

#include "server/control/control_json.hpp"
#include "server/control/control_router.hpp"

namespace antom::server {

ControlRouter build_control_router() {
  ControlRouter router;
  // The index and the OpenAPI document describe every route, themselves included: they are
  // registered first and filled once the table is complete. Like health, every peer may read them
  // (configuration.md): they say what exists, not what the state is.
  auto index = std::make_shared<std::string>();
  auto openapi = std::make_shared<std::string>();
  router.add("GET", "/_sim",
             {.summary = "Every control endpoint: method, path and summary.",
              .response = {{.name = "name"}, {.name = "version"}, {.name = "endpoints", .types = kArray}}},
             [index](App&, const ControlRequest&) { return json_response(200, *index); }, /*open=*/true);
  router.add("GET", "/_sim/openapi.json",
             {.summary = "This API as an OpenAPI 3.1 document, made from the route table that serves it.",
              .response = {{.name = "openapi"}, {.name = "info", .types = kObject}, {.name = "paths", .types = kObject}}},
             [openapi](App&, const ControlRequest&) { return json_response(200, *openapi); }, /*open=*/true);
  add_core_routes(router);
  add_authorization_routes(router);
  add_payment_routes(router);
  add_payment_action_routes(router);
  add_notification_routes(router);
  add_scenario_routes(router);
  add_diagnostics_routes(router);
  add_journal_routes(router);
  add_fx_routes(router);
  add_portal_routes(router);
  add_report_routes(router);
  add_snapshot_routes(router);

  const auto routes = router.routes();
  *openapi = openapi_document(routes);
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  write_string(w, "name", "antom-sim");
  write_string(w, "version", ANTOM_SIM_VERSION);
  w.Key("endpoints");
  w.StartArray();
  for (const auto& r : routes) {
    w.StartObject();
    write_string(w, "method", r.method);
    write_string(w, "path", r.pattern);
    write_string(w, "summary", r.spec.summary);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  *index = std::string(buf.GetString(), buf.GetSize());
  return router;
}

}  // namespace antom::server
