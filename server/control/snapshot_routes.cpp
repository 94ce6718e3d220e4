// /_sim/snapshots: save the simulator's state (whole, or one merchant's) under a name, list,
// restore, delete. Taking and restoring: server/snapshot/capture.hpp; the format: docs/snapshots.md.
#include "server/control/control_json.hpp"
#include "server/control/control_router.hpp"
#include "server/control/merchant_param.hpp"
#include "server/snapshot/capture.hpp"

namespace antom::server {
namespace {

RawResponse bad(std::string_view what) { return json_error(400, "BAD_REQUEST", what); }

RawResponse no_snapshot(std::string_view name) {
  return json_error(404, "NOT_FOUND", "No snapshot named " + std::string(name) + " (GET /_sim/snapshots lists them).");
}

void write_counts(JsonWriter& w, const SnapshotCounts& c) {
  w.Key("counts");
  w.StartObject();
  const std::pair<const char*, std::uint64_t> rows[] = {
      {"merchants", c.merchants}, {"payments", c.payments}, {"refunds", c.refunds}, {"declarations", c.declarations},
      {"tokens", c.tokens},       {"buyers", c.buyers},     {"notifications", c.notifications}};
  for (const auto& [key, n] : rows) {
    w.Key(key);
    w.Uint64(n);
  }
  w.EndObject();
}

void write_summary(JsonWriter& w, const Snapshot& s) {
  write_string(w, "name", s.name);
  write_string(w, "scope", s.whole() ? "simulator" : "merchant");
  if (s.client_id) write_string(w, "clientId", *s.client_id);
  write_string(w, "createdAt", state::format_iso8601(s.created_at));
  write_counts(w, count(s));
}

RawResponse create(App& app, const ControlRequest& req) {
  const auto* body = json_body(req);
  if (!body) return bad(json_body_problem(req));
  const auto name_it = body->FindMember("name");
  const std::string name = name_it != body->MemberEnd() && name_it->value.IsString() ? name_it->value.GetString() : "";
  if (auto problem = snapshot_name_problem(name); !problem.empty()) return bad(problem + ".");
  std::optional<std::string> client_id;
  if (const std::string given = named_client_id(req); !given.empty()) {
    const auto m = app.merchants.find(given);
    if (!m) return unknown_merchant(given);
    client_id = m->client_id;
  }
  auto snapshot = std::make_shared<const Snapshot>(take_snapshot(app, name, client_id));
  if (auto problem = app.snapshots.put(snapshot); !problem.empty())
    return json_error(409, "LIMIT_REACHED", "Snapshot " + name + " was not kept: " + problem + ".");
  return json_object_response(201, [&](JsonWriter& w) { write_summary(w, *snapshot); });
}

RawResponse list(App& app) {
  const auto all = app.snapshots.all();
  return json_object_response(200, [&](JsonWriter& w) {
    w.Key("snapshots");
    w.StartArray();
    for (const auto& s : all) {
      w.StartObject();
      write_summary(w, *s);
      w.EndObject();
    }
    w.EndArray();
  });
}

RawResponse restore(App& app, const ControlRequest& req) {
  const std::string name = req.param("name");
  const auto snapshot = app.snapshots.find(name);
  if (!snapshot) return no_snapshot(name);
  restore_snapshot(app, *snapshot);
  return json_object_response(200, [&](JsonWriter& w) {
    w.Key("restored");
    w.Bool(true);
    write_summary(w, *snapshot);
  });
}

const std::vector<ControlField> kSummary = {
    {.name = "name"},
    {.name = "scope", .description = "simulator: everything; merchant: one merchant's registration and state.",
     .values = {"simulator", "merchant"}},
    {.name = "clientId", .description = "The merchant, for a merchant snapshot."},
    {.name = "createdAt", .description = "Virtual time it was taken."},
    {.name = "counts", .types = kObject,
     .description = "merchants, payments, refunds, declarations, tokens, buyers, notifications."}};

}  // namespace

void add_snapshot_routes(ControlRouter& router) {
  router.add("POST", "/_sim/snapshots",
             {.summary = "Save the state under a name: the whole simulator, or one merchant's (clientId).",
              .body = BodySpec{{{.name = "name", .description = "1-64 characters of A-Z a-z 0-9 . _ -; an existing one is replaced.",
                                 .required = true},
                                client_id_field("Save only this merchant: its registration, state and scenario activation.")}},
              .response = kSummary,
              .status = 201},
             create);
  router.add("GET", "/_sim/snapshots",
             {.summary = "The snapshots kept in memory: name, scope, createdAt, counts.",
              .response = {{.name = "snapshots", .types = kArray}}},
             [](App& app, const ControlRequest&) { return list(app); });
  router.add("POST", "/_sim/snapshots/{name}/restore",
             {.summary = "Bring a snapshot back, all or nothing; ids handed out since are not handed out again.",
              .response = {{.name = "restored", .types = kBoolean}, {.name = "name"}, {.name = "scope"}}},
             restore);
  router.add("DELETE", "/_sim/snapshots/{name}",
             {.summary = "Forget a snapshot.", .response = {{.name = "deleted", .types = kBoolean}}},
             [](App& app, const ControlRequest& req) {
               if (!app.snapshots.remove(req.param("name"))) return no_snapshot(req.param("name"));
               return json_response(200, "{\"deleted\":true}");
             });
}

}  // namespace antom::server
