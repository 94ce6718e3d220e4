// /_sim/snapshots: save the simulator's state (whole, or one merchant's) under a name, list,
// restore, delete. Taking and restoring: server/snapshot/capture.hpp; the format: docs/snapshots.md.
#include "server/control/control_json.hpp"
#include "server/control/control_router.hpp"
#include "server/control/merchant_param.hpp"
#include "server/snapshot/capture.hpp"
#include "server/snapshot/document.hpp"
#include "server/snapshot/state_file.hpp"

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

bool wants_apply(const ControlRequest& req) { return req.query_value("apply") == "true"; }

// A document body: checked whole, then kept under its name (or ?name=), and with apply=true also
// restored at once. Nothing changes when any of it is wrong.
RawResponse import(App& app, const ControlRequest& req) {
  auto imported = import_document(req.raw.body, [&](std::string_view n) { return app.scenarios.find(n) != nullptr; });
  if (!imported.snapshot) return json_error(400, "INVALID_SNAPSHOT", "The document was not loaded: " + imported.problem + ".");
  auto& s = *imported.snapshot;
  if (req.query.contains("name")) s.name = req.query_value("name");
  else if (s.name == "live") s.name = "imported";  // an export of the live state, kept without ?name=
  if (auto problem = snapshot_name_problem(s.name); !problem.empty()) return bad(problem + ".");
  std::shared_ptr<const Snapshot> kept = imported.snapshot;
  if (auto stored = app.snapshots.put(kept); !stored.ok())
    return json_error(409, "LIMIT_REACHED", "Snapshot " + s.name + " was not kept: " + stored.reason() + ".");
  if (wants_apply(req)) restore_snapshot(app, *kept);
  return json_object_response(201, [&](JsonWriter& w) {
    write_summary(w, *kept);
    w.Key("restored");
    w.Bool(wants_apply(req));
  });
}

RawResponse create(App& app, const ControlRequest& req) {
  const auto* body = json_body(req);
  if (!body) return bad(json_body_problem(req));
  if (body->HasMember("antomSimSnapshot")) return import(app, req);
  for (const auto& m : body->GetObject()) {
    const std::string_view key(m.name.GetString(), m.name.GetStringLength());
    if (key != "name" && key != "clientId")
      return bad("unknown field '" + std::string(key) + "': the body is {\"name\", \"clientId\"} or a snapshot document.");
    if (!m.value.IsString()) return bad(std::string(key) + " must be a string.");
  }
  if (req.query.contains("name")) return bad("name goes in the body; ?name= is for a document body.");
  const auto name_it = body->FindMember("name");
  const std::string name = name_it != body->MemberEnd() && name_it->value.IsString() ? name_it->value.GetString() : "";
  if (auto problem = snapshot_name_problem(name); !problem.empty()) return bad(problem + ".");
  std::optional<std::string> client_id;
  if (const std::string given = named_client_id(req); !given.empty()) {
    const auto m = app.merchants.find(given);
    if (!m) return unknown_merchant(given);
    client_id = m->client_id;
  }
  if (wants_apply(req)) return bad("apply=true is for a document body.");
  auto snapshot = std::make_shared<const Snapshot>(take_snapshot(app, name, client_id));
  if (auto stored = app.snapshots.put(snapshot); !stored.ok())
    return json_error(409, "LIMIT_REACHED", "Snapshot " + name + " was not kept: " + stored.reason() + ".");
  return json_object_response(201, [&](JsonWriter& w) { write_summary(w, *snapshot); });
}

// The document of a kept snapshot, or of the live state ("live", optionally one merchant's); the
// JSON is written from the copies, outside every lock.
RawResponse export_one(App& app, const ControlRequest& req) {
  const std::string name = req.param("name");
  if (name == "live") {
    std::optional<std::string> client_id;
    if (const std::string given = named_client_id(req); !given.empty()) {
      const auto m = app.merchants.find(given);
      if (!m) return unknown_merchant(given);
      client_id = m->client_id;
    }
    return json_response(200, export_document(take_snapshot(app, "live", client_id)));
  }
  if (req.query.contains("clientId")) return bad("clientId applies to GET /_sim/snapshots/live only.");
  const auto snapshot = app.snapshots.find(name);
  if (!snapshot) return no_snapshot(name);
  return json_response(200, export_document(*snapshot));
}

RawResponse save_state(App& app) {
  if (!app.options.state_file)
    return json_error(409, "NO_STATE_FILE", "antom-sim runs without a state file: start it with --state-file FILE.");
  const auto r = save_state_file(app, *app.options.state_file);
  if (!r.saved.ok()) return json_error(500, "SAVE_FAILED", "The state was not saved: " + r.saved.reason() + ".");
  return json_object_response(200, [&](JsonWriter& w) {
    w.Key("saved");
    w.Bool(true);
    write_string(w, "path", app.options.state_file->string());
    w.Key("bytes");
    w.Uint64(r.bytes);
  });
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
              .query = {{.name = "name", .description = "With a document body: keep it under this name instead of the document's."},
                        {.name = "apply", .description = "With a document body: true also restores it at once.",
                         .values = {"true", "false"}}},
              .body = BodySpec{.fields = {{.name = "name", .description = "1-64 characters of A-Z a-z 0-9 . _ -; an existing one is replaced."},
                                          client_id_field("Save only this merchant: its registration, state and scenario activation."),
                                          {.name = "antomSimSnapshot", .types = kInteger,
                                           .description = "Instead: a whole snapshot document (docs/snapshots.md) to keep, checked first."}},
                               .raw = true},
              .response = kSummary,
              .status = 201},
             create);
  router.add("GET", "/_sim/snapshots",
             {.summary = "The snapshots kept in memory: name, scope, createdAt, counts.",
              .response = {{.name = "snapshots", .types = kArray}}},
             [](App& app, const ControlRequest&) { return list(app); });
  router.add("GET", "/_sim/snapshots/{name}",
             {.summary = "A snapshot as a versioned JSON document; live: the live state now (clientId: one merchant's).",
              .query = {client_id_field("With live: that merchant only.")},
              .response = {{.name = "antomSimSnapshot", .types = kInteger}, {.name = "scope"}, {.name = "merchants", .types = kArray}}},
             export_one);
  router.add("POST", "/_sim/state/save",
             {.summary = "Save the whole state to --state-file now, atomically.",
              .response = {{.name = "saved", .types = kBoolean}, {.name = "path"}, {.name = "bytes", .types = kInteger}}},
             [](App& app, const ControlRequest&) { return save_state(app); });
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
