// The request journal: GET /_sim/requests (newest first, filtered, paged), GET /_sim/requests/{id},
// DELETE /_sim/requests. Pointers to the entries are copied out under the journal's lock; the JSON
// is written here, outside it.
#include <charconv>

#include "server/control/control_json.hpp"
#include "server/control/control_router.hpp"
#include "server/control/listing.hpp"
#include "server/protocol/operations.hpp"

namespace antom::server {
namespace {

constexpr std::string_view kListParams[] = {"merchant", "clientId", "operation", "resultCode",
                                            "paymentId", "paymentRequestId", "limit", "cursor"};

std::string param_list(std::span<const std::string_view> names) {
  std::string out;
  for (const auto n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

std::optional<RawResponse> unknown_param(const ControlRequest& req, std::span<const std::string_view> known) {
  for (const auto& [name, value] : req.query)
    if (std::find(known.begin(), known.end(), name) == known.end())
      return json_error(400, "BAD_REQUEST", "Unknown query parameter " + name + "; this route takes " + param_list(known) + ".");
  return std::nullopt;
}

// ?merchant= (or ?clientId=, as the other routes name it): a registered merchant's Client-Id (the
// header's form with or without SANDBOX_ finds it), or a client id the journal saw but which is not
// registered. `error` says what is wrong.
std::optional<std::string> merchant_filter(App& app, const ControlRequest& req, std::string& error) {
  const std::string merchant = req.query_value("merchant");
  const std::string client_id = req.query_value("clientId");
  if (!merchant.empty() && !client_id.empty() && merchant != client_id) {
    error = "merchant and clientId name the same filter; give one.";
    return std::nullopt;
  }
  const std::string& given = merchant.empty() ? client_id : merchant;
  if (given.empty()) return std::string{};
  if (const auto m = app.merchants.find(given)) return m->client_id;
  return given;
}

bool known_operation(std::string_view name) {
  for (const auto& op : all_operations())
    if (op.name == name) return true;
  return false;
}

// resultCode: an Antom result code, or what the journal records instead of one.
bool known_result_code(std::string_view code) {
  return state::parse_result_code(code).has_value() || code == "UNKNOWN_SCENARIO" || code == "HTTP_500" ||
         code == "HTTP_502" || code == "HTTP_503";
}

RawResponse list_requests(App& app, const ControlRequest& req) {
  if (auto bad = unknown_param(req, kListParams)) return *bad;
  std::string error;
  const auto merchant = merchant_filter(app, req, error);
  if (!merchant) return json_error(400, "BAD_REQUEST", error);
  RequestJournal::Query q;
  q.merchant = *merchant;
  q.operation = req.query_value("operation");
  if (req.query.contains("operation") && !known_operation(q.operation)) {
    std::string names;
    for (const auto& op : all_operations()) names += (names.empty() ? "" : ", ") + std::string(op.name);
    return json_error(400, "BAD_REQUEST", "operation '" + q.operation + "' is not an operation; one of: " + names + ".");
  }
  q.result_code = req.query_value("resultCode");
  if (req.query.contains("resultCode") && !known_result_code(q.result_code))
    return json_error(400, "BAD_REQUEST",
                      "resultCode '" + q.result_code + "' is not a result code (GET /_sim/api lists them; also "
                      "UNKNOWN_SCENARIO, HTTP_500, HTTP_502, HTTP_503).");
  q.payment_id = req.query_value("paymentId");
  q.payment_request_id = req.query_value("paymentRequestId");
  for (const char* name : {"paymentId", "paymentRequestId"})
    if (req.query.contains(name) && req.query_value(name).empty())
      return json_error(400, "BAD_REQUEST", std::string(name) + " is empty; leave it out to match every request.");
  q.limit = kDefaultPageSize;
  if (req.query.contains("limit")) {
    const std::string text = req.query_value("limit");
    std::size_t n = 0;
    const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc{} || p != text.data() + text.size() || n == 0 || n > kMaxPageSize)
      return json_error(400, "BAD_REQUEST", "limit must be a whole number from 1 to " + std::to_string(kMaxPageSize) +
                                                " (default " + std::to_string(kDefaultPageSize) + ").");
    q.limit = n;
  }
  if (req.query.contains("cursor")) {
    q.from = parse_journal_id(req.query_value("cursor"));
    if (!q.from) return json_error(400, "BAD_REQUEST", "cursor must be a nextCursor value from an earlier page (req-<n>).");
  }

  const auto listing = app.journal.list(q);  // pointers copied out; JSON below, unlocked
  std::string body = "{\"requests\":[";
  for (std::size_t i = 0; i < listing.entries.size(); ++i) {
    if (i) body += ',';
    body += listing.entries[i]->to_json();
  }
  body += "],\"total\":" + std::to_string(listing.total) + ",\"dropped\":" + std::to_string(listing.dropped) +
          ",\"limitPerMerchant\":" + std::to_string(app.journal.per_merchant());
  if (listing.next) body += ",\"nextCursor\":\"req-" + std::to_string(*listing.next) + "\"";
  body += "}";
  return json_response(200, std::move(body));
}

RawResponse one_request(App& app, const ControlRequest& req) {
  const std::string id = req.param("id");
  const auto seq = parse_journal_id(id);
  const auto entry = seq ? app.journal.find(*seq) : nullptr;
  if (!entry)
    return json_error(404, "NOT_FOUND", "No request " + id + " in the journal (ids are req-<n>; the oldest are dropped past " +
                                            std::to_string(app.journal.per_merchant()) + " per merchant).");
  return json_response(200, entry->to_json());
}

RawResponse clear_requests(App& app, const ControlRequest& req) {
  constexpr std::string_view kParams[] = {"merchant", "clientId"};
  if (auto bad = unknown_param(req, kParams)) return *bad;
  std::string error;
  const auto merchant = merchant_filter(app, req, error);
  if (!merchant) return json_error(400, "BAD_REQUEST", error);
  return json_response(200, "{\"cleared\":" + std::to_string(app.journal.clear(*merchant)) + "}");
}

}  // namespace

void add_journal_routes(ControlRouter& router) {
  router.add("GET", "/_sim/requests", list_requests);
  router.add("GET", "/_sim/requests/{id}", one_request);
  router.add("DELETE", "/_sim/requests", clear_requests);
}

}  // namespace antom::server
