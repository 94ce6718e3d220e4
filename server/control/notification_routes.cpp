// /_sim/notifications: the delivery journal, redelivery, the retry schedule, and "wait until idle".
#include <charconv>
#include <optional>

#include "server/control/control_json.hpp"
#include "server/control/control_router.hpp"
#include "server/control/merchant_param.hpp"
#include "server/notify/journal_json.hpp"
#include "server/notify/notification_message.hpp"
#include "server/notify/notifier.hpp"

namespace antom::server {
namespace {

using Copied = std::vector<std::pair<std::string, state::OutboxRecord>>;

RawResponse bad(std::string_view what) { return json_error(400, "BAD_REQUEST", what); }

// The merchant's partition key for a Client-Id as given (with or without "SANDBOX_"); nullopt if unknown.
std::optional<std::string> resolve_merchant(App& app, const std::string& given) {
  if (auto m = app.merchants.find(given)) return m->client_id;
  for (const auto& id : app.world.client_ids())
    if (id == given) return id;
  return std::nullopt;
}

std::vector<std::string> merchants_to_search(App& app, const ControlRequest& req, RawResponse& error) {
  const std::string given = named_client_id(req);
  if (given.empty()) return app.world.client_ids();
  auto id = resolve_merchant(app, given);
  if (!id) error = unknown_merchant(given);
  return id ? std::vector<std::string>{*id} : std::vector<std::string>{};
}

RawResponse list(App& app, const ControlRequest& req) {
  RawResponse error;
  error.status = 0;
  const auto merchants = merchants_to_search(app, req, error);
  if (error.status != 0) return error;
  const std::string type = req.query_value("type");
  const std::string subject = req.query_value("subject");
  const std::string state_text = req.query_value("state");
  const std::string kind = req.query_value("kind");
  // The router has checked state and kind against their values.
  std::optional<state::DeliveryState> state;
  if (!state_text.empty()) state = state::parse_delivery_state(state_text);
  std::size_t limit = 500;
  if (auto text = req.query_value("limit"); !text.empty()) {
    std::size_t n = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || ptr != text.data() + text.size() || n == 0 || n > 100000)
      return bad("limit must be a number from 1 to 100000.");
    limit = n;
  }
  Copied found;
  std::size_t matching = 0;
  std::uint64_t evicted = 0, expired = 0;
  for (const auto& id : merchants) {
    app.world.with_merchant(id, [&](state::MerchantState& m) {
      evicted += m.outbox.evicted();
      expired += m.outbox.expired();
      m.outbox.for_each([&](const state::OutboxRecord& r) {
        if (!type.empty() && r.notify_type != type) return;
        if (!subject.empty() && r.subject_id != subject) return;
        if (state && r.state != *state) return;
        if (!kind.empty() && state::to_string(r.kind) != kind) return;
        ++matching;
        if (found.size() < limit) found.emplace_back(id, r);
      });
    });
  }
  return json_object_response(200, [&](JsonWriter& w) {
    w.Key("total");
    w.Uint64(matching);
    w.Key("evicted");
    w.Uint64(evicted);
    w.Key("expired");  // dropped by --retention-days
    w.Uint64(expired);
    w.Key("notifications");
    w.StartArray();
    for (const auto& [id, r] : found) write_record_summary(w, id, r);
    w.EndArray();
  });
}

// Finds one record by id; ids are per merchant, so `merchant` disambiguates.
std::optional<std::pair<std::string, state::OutboxRecord>> find_one(App& app, const ControlRequest& req,
                                                                    RawResponse& error) {
  const auto merchants = merchants_to_search(app, req, error);
  if (error.status != 0) return std::nullopt;
  const std::string id = req.param("id");
  Copied found;
  for (const auto& client_id : merchants)
    app.world.with_merchant(client_id, [&](state::MerchantState& m) {
      if (const auto* r = m.outbox.find(id)) found.emplace_back(client_id, *r);
    });
  if (found.empty()) {
    error = json_error(404, "NOT_FOUND", "No notification " + id + " (it may have been evicted from the journal).");
    return std::nullopt;
  }
  if (found.size() > 1) {
    error = json_error(409, "AMBIGUOUS", "Several merchants have a notification " + id + "; add ?clientId=<Client-Id>.");
    return std::nullopt;
  }
  return std::move(found.front());
}

RawResponse get_one(App& app, const ControlRequest& req) {
  RawResponse error;
  error.status = 0;
  auto found = find_one(app, req, error);
  if (!found) return error;
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  write_record_full(w, found->first, found->second);
  return json_response(200, std::string(buf.GetString(), buf.GetSize()));
}

RawResponse redeliver(App& app, const ControlRequest& req) {
  const auto* body = json_body(req);
  std::string new_url;
  if (auto it = body->FindMember("url"); it != body->MemberEnd()) {
    if (auto problem = notify_url_problem(it->value.GetString()); !problem.empty()) return bad("url " + problem + ".");
    new_url = it->value.GetString();
  }
  RawResponse error;
  error.status = 0;
  auto found = find_one(app, req, error);
  if (!found) return error;
  const auto now = app.world.now(found->first);
  bool ok = false;
  state::OutboxRecord copy;
  app.world.with_merchant(found->first, [&](state::MerchantState& m) {
    ok = m.outbox.redeliver(found->second.id, now);
    if (auto* r = m.outbox.find(found->second.id)) {
      if (ok && !new_url.empty() && new_url != r->url) {
        r->url = new_url;
        r->signature.clear();  // the signed path changes with the URL
      }
      copy = *r;
    }
  });
  if (!ok) return json_error(409, "IN_FLIGHT", "Notification " + found->second.id + " is being sent; try again.");
  app.state_changed();
  return json_object_response(202, [&](JsonWriter& w) {
    w.Key("notification");
    write_record_summary(w, found->first, copy);
  });
}

void write_schedule(JsonWriter& w, std::string_view key, const RetrySchedule& s) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  w.StartObject();
  write_string(w, "name", s.name);
  write_string(w, "spec", s.spec());
  w.Key("maxAttempts");
  w.Uint64(s.max_attempts());
  w.Key("retryIntervalsSeconds");
  w.StartArray();
  for (auto gap : s.retry_intervals) w.Int64(std::chrono::duration_cast<std::chrono::seconds>(gap).count());
  w.EndArray();
  w.EndObject();
}

RawResponse schedule_state(App& app, Notifier& n) {
  return json_object_response(200, [&](JsonWriter& w) {
    write_schedule(w, "global", n.schedules().global());
    w.Key("merchants");
    w.StartObject();
    for (const auto& m : app.merchants.all()) write_schedule(w, m->client_id, n.schedules().for_merchant(m->client_id, m->notification_schedule));
    w.EndObject();
  });
}

RawResponse no_notifier() {
  return json_error(503, "NO_SENDER", "The notification sender is not running.");
}

RawResponse set_schedule(App& app, const ControlRequest& req) {
  Notifier* n = app.notifier.get();
  if (!n) return no_notifier();
  const auto* body = json_body(req);  // the router checked that schedule is there, a string or an array
  const auto it = body->FindMember("schedule");
  std::optional<RetrySchedule> schedule;
  if (it->value.IsString()) {
    schedule = parse_schedule(it->value.GetString());
  } else if (it->value.IsArray()) {
    std::string spec = "custom:";
    bool valid = it->value.Size() <= kMaxRetryIntervals;
    for (const auto& v : it->value.GetArray()) {
      valid = valid && v.IsInt64() && v.GetInt64() >= 0 && v.GetInt64() <= kMaxRetryIntervalSeconds;
      if (!valid) break;
      if (spec.back() != ':') spec += ',';
      spec += std::to_string(v.GetInt64());
    }
    if (valid) schedule = parse_schedule(spec);
  }
  if (!schedule)
    return bad("schedule must be \"production\", \"sandbox\" (one attempt), \"custom:<s>,<s>...\" or an array of 1 to "
               "50 retry intervals in whole seconds (0 to 604800 each): the gaps after each failed attempt.");
  if (const std::string given = named_client_id(req); !given.empty()) {
    auto id = resolve_merchant(app, given);
    if (!id) return unknown_merchant(given);
    n->schedules().set_for(*id, *schedule);
  } else {
    n->schedules().set_global(*schedule);
  }
  return schedule_state(app, *n);
}

RawResponse flush_answer(bool idle, const NotifierStats& stats) {
  return json_object_response(idle ? 200 : 504, [&](JsonWriter& w) {
    w.Key("idle");
    w.Bool(idle);
    w.Key("inFlight");
    w.Uint64(stats.in_flight);
    w.Key("attempts");
    w.Uint64(stats.attempts);
    w.Key("delivered");
    w.Uint64(stats.delivered);
    w.Key("failedAttempts");
    w.Uint64(stats.failed_attempts);
    w.Key("expired");
    w.Uint64(stats.expired);
    w.Key("expiredPayments");  // with their refunds and declarations, by --retention-days
    w.Uint64(stats.expired_payments);
    w.Key("expiredRefunds");
    w.Uint64(stats.expired_refunds);
    w.Key("expiredDeclarations");
    w.Uint64(stats.expired_declarations);
    w.Key("expiredAuthorizations");
    w.Uint64(stats.expired_authorizations);
    w.Key("memoryTrims");
    w.Uint64(stats.trims);
  });
}

RawResponse flush(App& app, const ControlRequest& req) {
  Notifier* n = app.notifier.get();
  if (!n) return no_notifier();
  std::chrono::milliseconds timeout{10000};
  if (auto text = req.query_value("timeout"); !text.empty()) {
    auto t = parse_duration(text);
    if (!t || t->count() < 0 || *t > std::chrono::minutes(2)) return bad("timeout must be a duration up to 2m, e.g. 5s.");
    timeout = *t;
  }
  // The sender says when it is idle; the connection answers then, its I/O thread free meanwhile.
  return deferred_response([n, timeout](std::function<void(RawResponse)> answer) {
    n->when_idle(timeout, [n, answer = std::move(answer)](bool idle) { answer(flush_answer(idle, n->stats())); });
  });
}

}  // namespace

const std::vector<ControlField> kScheduleAnswer = {{.name = "global", .types = kObject}, {.name = "merchants", .types = kObject}};
const ControlField kNotificationAnswer{.name = "notification", .types = kObject};

void add_notification_routes(ControlRouter& router) {
  router.add("GET", "/_sim/notifications",
             {.summary = "The notification journal, filtered.",
              .query = {client_id_field(),
                        {.name = "type", .description = "notifyType, e.g. PAYMENT_RESULT"},
                        {.name = "subject", .description = "The payment, refund or authorization id."},
                        {.name = "state", .values = {"PENDING", "IN_FLIGHT", "DELIVERED", "GIVEN_UP", "DROPPED"}},
                        {.name = "kind", .values = {"AUTHORIZATION", "PAYMENT", "REFUND"}},
                        {.name = "limit", .types = kInteger, .description = "At most this many entries, 1 to 100000 (default 500)."}},
              .response = {{.name = "total", .types = kInteger}, {.name = "evicted", .types = kInteger},
                           {.name = "expired", .types = kInteger}, {.name = "notifications", .types = kArray}}},
             list);
  router.add("GET", "/_sim/notifications/schedule",
             {.summary = "The retry schedules: global and per merchant.", .response = kScheduleAnswer},
             [](App& app, const ControlRequest&) {
               Notifier* n = app.notifier.get();
               return n ? schedule_state(app, *n) : no_notifier();
             });
  router.add("PUT", "/_sim/notifications/schedule",
             {.summary = "Set the retry schedule, globally or for one merchant.",
              .body = BodySpec{{{.name = "schedule", .types = kString | kArray,
                                 .description = "production, sandbox, custom:<s>,<s>... or an array of retry intervals in seconds",
                                 .required = true},
                                client_id_field("Only this merchant's schedule; none: the global one.")}},
              .response = kScheduleAnswer},
             set_schedule);
  router.add("POST", "/_sim/notifications/flush",
             {.summary = "Wait until no notification is due or in flight (504 on timeout).",
              .query = {{.name = "timeout", .description = "How long to wait, up to 2m (default 10s)."}},
              .response = {{.name = "idle", .types = kBoolean}, {.name = "inFlight", .types = kInteger},
                           {.name = "attempts", .types = kInteger}, {.name = "delivered", .types = kInteger}}},
             flush);
  router.add("GET", "/_sim/notifications/{id}",
             {.summary = "One notification with its body and attempts.",
              .query = {client_id_field("The merchant, when several have a notification with this id.")},
              .response = {{.name = "id"}, {.name = "state"}, {.name = "body"}, {.name = "attempts", .types = kArray}}},
             get_one);
  router.add("POST", "/_sim/notifications/{id}/redeliver",
             {.summary = "Send a notification again, optionally to another URL.",
              .query = {client_id_field("The merchant, when several have a notification with this id.")},
              .body = BodySpec{{{.name = "url", .description = "Send to this absolute http:// or https:// URL from now on."}}},
              .response = {kNotificationAnswer},
              .status = 202},
             redeliver);
}

}  // namespace antom::server
