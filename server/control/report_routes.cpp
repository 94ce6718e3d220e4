// /_sim/reports: the reconciliation files Antom would have dropped on the merchant's SFTP folder by
// the virtual clock's now (transaction details, settlement details, settlement summary), produced
// on the clock from its contract (server/report_desk.hpp); /_sim/settlements/run settles now.
// See docs/settlement.md.
#include <chrono>
#include <cstdio>
#include <string>

#include "server/control/control_json.hpp"
#include "server/control/control_router.hpp"
#include "server/control/merchant_param.hpp"
#include "server/report_desk.hpp"
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

struct Listed {
  std::string path;
  std::size_t bytes = 0;
  state::TimePoint produced_at{};
};

// "20260301": eight digits of a real date.
bool is_yyyymmdd(std::string_view s) {
  if (s.size() != 8 || s.find_first_not_of("0123456789") != std::string_view::npos) return false;
  const auto number = [&](std::size_t at, std::size_t n) { return std::stoi(std::string(s.substr(at, n))); };
  const std::chrono::year_month_day ymd{std::chrono::year{number(0, 4)}, std::chrono::month{unsigned(number(4, 2))},
                                        std::chrono::day{unsigned(number(6, 2))}};
  return ymd.ok();
}

// The file's name, from the last '/'.
std::string_view file_name(std::string_view path) { return path.substr(path.rfind('/') + 1); }

// A file matches `date` by its folder (/v1/settlements/<customerId>/<date>/) and `kind` by its
// name's start (transactionItems_, settlementItems_, settlementSummary_).
bool matches(const state::ReportFile& f, std::string_view date, std::string_view kind) {
  const std::string_view path = f.path;
  if (!date.empty() && path.find("/" + std::string(date) + "/") == std::string_view::npos) return false;
  return kind.empty() || (file_name(path).starts_with(kind) && file_name(path).substr(kind.size()).starts_with("_"));
}

RawResponse list_reports(App& app, const ControlRequest& req) {
  const Named n = named_merchant(app, req);
  if (!n.merchant) return n.refused;
  const std::string date = req.query_value("date");
  if (!date.empty() && !is_yyyymmdd(date))
    return json_error(400, "BAD_REQUEST", "date " + date + " is not a date as yyyyMMdd, e.g. 20260301.");
  const std::string kind = req.query_value("kind");
  const auto listed = with_report_files(app, *n.merchant, [&](const std::vector<state::ReportFile>& files) {
    std::vector<Listed> out;
    out.reserve(files.size());
    for (const auto& f : files)
      if (matches(f, date, kind)) out.push_back(Listed{f.path, f.bytes.size(), f.produced_at});
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
  auto bytes = with_report_files(app, *n.merchant, [&](const std::vector<state::ReportFile>& files) -> std::optional<std::string> {
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

void write_batch(JsonWriter& w, const ProducedBatch& b, int offset_minutes) {
  w.StartObject();
  write_string(w, "settlementBatchId", b.batch_id);
  write_string(w, "settlementCurrency", b.currency);
  if (!b.payment_method.empty()) write_string(w, "paymentMethodType", b.payment_method);
  write_string(w, "businessDay", state::format_day(b.business_day));
  write_string(w, "settlementTime", state::format_iso8601(b.settled_at, offset_minutes));
  w.Key("count");
  w.Uint64(b.count);
  w.Key("settlementAmountValue");
  w.Int64(b.amount);
  w.Key("feeAmountValue");
  w.Int64(b.fee);
  w.EndObject();
}

RawResponse run_settlement(App& app, const ControlRequest& req) {
  const Named n = named_merchant(app, req);
  if (!n.merchant) return n.refused;
  const Produced produced = produce_reports(app, *n.merchant, ProduceMode::Run);
  const int offset = n.merchant->settlement.cycle.offset_minutes;
  return json_object_response(200, [&](JsonWriter& w) {
    write_string(w, "clientId", n.merchant->client_id);
    write_string(w, "settledAt", state::format_iso8601(produced.now, offset));
    w.Key("batches");
    w.StartArray();
    for (const auto& b : produced.batches) write_batch(w, b, offset);
    w.EndArray();
    w.Key("files");
    w.StartArray();
    for (const auto& p : produced.paths) w.String(p.c_str(), static_cast<rapidjson::SizeType>(p.size()));
    w.EndArray();
  });
}

}  // namespace

void add_report_routes(ControlRouter& router) {
  const auto merchant = client_id_field("The merchant; optional when only one is registered.");
  router.add("GET", "/_sim/reports",
             {.summary = "The reconciliation files produced by now (Antom's SFTP folder, last 7 days): path, size, producedAt.",
              .query = {merchant,
                        {.name = "date", .description = "Only the files of this folder date, yyyyMMdd (the transaction date for transaction details, the settlement date for the others)."},
                        {.name = "kind", .description = "Only the files of this kind.",
                         .values = {"transactionItems", "settlementItems", "settlementSummary"}}},
              .response = {{.name = "clientId"}, {.name = "files", .types = kArray}}},
             list_reports);
  router.add("GET", "/_sim/reports/file",
             {.summary = "One reconciliation file's CSV bytes, by its path.",
              .query = {merchant, {.name = "path", .description = "A path from GET /_sim/reports, e.g. /v1/settlements/<customerId>/<date>/<name>.csv."}},
              .response_type = "text/csv"},
             report_file);
  router.add("POST", "/_sim/settlements/run",
             {.summary = "Settle now without moving the clock: every business day still open up to now (today: what succeeded so far) closes into batches, and their files are produced.",
              .body = BodySpec{{client_id_field("The merchant; optional when only one is registered.")}},
              .response = {{.name = "clientId"},
                           {.name = "settledAt"},
                           {.name = "batches", .types = kArray, .description = "settlementBatchId, settlementCurrency, businessDay, settlementTime, count, settlementAmountValue, feeAmountValue."},
                           {.name = "files", .types = kArray, .description = "The paths of the files produced (settlement details and summaries, and transaction details that came due)."}}},
             run_settlement);
}

}  // namespace antom::server
