// The simulator's own basics: health, clock, reset, keys, merchants, and a self-description.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "server/control/control_json.hpp"
#include "server/control/control_router.hpp"
#include "server/control/merchant_param.hpp"
#include "server/merchant_config.hpp"
#include "server/notify/notifier.hpp"
#include "server/protocol/operations.hpp"
#include "state/result_code.hpp"

namespace antom::server {
namespace {

// Which clock a /_sim/clock call acts on: the shared one, or (clientId named) that merchant's.
// Reading a merchant's clock shows the one it follows; moving it gives the merchant a clock of its
// own first, so other merchants keep the shared one (scoped worlds, docs/scoped-worlds.md).
struct ClockScope {
  std::string client_id;                     // "" = the shared clock
  std::shared_ptr<state::VirtualClock> clock;
  RawResponse refused;                       // status != 0: an unknown merchant
};

ClockScope clock_scope(App& app, const ControlRequest& req, bool to_move) {
  ClockScope scope;
  const std::string named = named_client_id(req);
  if (named.empty()) {
    scope.clock = app.world.clock_for("");
    return scope;
  }
  const auto m = app.merchants.find(named);
  if (!m) {
    scope.refused = unknown_merchant(named);
    return scope;
  }
  scope.client_id = m->client_id;
  scope.clock = to_move ? app.world.own_clock(m->client_id) : app.world.clock_for(m->client_id);
  return scope;
}

RawResponse clock_state(App& app, const ClockScope& scope) {
  const auto now = scope.clock->now();
  return json_object_response(200, [&](JsonWriter& w) {
    write_string(w, "now", state::format_iso8601(now));
    write_string(w, "utc", state::format_iso8601(now, 0));
    w.Key("epochMs");
    w.Int64(state::to_epoch_ms(now));
    w.Key("frozen");
    w.Bool(scope.clock->frozen());
    if (!scope.client_id.empty()) {
      write_string(w, "clientId", scope.client_id);
      w.Key("ownClock");  // false: the merchant follows the shared clock
      w.Bool(app.world.has_own_clock(scope.client_id));
    }
  });
}

RawResponse bad_body(std::string_view what) { return json_error(400, "BAD_REQUEST", what); }

RawResponse show_clock(App& app, const ControlRequest& req) {
  const ClockScope scope = clock_scope(app, req, false);
  if (!scope.clock) return scope.refused;
  return clock_state(app, scope);
}

RawResponse set_clock(App& app, const ControlRequest& req) {
  const auto* body = json_body(req);  // the router checked its fields' presence and types
  const auto it = body->FindMember("time");
  const auto t = state::parse_iso8601(it->value.GetString());
  if (!t) return bad_body("time must be ISO 8601 with an offset, e.g. 2026-03-01T10:00:00+08:00.");
  if (*t < state::kClockMin || *t > state::kClockMax) return bad_body("time is out of range: " + state::clock_range_text() + ".");
  const ClockScope scope = clock_scope(app, req, true);
  if (!scope.clock) return scope.refused;
  auto& clock = *scope.clock;
  if (auto fr = body->FindMember("freeze"); fr != body->MemberEnd()) {
    if (fr->value.GetBool()) clock.freeze();
    else clock.unfreeze();
  }
  if (!clock.set(*t)) return bad_body("time is out of range: " + state::clock_range_text() + ".");
  app.state_changed();
  return clock_state(app, scope);
}

RawResponse advance_clock(App& app, const ControlRequest& req) {
  // The router checked that "by" is there, a string or an integer (an unsigned one past int64 too).
  const rapidjson::Value& given = json_body(req)->FindMember("by")->value;
  std::optional<std::chrono::milliseconds> by;
  if (given.IsString()) by = parse_duration(given.GetString());
  else if (given.IsInt64()) by = std::chrono::milliseconds(given.GetInt64());
  if (!by || by->count() < 0)
    return bad_body("by must be a duration such as \"24h\", \"15m\", \"30s\", \"250ms\" or milliseconds, not negative (the "
                    "clock only moves forward), and fit the clock: " + state::clock_range_text() + ".");
  const ClockScope scope = clock_scope(app, req, true);
  if (!scope.clock) return scope.refused;
  if (!scope.clock->advance(*by))
    return bad_body("by would move the clock past its end: " + state::clock_range_text() + "; it is now " +
                    state::format_iso8601(scope.clock->now(), 0) + ".");
  app.state_changed();
  return clock_state(app, scope);
}

RawResponse freeze_clock(App& app, const ControlRequest& req, bool freeze) {
  const ClockScope scope = clock_scope(app, req, true);
  if (!scope.clock) return scope.refused;
  if (freeze) scope.clock->freeze();
  else scope.clock->unfreeze();
  app.state_changed();
  return clock_state(app, scope);
}

// Shared: back to real time. A merchant: back to following the shared clock.
RawResponse reset_clock(App& app, const ControlRequest& req) {
  ClockScope scope = clock_scope(app, req, false);
  if (!scope.clock) return scope.refused;
  if (scope.client_id.empty()) app.world.clock().reset();
  else app.world.follow_shared_clock(scope.client_id);
  scope.clock = app.world.clock_for(scope.client_id);
  app.state_changed();
  return clock_state(app, scope);
}

RawResponse list_merchants(App& app) {
  return json_object_response(200, [&](JsonWriter& w) {
    w.Key("merchants");
    w.StartArray();
    for (const auto& m : app.merchants.all()) write_merchant(w, *m);
    w.EndArray();
  });
}

// Without clientId: everything but merchants and keys, as documented. With it: only that
// merchant's state; the clock, shared, stays unless clock=reset is asked for.
RawResponse reset(App& app, const ControlRequest& req) {
  const std::string client_id = named_client_id(req);
  if (!client_id.empty()) {
    const auto m = app.merchants.find(client_id);
    if (!m) return unknown_merchant(client_id);
    app.world.reset(m->client_id);
    app.scenarios.reset(m->client_id);
    app.signature_diagnoses.clear(m->client_id);
    (void)app.journal.clear(m->client_id);
    app.world.follow_shared_wallets(m->client_id);  // its wallet settings go with its state
    if (req.query_value("clock") == "reset") app.world.follow_shared_clock(m->client_id);
  } else {
    app.world.reset_all();
    app.world.set_wallets(state::WalletTable{});
    app.world.follow_shared_wallets_all();
    app.world.set_fx(state::FxTable{});
    app.auto_approve_all.store(false);
    app.scenarios.reset();
    app.signature_diagnoses.clear();
    (void)app.journal.clear();
    if (req.query_value("clock", "reset") == "reset") {
      app.world.clock().reset();
      app.world.follow_shared_clock_all();
    }
  }
  if (app.notifier) app.notifier->trim_memory_soon();  // a reset may free a lot
  app.state_changed();
  return json_object_response(200, [&](JsonWriter& w) {
    w.Key("reset");
    w.Bool(true);
    if (!client_id.empty()) write_string(w, "clientId", client_id);
  });
}

const std::vector<ControlField> kClockAnswer = {{.name = "now", .description = "Virtual time, ISO 8601 with offset."},
                                            {.name = "utc"},
                                            {.name = "epochMs", .types = kInteger},
                                            {.name = "frozen", .types = kBoolean},
                                            {.name = "clientId", .description = "The merchant, when one was named."},
                                            {.name = "ownClock", .types = kBoolean,
                                             .description = "Whether the merchant has a clock of its own (else it follows the shared one)."}};

// Every clock route takes a merchant, in the query or the JSON body.
ControlField clock_merchant() {
  return client_id_field("Act on this merchant's clock: reading shows the clock it follows; moving it gives it a clock of "
                         "its own, so other merchants keep the shared one.");
}

RawResponse upsert_merchant(App& app, const ControlRequest& req) {
  const auto* body = json_body(req);
  if (!body) return bad_body(json_body_problem(req));
  Merchant m;
  if (auto it = body->FindMember("clientId"); it != body->MemberEnd() && it->value.IsString())
    if (auto existing = app.merchants.find(it->value.GetString()); existing && existing->client_id == it->value.GetString())
      m = *existing;  // an update keeps the keys and settings not mentioned
  if (auto s = merchant_from_json(*body, m); !s.ok()) return bad_body(s.reason());
  if (m.sftp)
    if (auto owner = app.merchants.sftp_user_owner(m.sftp->user, m.client_id); !owner.empty())
      return bad_body("sftp.user " + m.sftp->user + " is already the SFTP user of " + owner + "; each merchant needs its own");
  const std::string json = merchant_to_json(m);
  app.merchants.upsert(std::move(m));
  return json_response(200, json);
}

RawResponse describe_api(App&) {
  return json_object_response(200, [](JsonWriter& w) {
    w.Key("operations");
    w.StartArray();
    for (const auto& op : all_operations()) {
      w.StartObject();
      write_string(w, "name", op.name);
      write_string(w, "path", std::string(kProductionPrefix) + std::string(op.path));
      write_string(w, "sandboxPath", std::string(kSandboxPrefix) + std::string(op.path));
      write_string(w, "idempotencyField", op.idempotency_field);
      w.Key("fields");
      w.StartArray();
      for_each_row(op.fields, [&](const FieldSpec& f, const std::string& path) {
        w.StartObject();
        write_string(w, "path", path);
        write_string(w, "type", to_string(f.kind));
        write_string(w, "presence", to_string(f.presence));
        if (f.max_len) {
          w.Key("max");
          w.Uint(f.max_len);
        }
        if (!f.allowed.empty()) {
          w.Key("allowed");
          w.StartArray();
          for (auto v : f.allowed) w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
          w.EndArray();
        }
        if (!f.when_field.empty()) write_string(w, "condition", f.when_field);
        w.EndObject();
      });
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
    w.Key("resultCodes");
    w.StartArray();
    for (const auto& info : state::all_result_codes()) {
      w.StartObject();
      write_string(w, "code", info.name);
      write_string(w, "status", state::to_string(info.status));
      write_string(w, "message", info.default_message);
      w.EndObject();
    }
    w.EndArray();
  });
}

}  // namespace

void add_core_routes(ControlRouter& router) {
  router.add("GET", "/_sim/health",
             {.summary = "Liveness: ready, the version, the virtual time and the requests served.",
              .response = {{.name = "status", .values = {"ready"}}, {.name = "version"}, {.name = "now"},
                           {.name = "requests", .types = kInteger}}},
             [](App& app, const ControlRequest&) {
               return json_object_response(200, [&](JsonWriter& w) {
                 write_string(w, "status", "ready");
                 write_string(w, "version", ANTOM_SIM_VERSION);
                 write_string(w, "now", state::format_iso8601(app.world.clock().now()));
                 w.Key("requests");
                 w.Uint64(app.requests_served.load());
               });
             },
             /*open=*/true);
  const std::vector<ControlField> merchant_query{clock_merchant()};
  const BodySpec merchant_body{{clock_merchant()}};
  router.add("GET", "/_sim/clock", {.summary = "The virtual clock (the shared one, or a merchant's).", .query = merchant_query,
                                    .response = kClockAnswer},
             show_clock);
  router.add("POST", "/_sim/clock",
             {.summary = "Jump the virtual clock to a time, optionally freezing it.",
              .query = merchant_query,
              .body = BodySpec{{{.name = "time", .description = "ISO 8601 with an offset, e.g. 2026-03-01T10:00:00+08:00", .required = true},
                                {.name = "freeze", .types = kBoolean, .description = "Freeze (true) or let it run (false)."},
                                clock_merchant()}},
              .response = kClockAnswer},
             set_clock);
  router.add("POST", "/_sim/clock/advance",
             {.summary = "Move the virtual clock forward; every due transition and notification fires, in order.",
              .query = merchant_query,
              .body = BodySpec{{{.name = "by", .types = kString | kInteger,
                                 .description = "a duration such as \"24h\", \"15m\", \"30s\", \"250ms\" or milliseconds",
                                 .required = true},
                                clock_merchant()}},
              .response = kClockAnswer},
             advance_clock);
  router.add("POST", "/_sim/clock/freeze",
             {.summary = "Stop the virtual clock.", .query = merchant_query, .body = merchant_body, .response = kClockAnswer},
             [](App& app, const ControlRequest& req) { return freeze_clock(app, req, true); });
  router.add("POST", "/_sim/clock/unfreeze",
             {.summary = "Let the virtual clock run from where it is.", .query = merchant_query, .body = merchant_body,
              .response = kClockAnswer},
             [](App& app, const ControlRequest& req) { return freeze_clock(app, req, false); });
  router.add("POST", "/_sim/clock/reset",
             {.summary = "The shared clock: back to real time. A merchant's: back to following the shared clock.",
              .query = merchant_query, .body = merchant_body, .response = kClockAnswer},
             reset_clock);
  router.add("POST", "/_sim/reset",
             {.summary = "Forget state: every merchant's (payments, tokens, notifications, activations), or one merchant's.",
              .query = {client_id_field("Reset only this merchant's state (payments, tokens, notifications, buyers, its "
                                        "scenario activation, its signature diagnoses); its clock stays unless clock=reset (then it "
                                        "follows the shared clock again)."),
                        {.name = "clock", .description = "keep: the virtual clock stays; reset: back to real time (the default without clientId).",
                         .values = {"keep", "reset"}}},
              .response = {{.name = "reset", .types = kBoolean}, {.name = "clientId"}}},
             reset);
  router.add("GET", "/_sim/keys",
             {.summary = "The simulator's public key, to verify its responses and notifications.",
              .response = {{.name = "keyVersion", .types = kInteger}, {.name = "algorithm"}, {.name = "publicKey"}, {.name = "publicKeyPem"}}},
             [](App& app, const ControlRequest&) {
               return json_object_response(200, [&](JsonWriter& w) {
                 w.Key("keyVersion");
                 w.Int(app.keys.key_version);
                 write_string(w, "algorithm", "RSA256");
                 write_string(w, "publicKey", app.keys.antom_private.public_base64());
                 write_string(w, "publicKeyPem", app.keys.antom_private.public_pem());
               });
             });
  router.add("GET", "/_sim/merchants",
             {.summary = "Registered merchants (public keys as given).", .response = {{.name = "merchants", .types = kArray}}},
             [](App& app, const ControlRequest&) { return list_merchants(app); });
  // merchant_from_json checks the body (the same rules as --config), so the router leaves it alone.
  router.add("POST", "/_sim/merchants",
             {.summary = "Register or update a merchant; an update keeps what it does not mention.",
              .body = BodySpec{.fields = merchant_fields(), .raw = true},
              .response = merchant_fields()},
             upsert_merchant);
  router.add("GET", "/_sim/merchants/{clientId}", {.summary = "One registered merchant.", .response = merchant_fields()},
             [](App& app, const ControlRequest& req) {
               auto m = app.merchants.find(req.param("clientId"));
               if (!m) return unknown_merchant(req.param("clientId"));
               return json_response(200, merchant_to_json(*m));
             });
  router.add("DELETE", "/_sim/merchants/{clientId}",
             {.summary = "Remove a merchant and its state.", .response = {{.name = "deleted", .types = kBoolean}}},
             [](App& app, const ControlRequest& req) {
               if (!app.merchants.remove(req.param("clientId"))) return unknown_merchant(req.param("clientId"));
               app.world.reset(req.param("clientId"));
               if (app.notifier) app.notifier->trim_memory_soon();
               return json_response(200, "{\"deleted\":true}");
             });
  router.add("GET", "/_sim/api",
             {.summary = "Antom's API surface as data: operations, paths, field tables, result codes.",
              .response = {{.name = "operations", .types = kArray}, {.name = "resultCodes", .types = kArray}}},
             [](App& app, const ControlRequest&) { return describe_api(app); });
}

}  // namespace antom::server
