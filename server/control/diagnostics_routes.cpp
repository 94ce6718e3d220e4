// What the simulator saw: GET /_sim/diagnostics/signatures (why signatures failed) and GET /metrics
// (Prometheus). Both follow the control API's access rule: loopback peers, or the control token.
#include "server/control/control_json.hpp"
#include "server/control/control_router.hpp"
#include "server/metrics_text.hpp"

namespace antom::server {
namespace {

RawResponse signature_diagnoses(App& app, const ControlRequest& req) {
  for (const auto& [name, value] : req.query)
    if (name != "clientId")
      return json_error(400, "BAD_REQUEST", "Unknown query parameter " + name + "; this route takes clientId.");
  const std::string client_id = req.query_value("clientId");
  std::string merchant_id;
  if (!client_id.empty()) {
    const auto merchant = app.merchants.find(client_id);
    if (!merchant) return json_error(404, "NOT_FOUND", "No merchant " + client_id + ".");
    merchant_id = merchant->client_id;
  }
  const auto diagnoses = app.signature_diagnoses.recent(merchant_id);  // copied out; JSON below, unlocked
  std::string body = "{\"limitPerMerchant\":" + std::to_string(SignatureDiagnosisLog::kPerMerchant) + ",\"diagnoses\":[";
  for (std::size_t i = 0; i < diagnoses.size(); ++i) body += (i ? "," : "") + diagnoses[i].to_json();
  body += "]}";
  return json_response(200, std::move(body));
}

}  // namespace

void add_diagnostics_routes(ControlRouter& router) {
  router.add("GET", "/_sim/diagnostics/signatures", signature_diagnoses);
  router.add("GET", "/metrics", [](App& app, const ControlRequest&) {
    RawResponse res;
    res.body = render_metrics(app);
    res.set_header("content-type", "text/plain; version=0.0.4; charset=utf-8");
    res.set_header("cache-control", "no-store");
    res.log_code = "200";
    return res;
  });
}

}  // namespace antom::server
