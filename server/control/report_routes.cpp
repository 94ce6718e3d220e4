// /_sim/reports: the reconciliation files Antom would have dropped on the merchant's SFTP folder by
// the virtual clock's now (transaction details, settlement details, settlement summary). Files are
// produced on read (rendered outside the merchant's lock) from its contract (its settlementCurrencies and its
// "settlement" terms, server/settlement_config.hpp); see docs/settlement.md.
#include <string>

#include "server/control/control_json.hpp"
#include "server/control/control_router.hpp"
#include "server/control/merchant_param.hpp"
#include "state/settlement_reports.hpp"

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

// Runs fn(files) after producing what is due; fn copies what it needs (no JSON under the lock).
// The files are rendered between two visits to the merchant, not under its lock.
template <class F>
auto with_reports(App& app, const Merchant& merchant, F&& fn) {
  state::SettlementContract contract = merchant.settlement;
  contract.settlement_currencies = merchant.settlement_currencies;
  const auto fx = app.world.fx();
  const auto wallets = app.world.wallets();
  const state::SettlementInputs in{contract, *fx, *wallets};
  const auto now = app.world.now(merchant.client_id);
  auto due = app.world.with_merchant(merchant.client_id,
                                     [&](state::MerchantState& m) { return state::take_due_reports(m, in, now); });
  auto files = state::render_reports(contract, due);
  return app.world.with_merchant(merchant.client_id, [&](state::MerchantState& m) {
    (void)state::keep_reports(m, std::move(files), now);
    return fn(m.settlement.files);
  });
}

struct Listed {
  std::string path;
  std::size_t bytes = 0;
  state::TimePoint produced_at{};
};

RawResponse list_reports(App& app, const ControlRequest& req) {
  const Named n = named_merchant(app, req);
  if (!n.merchant) return n.refused;
  const auto listed = with_reports(app, *n.merchant, [](const std::vector<state::ReportFile>& files) {
    std::vector<Listed> out;
    out.reserve(files.size());
    for (const auto& f : files) out.push_back(Listed{f.path, f.bytes.size(), f.produced_at});
    return out;
  });
  return json_object_response(200, [&](JsonWriter& w) {
    write_string(w, "clientId", n.merchant->client_id);
    w.Key("files");
    w.StartArray();
    for (const auto& f : listed) {
      w.StartObject();
      write_string(w, "path", f.path);
      w.Key("size");
      w.Uint64(f.bytes);
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
  auto bytes = with_reports(app, *n.merchant, [&](const std::vector<state::ReportFile>& files) -> std::optional<std::string> {
    for (const auto& f : files)
      if (f.path == path) return f.bytes;
    return std::nullopt;
  });
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
