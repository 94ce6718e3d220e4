// What the simulator saw: GET /_sim/diagnostics/signatures (why signatures failed) and GET /metrics
// (Prometheus). Both follow the control API's access rule: loopback peers, or the control token.
#include "server/control/control_json.hpp"
#include "server/control/control_router.hpp"
#include "server/control/merchant_param.hpp"
#include "server/metrics_text.hpp"

namespace antom::server {
namespace {

RawResponse signature_diagnoses(App& app, const ControlRequest& req) {
  const std::string client_id = named_client_id(req);
  std::string merchant_id;
  if (!client_id.empty()) {
    const auto merchant = app.merchants.find(client_id);
    if (!merchant) return unknown_merchant(client_id);
    merchant_id = merchant->client_id;
  }
  const auto diagnoses = app.signature_diagnoses.recent(merchant_id);  // copied out; JSON below, unlocked
  return json_object_response(200, [&](JsonWriter& w) {
    w.Key("limitPerMerchant");
    w.Uint64(SignatureDiagnosisLog::kPerMerchant);
    w.Key("diagnoses");
    w.StartArray();
    for (const auto& d : diagnoses) {
      const std::string json = d.to_json();  // written by RapidJSON too
      w.RawValue(json.data(), json.size(), rapidjson::kObjectType);
    }
    w.EndArray();
  });
}

}  // namespace

void add_diagnostics_routes(ControlRouter& router) {
  router.add("GET", "/_sim/diagnostics/signatures",
             {.summary = "Why signatures were refused: the last INVALID_SIGNATURE diagnoses per merchant.",
              .query = {client_id_field("Only this merchant's diagnoses.")},
              .response = {{.name = "limitPerMerchant", .types = kInteger}, {.name = "diagnoses", .types = kArray}}},
             signature_diagnoses);
  router.add("GET", "/metrics",
             {.summary = "Metrics in Prometheus text format.", .response_type = "text/plain", .tag = "metrics"},
             [](App& app, const ControlRequest&) {
    RawResponse res;
    res.body = render_metrics(app);
    res.set_header("content-type", "text/plain; version=0.0.4; charset=utf-8");
    res.set_header("cache-control", "no-store");
    res.log_code = "200";
    return res;
  });
}

}  // namespace antom::server
