// /_sim/wallets: the Auto Debit wallet table (lifetimes, refresh support, amounts, after-payment
// rules, balances), readable and changeable at run time. Changes replace the whole table atomically.
#include <algorithm>
#include <array>

#include "server/control/control_json.hpp"
#include "server/control/merchant_param.hpp"
#include "server/wallet/wallet_routes.hpp"
#include "state/clock.hpp"
#include "state/status.hpp"

namespace antom::server {
namespace {

using std::chrono::duration_cast;
using std::chrono::seconds;

// The after-payment rules by their /_sim/ names, read and written alike.
template <typename Spec>
auto post_payment_rules(Spec& s) {
  using Flag = decltype(&s.refund_supported);
  return std::array<std::pair<std::string_view, Flag>, 6>{{{"cancelAfterSuccess", &s.cancel_after_success},
                                                          {"refundSupported", &s.refund_supported},
                                                          {"partialRefund", &s.partial_refund},
                                                          {"multipleRefunds", &s.multiple_refunds},
                                                          {"walletSideCancel", &s.wallet_side_cancel},
                                                          {"walletSideCancelNotifies", &s.wallet_side_cancel_notifies}}};
}

void write_wallet(JsonWriter& w, const state::WalletSpec& s) {
  w.StartObject();
  write_string(w, "customerBelongsTo", s.code);
  write_string(w, "displayName", s.display_name);
  write_string(w, "pspName", s.psp_name);
  write_string(w, "region", s.region);
  w.Key("currencies");
  w.StartArray();
  for (const auto& c : s.currencies) w.String(c.c_str());
  w.EndArray();
  w.Key("supportsRefresh");
  w.Bool(s.supports_refresh);
  w.Key("authCodeTtlSeconds");
  w.Int64(s.auth_code_ttl.count());
  w.Key("accessTokenTtlSeconds");
  w.Int64(s.access_token_ttl.count());
  w.Key("refreshTokenTtlSeconds");
  w.Int64(s.supports_refresh ? s.refresh_token_ttl.count() : 0);
  w.Key("minPaymentMinor");
  w.Int64(s.min_payment_minor);
  w.Key("minRefundMinor");
  w.Int64(s.min_refund_minor);
  w.Key("refundWindowDays");
  w.Int(s.refund_window_days);
  w.Key("defaultBalanceMinor");
  w.Int64(s.default_balance_minor);
  write_string(w, "brandColor", s.brand_color);
  w.Key("publishedMinimum");
  w.Bool(s.published_minimum);
  w.Key("maxPaymentMinor");
  w.Int64(s.max_payment_minor);
  w.Key("dailyMaxMinor");
  w.Int64(s.daily_max_minor);
  for (const auto& [name, value] : post_payment_rules(s)) {
    w.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
    w.Bool(*value);
  }
  write_string(w, "source", s.source);
  w.EndObject();
}

RawResponse wallet_json(const state::WalletSpec& s) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  write_wallet(w, s);
  return json_response(200, std::string(buf.GetString(), buf.GetSize()));
}

// Seconds as a number, or a duration string ("10m", "30d"); from 1 s to state::kMaxLifetime.
std::optional<seconds> ttl_value(const rapidjson::Value& v) {
  std::optional<seconds> ttl;
  if (v.IsInt64() && v.GetInt64() > 0) ttl = seconds(v.GetInt64());
  if (v.IsString())
    if (auto d = parse_duration(v.GetString()); d && d->count() >= 1000) ttl = duration_cast<seconds>(*d);
  if (ttl && *ttl > duration_cast<seconds>(state::kMaxLifetime)) return std::nullopt;  // compared in seconds: no overflow
  return ttl;
}

// Applies the fields present in `body`; refused with the first field that is not valid.
state::Status apply_changes(const rapidjson::Value& body, state::WalletSpec& s) {
  for (auto it = body.MemberBegin(); it != body.MemberEnd(); ++it) {
    const std::string name = it->name.GetString();
    const rapidjson::Value& v = it->value;
    auto positive = [&](std::int64_t& out, bool allow_zero) -> state::Status {
      if (!v.IsInt64() || v.GetInt64() < (allow_zero ? 0 : 1))
        return state::Status::refused(name + " must be a " + (allow_zero ? "non-negative" : "positive") + " integer.");
      out = v.GetInt64();
      return {};
    };
    if (name == "authCodeTtlSeconds" || name == "accessTokenTtlSeconds" || name == "refreshTokenTtlSeconds") {
      auto ttl = ttl_value(v);
      if (!ttl)
        return state::Status::refused(name + " must be a positive number of seconds or a duration such as \"10m\", at most 10 years (\"3650d\").");
      (name == "authCodeTtlSeconds" ? s.auth_code_ttl : name == "accessTokenTtlSeconds" ? s.access_token_ttl : s.refresh_token_ttl) = *ttl;
    } else if (name == "supportsRefresh") {
      if (!v.IsBool()) return state::Status::refused("supportsRefresh must be a boolean.");
      s.supports_refresh = v.GetBool();
    } else if (name == "minPaymentMinor") {
      if (auto e = positive(s.min_payment_minor, false); !e.ok()) return e;
    } else if (name == "minRefundMinor") {
      if (auto e = positive(s.min_refund_minor, false); !e.ok()) return e;
    } else if (name == "maxPaymentMinor") {
      if (auto e = positive(s.max_payment_minor, true); !e.ok()) return e;
    } else if (name == "dailyMaxMinor") {
      if (auto e = positive(s.daily_max_minor, true); !e.ok()) return e;
    } else if (auto rules = post_payment_rules(s);
               std::any_of(rules.begin(), rules.end(), [&](const auto& r) { return r.first == name; })) {
      if (!v.IsBool()) return state::Status::refused(name + " must be a boolean.");
      for (auto& [rule, flag] : rules)
        if (rule == name) *flag = v.GetBool();
    } else if (name == "defaultBalanceMinor") {
      if (auto e = positive(s.default_balance_minor, true); !e.ok()) return e;
    } else if (name == "refundWindowDays") {
      if (!v.IsInt() || v.GetInt() < 0) return state::Status::refused("refundWindowDays must be a non-negative integer.");
      s.refund_window_days = v.GetInt();
    } else if (name == "displayName") {
      if (!v.IsString() || v.GetStringLength() == 0 || v.GetStringLength() > 64)
        return state::Status::refused("displayName must be a string of 1 to 64 characters.");
      s.display_name = v.GetString();
    } else if (name == "brandColor") {
      const std::string c = v.IsString() ? v.GetString() : "";
      if (c.size() != 7 || c[0] != '#' || c.find_first_not_of("0123456789abcdefABCDEF", 1) != std::string::npos)
        return state::Status::refused("brandColor must look like #1677ff.");
      s.brand_color = c;
    } else if (name == "currencies") {
      if (!v.IsArray() || v.Empty()) return state::Status::refused("currencies must be a non-empty array of ISO 4217 codes.");
      std::vector<std::string> cs;
      for (const auto& c : v.GetArray()) {
        if (!c.IsString() || state::currency_decimals(c.GetString()) < 0)
          return state::Status::refused("currencies must be a non-empty array of ISO 4217 codes.");
        cs.emplace_back(c.GetString());
      }
      s.currencies = std::move(cs);
    } else if (name != "customerBelongsTo") {
      return state::Status::refused("Unknown field " + name + ".");
    }
  }
  return {};
}

// Which wallet table a call reads or changes: the shared one, or (clientId named in the query or
// the Client-Id header) that merchant's. Changing a merchant's gives it a table of its own, a copy of
// the one it read, so other merchants keep theirs (docs/scoped-worlds.md).
struct TableScope {
  std::string client_id;  // "" = the shared table
  RawResponse refused;    // status != 0: an unknown merchant
  [[nodiscard]] bool ok() const { return refused.status == 0; }
};

TableScope table_scope(App& app, const ControlRequest& req) {
  TableScope scope;
  scope.refused.status = 0;
  const std::string named = named_client_id(req);
  if (named.empty()) return scope;
  if (const auto m = app.merchants.find(named)) scope.client_id = m->client_id;
  else scope.refused = unknown_merchant(named);
  return scope;
}

std::shared_ptr<const state::WalletTable> table_of(App& app, const TableScope& scope) {
  return scope.client_id.empty() ? app.world.wallets() : app.world.wallets(scope.client_id);
}

void store(App& app, const TableScope& scope, state::WalletTable table) {
  if (scope.client_id.empty()) app.world.set_wallets(std::move(table));
  else app.world.set_wallets(scope.client_id, std::move(table));
}

RawResponse change_wallet(App& app, const ControlRequest& req) {
  const auto* body = json_body(req);
  if (!body) return json_error(400, "BAD_REQUEST", json_body_problem(req));
  const TableScope scope = table_scope(app, req);
  if (!scope.ok()) return scope.refused;
  state::WalletTable table = *table_of(app, scope);
  state::WalletSpec* spec = table.find(req.param("code"));
  if (!spec) return json_error(404, "NOT_FOUND", "No wallet " + req.param("code") + ".");
  state::WalletSpec changed = *spec;
  if (auto applied = apply_changes(*body, changed); !applied.ok()) return json_error(400, "BAD_REQUEST", applied.reason());
  *spec = changed;
  store(app, scope, std::move(table));
  return wallet_json(changed);
}

RawResponse restore_wallet(App& app, const ControlRequest& req) {
  const TableScope scope = table_scope(app, req);
  if (!scope.ok()) return scope.refused;
  state::WalletTable table = *table_of(app, scope);
  state::WalletSpec* spec = table.find(req.param("code"));
  if (!spec) return json_error(404, "NOT_FOUND", "No wallet " + req.param("code") + ".");
  for (const auto& d : state::default_wallets())
    if (d.code == spec->code) *spec = d;
  const state::WalletSpec restored = *spec;
  store(app, scope, std::move(table));
  return wallet_json(restored);
}

// The fields a wallet answers with and PATCH takes (apply_changes checks them; customerBelongsTo is read-only).
std::vector<ControlField> wallet_fields() {
  std::vector<ControlField> out = {
      {.name = "customerBelongsTo", .description = "The wallet's code (read-only)."},
      {.name = "displayName", .description = "1 to 64 characters."},
      {.name = "brandColor", .description = "Like #1677ff."},
      {.name = "currencies", .types = kArray, .description = "ISO 4217 codes."},
      {.name = "supportsRefresh", .types = kBoolean},
      {.name = "authCodeTtlSeconds", .types = kInteger | kString, .description = "Seconds, or a duration such as \"10m\"; at most 10 years."},
      {.name = "accessTokenTtlSeconds", .types = kInteger | kString, .description = "Seconds, or a duration such as \"30d\"; at most 10 years."},
      {.name = "refreshTokenTtlSeconds", .types = kInteger | kString, .description = "Seconds, or a duration; at most 10 years."},
      {.name = "minPaymentMinor", .types = kInteger},
      {.name = "minRefundMinor", .types = kInteger},
      {.name = "maxPaymentMinor", .types = kInteger, .description = "0: no maximum."},
      {.name = "dailyMaxMinor", .types = kInteger, .description = "0: no maximum."},
      {.name = "defaultBalanceMinor", .types = kInteger},
      {.name = "refundWindowDays", .types = kInteger}};
  state::WalletSpec probe;
  for (const auto& [name, flag] : post_payment_rules(probe)) out.push_back({.name = std::string(name), .types = kBoolean});
  return out;
}

}  // namespace

void add_wallet_table_routes(ControlRouter& router) {
  const std::vector<ControlField> merchant_query{client_id_field(
      "This merchant's table: reading shows the table it uses; a change gives it a table of its own, so other "
      "merchants keep theirs.")};
  router.add("GET", "/_sim/wallets",
             {.summary = "The wallet table: each method's currencies, limits, token lifetimes and rules.",
              .query = merchant_query,
              .response = {{.name = "wallets", .types = kArray}, {.name = "clientId"}, {.name = "ownTable", .types = kBoolean}}},
             [](App& app, const ControlRequest& req) {
    const TableScope scope = table_scope(app, req);
    if (!scope.ok()) return scope.refused;
    const auto table = table_of(app, scope);
    return json_object_response(200, [&](JsonWriter& w) {
      if (!scope.client_id.empty()) {
        w.Key("clientId");
        w.String(scope.client_id.c_str(), static_cast<rapidjson::SizeType>(scope.client_id.size()));
        w.Key("ownTable");
        w.Bool(app.world.has_own_wallets(scope.client_id));
      }
      w.Key("wallets");
      w.StartArray();
      for (const auto& s : table->all()) write_wallet(w, s);
      w.EndArray();
    });
  });
  router.add("POST", "/_sim/wallets/reset",
             {.summary = "Back to the built-in wallet table; with clientId, that merchant back to the shared table.",
              .query = merchant_query, .response = {{.name = "reset", .types = kBoolean}}},
             [](App& app, const ControlRequest& req) {
    const TableScope scope = table_scope(app, req);
    if (!scope.ok()) return scope.refused;
    if (scope.client_id.empty()) app.world.set_wallets(state::WalletTable{});
    else app.world.follow_shared_wallets(scope.client_id);
    return json_response(200, "{\"reset\":true}");
  });
  router.add("GET", "/_sim/wallets/{code}", {.summary = "One wallet's row.", .query = merchant_query, .response = wallet_fields()},
             [](App& app, const ControlRequest& req) {
    const TableScope scope = table_scope(app, req);
    if (!scope.ok()) return scope.refused;
    const auto table = table_of(app, scope);
    const state::WalletSpec* s = table->find(req.param("code"));
    if (!s) return json_error(404, "NOT_FOUND", "No wallet " + req.param("code") + ".");
    return wallet_json(*s);
  });
  const RouteSpec change{.summary = "Change fields of a wallet's row; the others stay.",
                         .query = merchant_query,
                         .body = BodySpec{.fields = wallet_fields(), .raw = true},
                         .response = wallet_fields()};
  router.add("PATCH", "/_sim/wallets/{code}", change, change_wallet);
  router.add("POST", "/_sim/wallets/{code}", change, change_wallet);
  router.add("DELETE", "/_sim/wallets/{code}",
             {.summary = "Restore a wallet's built-in row.", .query = merchant_query, .response = wallet_fields()},
             restore_wallet);
}

}  // namespace antom::server
