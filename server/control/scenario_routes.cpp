// /_sim/scenarios: list, read, write and delete scenario files, and activate them per merchant or
// as the global default (optionally until a virtual time), like Antom's Dashboard error simulation.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "scenarios/catalog_docs.hpp"
#include "server/control/control_json.hpp"
#include "server/control/control_router.hpp"
#include "server/control/merchant_param.hpp"

namespace antom::server {
namespace {

RawResponse bad_request(std::string_view message) { return json_error(400, "BAD_REQUEST", message); }

void write_strings(JsonWriter& w, std::string_view key, const std::vector<std::string>& values) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  w.StartArray();
  for (const auto& v : values) w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
  w.EndArray();
}

void write_summary(JsonWriter& w, const scenarios::Scenario& s) {
  w.StartObject();
  write_string(w, "name", s.name);
  write_string(w, "description", s.description);
  std::vector<std::string> ops;
  bool any = false;
  for (const auto& r : s.rules) {
    any = any || r.match.operations.empty();
    for (const auto& op : r.match.operations)
      if (std::find(ops.begin(), ops.end(), op) == ops.end()) ops.push_back(op);
  }
  write_strings(w, "operations", any ? std::vector<std::string>{} : ops);
  write_strings(w, "magicAmounts", s.magic_amounts);
  std::vector<std::string> rules;
  for (const auto& r : s.rules) rules.push_back(r.name);
  write_strings(w, "rules", rules);
  write_string(w, "origin", s.origin);
  w.EndObject();
}

void write_activation(JsonWriter& w, const scenarios::ActiveScenario& a) {
  w.StartObject();
  write_string(w, "scope", a.scope == "global" ? "global" : "merchant");
  if (a.scope != "global") {
    write_string(w, "clientId", a.scope);
    write_string(w, "merchant", a.scope);  // the old name, kept for one release
  }
  write_string(w, "scenario", a.activation.scenario);
  if (!a.activation.arg.empty()) write_string(w, "arg", a.activation.arg);
  write_string(w, "since", state::format_iso8601(a.activation.since));
  if (a.activation.until) write_string(w, "until", state::format_iso8601(*a.activation.until));
  w.EndObject();
}

RawResponse list_scenarios(App& app, const ControlRequest& req) {
  auto all = app.scenarios.list();
  if (req.query_value("format") == "markdown") {  // the router allows json and markdown
    RawResponse res = json_response(200, scenarios::render_catalog_markdown(all));
    res.set_header("content-type", "text/markdown; charset=utf-8");
    return res;
  }
  return json_object_response(200, [&](JsonWriter& w) {
    w.Key("seed");
    w.Uint64(app.world.seed());
    w.Key("scenarios");
    w.StartArray();
    for (const auto& s : all) write_summary(w, *s);
    w.EndArray();
  });
}

RawResponse get_scenario(App& app, const ControlRequest& req) {
  auto s = app.scenarios.find(req.param("name"));
  if (!s) return json_error(404, "NOT_FOUND", "No scenario named '" + req.param("name") + "'.");
  return json_response(200, s->source);  // the file as loaded: GET then PUT round-trips
}

RawResponse put_scenario(App& app, const ControlRequest& req) {
  const std::string name = req.param("name");
  const bool existed = app.scenarios.find(name) != nullptr;
  const state::Status put = app.scenarios.put(name, req.raw.body);
  if (!put.ok()) return json_error(400, "INVALID_SCENARIO", put.reason());
  return json_object_response(existed ? 200 : 201, [&](JsonWriter& w) {
    write_string(w, "name", name);
    write_string(w, "status", existed ? "replaced" : "created");
  });
}

RawResponse delete_scenario(App& app, const ControlRequest& req) {
  const std::string name = req.param("name");
  if (!app.scenarios.remove(name)) return json_error(404, "NOT_FOUND", "No scenario named '" + name + "'.");
  return json_object_response(200, [&](JsonWriter& w) { write_string(w, "deleted", name); });
}

// Body: {"clientId":"CLIENT_ID"} (or none = global default), optional "arg", and an optional
// expiry: "for" (a duration such as "10m") or "until" (ISO 8601), both in virtual time. The router
// has checked the fields' names and types.
RawResponse activate_scenario(App& app, const ControlRequest& req) {
  const std::string name = req.param("name");
  const auto* body = json_body(req);
  if (!app.scenarios.find(name)) return json_error(404, "NOT_FOUND", "No scenario named '" + name + "'.");
  std::optional<std::string> merchant;
  if (std::string id = named_client_id(req); !id.empty()) {
    if (!app.merchants.find(id)) return unknown_merchant(id);
    merchant = std::move(id);
  } else if (body->HasMember("clientId")) {
    return bad_request("clientId must be a Client-Id.");
  }
  std::string arg;
  if (auto it = body->FindMember("arg"); it != body->MemberEnd()) arg = it->value.GetString();
  std::optional<state::TimePoint> until;
  const auto now = merchant ? app.world.now(*merchant) : app.world.clock().now();  // "for" runs on the merchant's clock
  if (auto it = body->FindMember("for"); it != body->MemberEnd()) {
    auto d = parse_duration(it->value.GetString());
    if (!d || d->count() <= 0) return bad_request("for must be a positive duration such as \"10m\" or \"30s\".");
    until = now + *d;
  }
  if (auto it = body->FindMember("until"); it != body->MemberEnd()) {
    auto t = state::parse_iso8601(it->value.GetString());
    if (!t) return bad_request("until must be ISO 8601 with an offset.");
    until = *t;
  }
  if (auto g = body->FindMember("global"); merchant && g != body->MemberEnd() && g->value.GetBool())
    return bad_request("Give either clientId or global, not both.");
  const state::Status activated = app.scenarios.activate(name, merchant, arg, now, until);
  if (!activated.ok()) return bad_request(activated.reason());
  return json_object_response(200, [&](JsonWriter& w) {
    w.Key("activated");
    write_activation(w, {merchant.value_or("global"), scenarios::Activation{name, arg, now, until}});
  });
}

// Body: {"clientId":"CLIENT_ID"} ends that merchant's activation, {"global":true} the global one,
// {} (or no body) all of them.
RawResponse deactivate_scenarios(App& app, const ControlRequest& req) {
  const auto* body = json_body(req);
  if (body->HasMember("clientId")) {
    bool had = app.scenarios.deactivate(named_client_id(req));
    return json_object_response(200, [&](JsonWriter& w) { w.Key("deactivated"); w.Int(had ? 1 : 0); });
  }
  if (auto g = body->FindMember("global"); g != body->MemberEnd() && g->value.GetBool()) {
    bool had = app.scenarios.deactivate(std::nullopt);
    return json_object_response(200, [&](JsonWriter& w) { w.Key("deactivated"); w.Int(had ? 1 : 0); });
  }
  auto n = app.scenarios.active(app.world.clock().now()).size();
  app.scenarios.deactivate_all();
  return json_object_response(200, [&](JsonWriter& w) { w.Key("deactivated"); w.Uint64(n); });
}

RawResponse active_scenarios(App& app, const ControlRequest&) {
  const auto now = app.world.clock().now();
  auto active = app.scenarios.active(now);
  return json_object_response(200, [&](JsonWriter& w) {
    write_string(w, "now", state::format_iso8601(now));
    w.Key("active");
    w.StartArray();
    for (const auto& a : active) write_activation(w, a);
    w.EndArray();
  });
}

}  // namespace

const ControlField kName{.name = "name"};

void add_scenario_routes(ControlRouter& router) {
  router.add("GET", "/_sim/scenarios",
             {.summary = "The scenario catalog (JSON, or the catalog page as Markdown).",
              .query = {{.name = "format", .description = "json (default) or markdown", .values = {"json", "markdown"}}},
              .response = {{.name = "seed", .types = kInteger}, {.name = "scenarios", .types = kArray}}},
             list_scenarios);
  // Fixed names before {name}: the router takes the first pattern that matches.
  router.add("GET", "/_sim/scenarios/active",
             {.summary = "The activations in force now.", .response = {{.name = "now"}, {.name = "active", .types = kArray}}},
             active_scenarios);
  router.add("POST", "/_sim/scenarios/deactivate",
             {.summary = "End one merchant's activation (clientId), the global one (global), or all (empty body).",
              .body = BodySpec{{client_id_field("End this merchant's activation."),
                                {.name = "global", .types = kBoolean, .description = "true: end the global activation."}}},
              .response = {{.name = "deactivated", .types = kInteger}}},
             deactivate_scenarios);
  router.add("GET", "/_sim/scenarios/{name}",
             {.summary = "One scenario file as loaded (GET then PUT round-trips).", .response = {kName, {.name = "rules", .types = kArray}}},
             get_scenario);
  router.add("PUT", "/_sim/scenarios/{name}",
             {.summary = "Create or replace a scenario (the body is the scenario file; see docs/scenarios.md).",
              .body = BodySpec{.fields = {{.name = "name", .required = true}, {.name = "description"}, {.name = "rules", .types = kArray, .required = true}},
                               .raw = true},
              .response = {kName, {.name = "status", .values = {"created", "replaced"}}}},
             put_scenario);
  router.add("DELETE", "/_sim/scenarios/{name}",
             {.summary = "Delete a scenario (and end its activations).", .response = {{.name = "deleted"}}}, delete_scenario);
  router.add("POST", "/_sim/scenarios/{name}/activate",
             {.summary = "Activate a scenario for one merchant or as the global default, optionally until a virtual time.",
              .body = BodySpec{{client_id_field("Activate for this merchant only; none: the global default."),
                                {.name = "global", .types = kBoolean, .description = "true: the global default (the same as no clientId)."},
                                {.name = "arg", .description = "The argument, e.g. a result code for pay-errors; must be one the scenario's rules accept."},
                                {.name = "for", .description = "Expire after this virtual duration, e.g. \"10m\"."},
                                {.name = "until", .description = "Expire at this virtual time, ISO 8601 with an offset."}}},
              .response = {{.name = "activated", .types = kObject}}},
             activate_scenario);
}

}  // namespace antom::server
