#pragma once
// The /_sim/ control API: plain JSON (and the wallet's HTML pages), never Antom-signed. Each
// concern registers its routes; patterns use {name} for path parameters.
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "server/app.hpp"
#include "server/http/raw_message.hpp"

namespace antom::server {

struct ControlRequest {
  const RawRequest& raw;
  std::string path;                                  // without query
  std::map<std::string, std::string> query;          // decoded
  std::map<std::string, std::string> params;         // from {name} in the pattern
  std::string base_url;                              // "http://127.0.0.1:8080" as the client reached us

  [[nodiscard]] std::string param(const std::string& name) const;
  [[nodiscard]] std::string query_value(const std::string& name, std::string fallback = {}) const;
};

using ControlHandler = std::function<RawResponse(App&, const ControlRequest&)>;

class ControlRouter {
 public:
  // `open` routes skip the bearer token (wallet pages a browser opens, health).
  void add(std::string method, std::string pattern, ControlHandler handler, bool open = false);
  [[nodiscard]] RawResponse handle(App& app, const RawRequest& req, const std::string& base_url) const;
  struct RouteInfo {
    std::string method;
    std::string pattern;
  };
  [[nodiscard]] std::vector<RouteInfo> routes() const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    ControlHandler handler;
    bool open;
  };
  std::vector<Route> routes_;
};

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
void add_notification_routes(ControlRouter& router);  // /_sim/notifications
void add_fx_routes(ControlRouter& router);            // /_sim/fx: the FX table of settlement quotes
void add_scenario_routes(ControlRouter& router);      // /_sim/scenarios
void add_diagnostics_routes(ControlRouter& router);   // /_sim/diagnostics/signatures, /metrics
void add_journal_routes(ControlRouter& router);       // /_sim/requests: the request journal

[[nodiscard]] ControlRouter build_control_router();

}  // namespace antom::server
