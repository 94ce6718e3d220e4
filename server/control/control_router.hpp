#pragma once
// The /_sim/ control API: plain JSON (and the wallet's HTML pages), never Antom-signed. Each
// concern registers its routes; patterns use {name} for path parameters.
#include <rapidjson/document.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/app.hpp"
#include "server/control/route_spec.hpp"
#include "server/http/raw_message.hpp"

namespace antom::server {

struct ControlRequest {
  const RawRequest& raw;
  std::string path;                                  // without query
  std::map<std::string, std::string> query;          // decoded
  std::map<std::string, std::string> params;         // from {name} in the pattern
  std::string base_url;                              // "http://127.0.0.1:8080" as the client reached us
  // The body as a JSON object, once parsed (by the router for routes that declare a body).
  mutable std::optional<rapidjson::Document> json;
  // Old spellings the router mapped onto their names ("merchant" -> "clientId"); the answer warns.
  std::vector<std::pair<std::string, std::string>> deprecated;

  [[nodiscard]] std::string param(const std::string& name) const;
  [[nodiscard]] std::string query_value(const std::string& name, std::string fallback = {}) const;
};

using ControlHandler = std::function<RawResponse(App&, const ControlRequest&)>;

class ControlRouter {
 public:
  // `open` routes skip the bearer token (wallet pages a browser opens, health). A route without a
  // summary is a bug: add() throws std::logic_error, so the test run fails at once.
  void add(std::string method, std::string pattern, RouteSpec spec, ControlHandler handler, bool open = false);
  [[nodiscard]] RawResponse handle(App& app, const RawRequest& req, const std::string& base_url) const;
  struct RouteInfo {
    std::string method;
    std::string pattern;
    RouteSpec spec;
    bool open = false;
  };
  [[nodiscard]] std::vector<RouteInfo> routes() const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    RouteSpec spec;
    ControlHandler handler;
    bool open;
  };
  std::vector<Route> routes_;
};

// Checks a request against its route's declaration: query parameters and body fields (after mapping
// deprecated spellings onto the current name). "" when it passes, else the message of a 400.
[[nodiscard]] std::string check_request(const RouteSpec& spec, ControlRequest& req);

// JSON / HTML / redirect answers for control handlers.
[[nodiscard]] RawResponse json_response(int status, std::string body);
[[nodiscard]] RawResponse json_error(int status, std::string_view code, std::string_view message);
[[nodiscard]] RawResponse html_response(int status, std::string body);
[[nodiscard]] RawResponse redirect_response(std::string location);
// An answer given later, without holding the I/O thread: `start` runs once the handler returns and
// calls its argument with the response when it is ready (once, from any thread).
using AnswerLater = std::function<void(std::function<void(RawResponse)> answer)>;
[[nodiscard]] RawResponse deferred_response(AnswerLater start);

// Route registration, one function per concern (each in its own file).
void add_core_routes(ControlRouter& router);          // health, clock, reset, keys, merchants
void add_authorization_routes(ControlRouter& router); // wallet pages, /_sim/authorizations, wallets
void add_payment_routes(ControlRouter& router);       // /_sim/payments, refunds, declarations, buyers
void add_payment_action_routes(ControlRouter& router);  // the portal's refund and cancel of a payment
void add_notification_routes(ControlRouter& router);  // /_sim/notifications
void add_fx_routes(ControlRouter& router);            // /_sim/fx: the FX table of settlement quotes
void add_scenario_routes(ControlRouter& router);      // /_sim/scenarios
void add_diagnostics_routes(ControlRouter& router);   // /_sim/diagnostics/signatures, /metrics
void add_journal_routes(ControlRouter& router);       // /_sim/requests: the request journal
void add_portal_routes(ControlRouter& router);        // /_sim/ui/: the merchant portal's files
void add_report_routes(ControlRouter& router);        // /_sim/reports: settlement and reconciliation files
void add_snapshot_routes(ControlRouter& router);      // /_sim/snapshots, /_sim/state: save, restore, export

// GET /_sim/openapi.json's document: OpenAPI 3.1, from the routes' declarations.
[[nodiscard]] std::string openapi_document(const std::vector<ControlRouter::RouteInfo>& routes);

// Every route, then GET /_sim (the index) and GET /_sim/openapi.json, which describe them all.
[[nodiscard]] ControlRouter build_control_router();

}  // namespace antom::server
