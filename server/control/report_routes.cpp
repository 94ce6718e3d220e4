// /_sim/reports: the reconciliation files Antom would have dropped on the merchant's SFTP folder by
// the virtual clock's now (transaction details, settlement details, settlement summary). Files are
// produced on read (server/settlement_files.hpp, also read by SFTP) from its contract (its
// settlementCurrencies and its "settlement" terms, server/settlement_config.hpp); see docs/settlement.md.
#include <string>

#include "server/control/control_json.hpp"
#include "server/control/control_router.hpp"
#include "server/control/merchant_param.hpp"
#include "server/settlement_files.hpp"

namespace antom::server {
namespace {

struct Named {
  std::shared_ptr<const Merchant> merchant;
  RawResponse refused;
};

// The named merchant, or the only one registered.
Named named_merchant(App& app, const ControlRequest& req) {
  Named out;
  const std::string given = named_client_id(req);
  if (!given.empty()) {
    out.merchant = app.merchants.find(given);
    if (!out.merchant) out.refused = unknown_merchant(given);
    return out;
  }
  auto all = app.merchants.all();
  if (all.size() == 1) out.merchant = all.front();
  else out.refused = json_error(400, "BAD_REQUEST", "clientId is required when several merchants are registered.");
  return out;
}

RawResponse list_reports(App& app, const ControlRequest& req) {
  const Named n = named_merchant(app, req);
  if (!n.merchant) return n.refused;
  const auto listed = list_settlement_files(app, *n.merchant);
  return json_object_response(200, [&](JsonWriter& w) {
    write_string(w, "clientId", n.merchant->client_id);
    w.Key("files");
    w.StartArray();
    for (const auto& f : listed) {
      w.StartObject();
      write_string(w, "path", f.path);
      w.Key("size");
      w.Uint64(f.size);
      write_string(w, "producedAt", state::format_iso8601(f.produced_at));
      w.EndObject();
    }
    w.EndArray();
  });
}

RawResponse report_file(App& app, const ControlRequest& req) {
  const Named n = named_merchant(app, req);
  if (!n.merchant) return n.refused;
  const std::string path = req.query_value("path");
  if (path.empty()) return json_error(400, "BAD_REQUEST", "path is required: a path from GET /_sim/reports.");
  auto bytes = settlement_file_bytes(app, *n.merchant, path);
  if (!bytes) return json_error(404, "NOT_FOUND", "No report file " + path + " (older than 7 days, or not produced yet).");
  RawResponse res;
  res.status = 200;
  res.body = std::move(*bytes);
  res.set_header("content-type", "text/csv; charset=utf-8");
  return res;
}

}  // namespace

void add_report_routes(ControlRouter& router) {
  const auto merchant = client_id_field("The merchant; optional when only one is registered.");
  router.add("GET", "/_sim/reports",
             {.summary = "The reconciliation files produced by now (Antom's SFTP folder, last 7 days): path, size, producedAt.",
              .query = {merchant},
              .response = {{.name = "clientId"}, {.name = "files", .types = kArray}}},
             list_reports);
  router.add("GET", "/_sim/reports/file",
             {.summary = "One reconciliation file's CSV bytes, by its path.",
              .query = {merchant, {.name = "path", .description = "A path from GET /_sim/reports, e.g. /v1/settlements/<customerId>/<date>/<name>.csv."}},
              .response_type = "text/csv"},
             report_file);
}

}  // namespace antom::server
