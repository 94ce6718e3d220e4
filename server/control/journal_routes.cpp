// The request journal: GET /_sim/requests (newest first, filtered, paged), GET /_sim/requests/{id},
// DELETE /_sim/requests. Pointers to the entries are copied out under the journal's lock; the JSON
// is written here, outside it.
#include <charconv>

#include "server/control/control_json.hpp"
#include "server/control/control_router.hpp"
#include "server/control/listing.hpp"
#include "server/control/merchant_param.hpp"
#include "server/protocol/operations.hpp"

namespace antom::server {
namespace {

// ?clientId= (or its older spellings): a registered merchant's Client-Id (the header's form with or
// without SANDBOX_ finds it), or a client id the journal saw but which is not registered.
std::string merchant_filter(App& app, const ControlRequest& req) {
  const std::string given = named_client_id(req);
  if (given.empty()) return given;
  if (const auto m = app.merchants.find(given)) return m->client_id;
  return given;
}

// resultCode: an Antom result code, or what the journal records instead of one.
bool known_result_code(std::string_view code) {
  return state::parse_result_code(code).has_value() || code == "UNKNOWN_SCENARIO" || code == "HTTP_500" ||
         code == "HTTP_502" || code == "HTTP_503";
}

RawResponse list_requests(App& app, const ControlRequest& req) {
  RequestJournal::Query q;
  q.merchant = merchant_filter(app, req);
  q.operation = req.query_value("operation");
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
  return json_response(200, "{\"cleared\":" + std::to_string(app.journal.clear(merchant_filter(app, req))) + "}");
}

}  // namespace

void add_journal_routes(ControlRouter& router) {
  const auto merchant = client_id_field("The merchant's Client-Id (a client id that is not registered finds the requests that named it).");
  std::vector<std::string> operations;
  for (const auto& op : all_operations()) operations.emplace_back(op.name);
  router.add("GET", "/_sim/requests",
             {.summary = "The request journal: Antom API requests as received and answered, newest first, filtered and paged.",
              .query = {merchant,
                        {.name = "operation", .description = "The operation's name.", .values = operations},
                        {.name = "resultCode", .description = "An Antom result code, or UNKNOWN_SCENARIO, HTTP_500, HTTP_502, HTTP_503."},
                        {.name = "paymentId", .description = "Antom's paymentId (in the request or its answer)."},
                        {.name = "paymentRequestId", .description = "The merchant's paymentRequestId."},
                        {.name = "limit", .types = kInteger, .description = "Page size, 1 to 1000 (default 100)."},
                        {.name = "cursor", .description = "nextCursor of the previous page (req-<n>)."}},
              .response = {{.name = "requests", .types = kArray}, {.name = "total", .types = kInteger},
                           {.name = "dropped", .types = kInteger}, {.name = "limitPerMerchant", .types = kInteger},
                           {.name = "nextCursor"}}},
             list_requests);
  router.add("GET", "/_sim/requests/{id}",
             {.summary = "One journal entry by its id (req-<n>).",
              .response = {{.name = "id"}, {.name = "merchant"}, {.name = "clientId"}, {.name = "operation"}, {.name = "request", .types = kObject},
                           {.name = "response", .types = kObject}}},
             one_request);
  router.add("DELETE", "/_sim/requests",
             {.summary = "Empty the request journal, or one merchant's part of it.",
              .query = {merchant},
              .response = {{.name = "cleared", .types = kInteger}}},
             clear_requests);
}

}  // namespace antom::server
