// /_sim/authorizations: inspect attempts, codes and tokens per merchant; approve or decline an
// attempt headlessly; play the buyer cancelling in the wallet app; mint a ready token; and the
// auto-approve switch. The wallet's own pages and table live in server/wallet/.
#include <algorithm>
#include <map>

#include "server/control/control_json.hpp"
#include "server/control/control_router.hpp"
#include "server/control/merchant_param.hpp"
#include "server/wallet/redirect_url.hpp"
#include "server/wallet/wallet_routes.hpp"
#include "state/authorization_flow.hpp"
#include "state/clock.hpp"
#include "state/tick.hpp"

namespace antom::server {
namespace {

using state::format_iso8601;

// The merchant the call names, when it names one and it is registered.
bool named_merchant_unknown(App& app, const ControlRequest& req, RawResponse& error) {
  const std::string hint = named_client_id(req);
  if (hint.empty() || merchant_partition(app, hint)) return false;
  error = unknown_merchant(hint);
  return true;
}

void write_strings(JsonWriter& w, std::string_view key, const std::vector<std::string>& values) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  w.StartArray();
  for (const auto& v : values) w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
  w.EndArray();
}

void write_token(JsonWriter& w, const state::AccessToken& t, bool live, state::TimePoint now) {
  w.StartObject();
  write_string(w, "accessToken", t.access_token);
  write_string(w, "state", state::to_string(t.state));
  w.Key("live");
  w.Bool(live);
  w.Key("usable");  // what pay would say about it right now
  w.Bool(t.state == state::TokenState::Active && now < t.access_expires_at);
  write_string(w, "accessTokenExpiryTime", format_iso8601(t.access_expires_at));
  if (!t.refresh_token.empty()) {
    write_string(w, "refreshToken", t.refresh_token);
    write_string(w, "refreshTokenExpiryTime", format_iso8601(t.refresh_expires_at));
    w.Key("refreshUsed");
    w.Bool(t.refresh_used);
  }
  write_string(w, "createdAt", format_iso8601(t.created_at));
  if (t.state != state::TokenState::Active) {
    write_string(w, "endedAt", format_iso8601(t.ended_at));
    write_string(w, "endedReason", t.ended_reason);
  }
  w.EndObject();
}

void write_authorization(JsonWriter& w, const std::string& client_id, const state::AuthorizationBook& book,
                         const state::AuthAttempt& a, const std::vector<const state::AccessToken*>& tokens,
                         const std::string& base_url, state::TimePoint now) {
  w.StartObject();
  write_string(w, "clientId", client_id);
  write_string(w, "attemptId", a.id);
  write_string(w, "customerBelongsTo", a.wallet);
  write_string(w, "state", state::to_string(a.state));
  w.Key("minted");
  w.Bool(a.minted);
  write_strings(w, "scopes", a.scopes);
  write_string(w, "authState", a.auth_state);
  write_string(w, "authRedirectUrl", a.redirect_url);
  write_string(w, "authNotifyUrl", a.notify_url);
  write_string(w, "terminalType", a.terminal_type);
  write_string(w, "osType", a.os_type);
  write_string(w, "authClientId", a.auth_client_id);
  write_string(w, "buyerId", a.buyer_id);
  write_string(w, "userLoginId", a.user_login_id);
  if (!a.minted) write_string(w, "walletUrl", wallet_page_url(base_url, client_id, a.id));
  write_string(w, "createdAt", format_iso8601(a.created_at));
  if (a.state != state::AttemptState::Pending) write_string(w, "decidedAt", format_iso8601(a.decided_at));
  if (a.state == state::AttemptState::Pending && a.planned_action != state::WalletAction::None) {
    static constexpr const char* kActions[] = {"NONE", "APPROVE", "DECLINE", "ABANDON"};
    write_string(w, "plannedAction", kActions[static_cast<int>(a.planned_action)]);
    write_string(w, "plannedAt", format_iso8601(a.planned_at));
  }
  w.Key("authCode");
  if (auto c = book.codes.find(a.auth_code); c != book.codes.end()) {
    w.StartObject();
    write_string(w, "code", c->second.code);
    write_string(w, "expiresAt", format_iso8601(c->second.expires_at));
    w.Key("used");
    w.Bool(c->second.used);
    w.Key("expired");
    w.Bool(now >= c->second.expires_at);
    w.EndObject();
  } else {
    w.Null();
  }
  write_string(w, "liveToken", a.live_token);
  w.Key("tokens");
  w.StartArray();
  for (const auto* t : tokens) write_token(w, *t, t->access_token == a.live_token, now);
  w.EndArray();
  w.EndObject();
}

// A copy of the merchant's book (the world's door has applied the decisions due by now).
state::AuthorizationBook current_book(App& app, const std::string& partition) {
  auto book = app.world.with_merchant(partition, [&](state::MerchantState& m) { return m.auth; });
  app.state_changed();  // the door may have queued notifications of decisions due meanwhile
  return book;
}

using TokensByAttempt = std::map<std::string, std::vector<const state::AccessToken*>, std::less<>>;
TokensByAttempt tokens_by_attempt(const state::AuthorizationBook& book) {
  TokensByAttempt out;
  for (const auto& [key, t] : book.tokens) out[t.attempt_id].push_back(&t);
  for (auto& [id, list] : out)
    std::sort(list.begin(), list.end(), [](auto* x, auto* y) { return x->created_at < y->created_at; });
  return out;
}

RawResponse list_authorizations(App& app, const ControlRequest& req) {
  std::vector<std::string> partitions;
  if (const std::string hint = named_client_id(req); !hint.empty()) {
    auto p = merchant_partition(app, hint);
    if (!p) return unknown_merchant(hint);
    partitions.push_back(*p);
  } else {
    partitions = app.world.client_ids();
  }
  const std::string want_state = req.query_value("state"), want_wallet = req.query_value("customerBelongsTo");
  return json_object_response(200, [&](JsonWriter& w) {
    w.Key("authorizations");
    w.StartArray();
    for (const auto& p : partitions) {
      // Copy under the lock, write JSON outside it.
      const state::AuthorizationBook book = current_book(app, p);
      const TokensByAttempt tokens = tokens_by_attempt(book);
      std::vector<const state::AuthAttempt*> attempts;
      for (const auto& [id, a] : book.attempts)
        if ((want_state.empty() || state::to_string(a.state) == want_state) && (want_wallet.empty() || a.wallet == want_wallet))
          attempts.push_back(&a);
      std::sort(attempts.begin(), attempts.end(), [](auto* x, auto* y) { return x->created_at < y->created_at || (x->created_at == y->created_at && x->id < y->id); });
      static const std::vector<const state::AccessToken*> kNone;
      for (const auto* a : attempts) {
        auto t = tokens.find(a->id);
        write_authorization(w, p, book, *a, t == tokens.end() ? kNone : t->second, req.base_url, app.world.now(p));
      }
    }
    w.EndArray();
  });
}

RawResponse one_authorization(App& app, const ControlRequest& req) {
  const std::string id = req.param("id");
  if (RawResponse error; named_merchant_unknown(app, req, error)) return error;
  auto p = partition_of_authorization(app, named_client_id(req), id);
  if (!p) return json_error(404, "NOT_FOUND", "No authorization " + id + ".");
  const state::AuthorizationBook book = current_book(app, *p);
  const state::AuthAttempt* a = state::find_authorization(book, id);
  if (!a) return json_error(404, "NOT_FOUND", "No authorization " + id + ".");
  const TokensByAttempt tokens = tokens_by_attempt(book);
  static const std::vector<const state::AccessToken*> kNone;
  auto t = tokens.find(a->id);
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  write_authorization(w, *p, book, *a, t == tokens.end() ? kNone : t->second, req.base_url, app.world.now(*p));
  return json_response(200, std::string(buf.GetString(), buf.GetSize()));
}

RawResponse decide(App& app, const ControlRequest& req, bool approve) {
  const std::string id = req.param("id");
  if (RawResponse error; named_merchant_unknown(app, req, error)) return error;
  auto p = partition_of_authorization(app, named_client_id(req), id);
  if (!p) return json_error(404, "NOT_FOUND", "No authorization " + id + ".");
  const auto now = app.world.now(*p);
  const state::WalletDecision d = app.world.with_merchant(*p, [&](state::MerchantState& m) {
    const state::AuthAttempt* a = state::find_authorization(m.auth, id);
    const std::string attempt_id = a ? a->id : std::string(id);
    return approve ? state::approve_attempt(m, attempt_id, now) : state::decline_attempt(m, attempt_id, now);
  });
  if (d.changed) app.state_changed();
  const auto wanted = approve ? state::AttemptState::Approved : state::AttemptState::Declined;
  if (d.state != wanted)
    return json_error(409, "ALREADY_DECIDED", "The authorization is already " + std::string(state::to_string(d.state)) + ".");
  const std::string redirect = approve ? with_query(d.redirect_url, {{"authCode", d.auth_code}, {"authState", d.auth_state}})
                                       : with_query(d.redirect_url, {{"authState", d.auth_state}});
  return json_object_response(200, [&](JsonWriter& w) {
    write_string(w, "clientId", *p);
    write_string(w, "state", state::to_string(d.state));
    w.Key("changed");
    w.Bool(d.changed);
    if (approve) write_string(w, "authCode", d.auth_code);
    write_string(w, "authState", d.auth_state);
    write_string(w, "redirectUrl", redirect);
  });
}

RawResponse wallet_cancel(App& app, const ControlRequest& req) {
  const std::string id = req.param("id");
  if (RawResponse error; named_merchant_unknown(app, req, error)) return error;
  auto p = partition_of_authorization(app, named_client_id(req), id);
  if (!p) return json_error(404, "NOT_FOUND", "No authorization " + id + ".");
  const auto now = app.world.now(*p);
  const auto wallets = app.world.wallets(*p);
  const auto ended = app.world.with_merchant(*p, [&](state::MerchantState& m) {
    return state::cancel_in_wallet(m, *wallets, id, now);
  });
  using Status = state::WalletCancel::Status;
  if (ended.status == Status::NotSupported)
    return json_error(409, "NOT_SUPPORTED",
                      ended.wallet + " does not let the buyer cancel the authorization in the wallet app (Antom documents "
                                     "it for some methods only; see /_sim/wallets, walletSideCancel).");
  if (ended.status != Status::Cancelled)
    return json_error(409, "NO_ACTIVE_TOKEN", "The authorization has no active access token to cancel.");
  app.state_changed();
  return json_object_response(200, [&](JsonWriter& w) {
    write_string(w, "clientId", *p);
    write_string(w, "accessToken", ended.access_token);
    write_string(w, "state", "CANCELED");
    w.Key("notification");
    if (ended.notified)
      w.String("TOKEN_CANCELED");
    else
      w.Null();  // this method cancels silently
  });
}

RawResponse mint(App& app, const ControlRequest& req) {
  const auto* body = json_body(req);  // fields and types checked by the router
  const std::string hint = named_client_id(req);
  std::optional<std::string> p;
  if (!hint.empty()) p = merchant_partition(app, hint);
  else if (auto all = app.merchants.all(); all.size() == 1) p = all.front()->client_id;
  if (!p && !hint.empty()) return unknown_merchant(hint);
  if (!p) return json_error(400, "BAD_REQUEST", "clientId is required when several merchants are registered.");
  state::MintInput in;
  if (auto it = body->FindMember("customerBelongsTo"); it != body->MemberEnd()) in.wallet = it->value.GetString();
  if (auto it = body->FindMember("scopes"); it != body->MemberEnd()) {
    in.scopes.clear();
    for (const auto& s : it->value.GetArray()) {
      if (!s.IsString()) return json_error(400, "BAD_REQUEST", "scopes must be an array of strings.");
      in.scopes.emplace_back(s.GetString());
    }
  }
  if (auto it = body->FindMember("accessTokenTtl"); it != body->MemberEnd()) {
    in.access_ttl = it->value.IsString() ? parse_duration(it->value.GetString())
                    : it->value.IsInt64() ? std::optional(std::chrono::milliseconds(it->value.GetInt64())) : std::nullopt;
    if (!in.access_ttl || in.access_ttl->count() <= 0 || *in.access_ttl > state::kMaxLifetime)
      return json_error(400, "BAD_REQUEST", "accessTokenTtl must be a duration such as \"1h\", at most 10 years (\"3650d\").");
  }
  const auto wallets = app.world.wallets(*p);
  const auto now = app.world.now(*p);
  auto t = app.world.with_merchant(*p, [&](state::MerchantState& m) { return state::mint_token(m, *wallets, in, now); });
  if (!t) return json_error(400, "BAD_REQUEST", "customerBelongsTo must name a wallet of GET /_sim/wallets, and scopes must not be empty.");
  return json_object_response(201, [&](JsonWriter& w) {
    write_string(w, "clientId", *p);
    write_string(w, "attemptId", t->attempt_id);
    write_string(w, "customerBelongsTo", t->wallet);
    write_string(w, "accessToken", t->access_token);
    write_string(w, "accessTokenExpiryTime", format_iso8601(t->access_expires_at));
    if (!t->refresh_token.empty()) {
      write_string(w, "refreshToken", t->refresh_token);
      write_string(w, "refreshTokenExpiryTime", format_iso8601(t->refresh_expires_at));
    }
    write_string(w, "buyerId", t->buyer_id);
    write_string(w, "userLoginId", t->user_login_id);
  });
}

RawResponse auto_approve_state(App& app) {
  return json_object_response(200, [&](JsonWriter& w) {
    w.Key("global");
    w.Bool(app.auto_approve_all.load());
    w.Key("merchants");
    w.StartObject();
    for (const auto& m : app.merchants.all()) {
      w.Key(m->client_id.c_str());
      w.Bool(m->auto_approve);
    }
    w.EndObject();
  });
}

RawResponse set_auto_approve(App& app, const ControlRequest& req) {
  const auto* body = json_body(req);  // the router checked that enabled is there and a boolean
  const bool enabled = body->FindMember("enabled")->value.GetBool();
  if (const std::string hint = named_client_id(req); !hint.empty()) {
    auto m = app.merchants.find(hint);
    if (!m) return unknown_merchant(hint);
    Merchant changed = *m;
    changed.auto_approve = enabled;
    app.merchants.upsert(std::move(changed));
  } else {
    app.auto_approve_all = enabled;
  }
  return auto_approve_state(app);
}

}  // namespace

const ControlField kAuthState{.name = "state", .values = {"PENDING", "APPROVED", "DECLINED", "ABANDONED"}};
const std::vector<ControlField> kAuthorizationAnswer = {{.name = "clientId"}, {.name = "attemptId"}, {.name = "customerBelongsTo"},
                                                     kAuthState, {.name = "authCode", .types = kObject | kNull},
                                                     {.name = "tokens", .types = kArray}};
const std::vector<ControlField> kDecisionAnswer = {{.name = "clientId"}, {.name = "state"}, {.name = "changed", .types = kBoolean},
                                                {.name = "authCode"}, {.name = "authState"}, {.name = "redirectUrl"}};
const std::vector<ControlField> kAutoApproveAnswer = {{.name = "global", .types = kBoolean}, {.name = "merchants", .types = kObject}};

// The body of the decisions: only which merchant, when the id alone is ambiguous.
BodySpec merchant_only_body() { return BodySpec{{client_id_field("The merchant, when the id alone is ambiguous.")}}; }
std::vector<ControlField> merchant_only_query() { return {client_id_field("The merchant, when the id alone is ambiguous.")}; }

void add_authorization_routes(ControlRouter& router) {
  add_wallet_page_routes(router);
  add_wallet_table_routes(router);
  router.add("GET", "/_sim/authorizations",
             {.summary = "Authorization attempts with their codes and tokens.",
              .query = {client_id_field(), kAuthState, {.name = "customerBelongsTo", .description = "The wallet, e.g. GCASH."}},
              .response = {{.name = "authorizations", .types = kArray}}},
             list_authorizations);
  router.add("POST", "/_sim/authorizations/tokens",
             {.summary = "Mint a ready access token without the wallet flow.",
              .body = BodySpec{{client_id_field("The merchant; optional when only one is registered."),
                                {.name = "customerBelongsTo", .description = "A wallet of GET /_sim/wallets (default GCASH)."},
                                {.name = "scopes", .types = kArray, .description = "Strings, e.g. [\"AGREEMENT_PAY\"]."},
                                {.name = "accessTokenTtl", .types = kString | kInteger, .description = "A duration such as \"1h\", or ms; at most 10 years (\"3650d\")."}}},
              .response = {{.name = "clientId"}, {.name = "attemptId"}, {.name = "accessToken"}, {.name = "accessTokenExpiryTime"},
                           {.name = "refreshToken"}, {.name = "buyerId"}},
              .status = 201},
             mint);
  router.add("GET", "/_sim/authorizations/{id}",
             {.summary = "One authorization ({id}: attempt id, authCode, access or refresh token).",
              .query = merchant_only_query(), .response = kAuthorizationAnswer},
             one_authorization);
  router.add("POST", "/_sim/authorizations/{id}/approve",
             {.summary = "Approve a pending authorization, as the buyer would in the wallet.",
              .query = merchant_only_query(), .body = merchant_only_body(), .response = kDecisionAnswer},
             [](App& app, const ControlRequest& req) { return decide(app, req, true); });
  router.add("POST", "/_sim/authorizations/{id}/decline",
             {.summary = "Decline a pending authorization, as the buyer would in the wallet.",
              .query = merchant_only_query(), .body = merchant_only_body(), .response = kDecisionAnswer},
             [](App& app, const ControlRequest& req) { return decide(app, req, false); });
  router.add("POST", "/_sim/authorizations/{id}/cancel",
             {.summary = "The buyer cancels the authorization in the wallet app (where the method allows it).",
              .query = merchant_only_query(), .body = merchant_only_body(),
              .response = {{.name = "clientId"}, {.name = "accessToken"}, {.name = "state"}, {.name = "notification", .types = kString | kNull}}},
             wallet_cancel);
  router.add("GET", "/_sim/auto-approve", {.summary = "The auto-approve switches: global and per merchant.", .response = kAutoApproveAnswer},
             [](App& app, const ControlRequest&) { return auto_approve_state(app); });
  const RouteSpec set_spec{.summary = "Turn auto-approve on or off, globally or for one merchant.",
                           .query = {client_id_field("Only this merchant's switch; none: the global one.")},
                           .body = BodySpec{{{.name = "enabled", .types = kBoolean, .description = "true or false", .required = true},
                                             client_id_field("Only this merchant's switch; none: the global one.")}},
                           .response = kAutoApproveAnswer};
  router.add("PUT", "/_sim/auto-approve", set_spec, set_auto_approve);
  router.add("POST", "/_sim/auto-approve", set_spec, set_auto_approve);
}

}  // namespace antom::server
