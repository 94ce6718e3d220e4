// /_sim/fx: the FX table behind grossSettlementAmount and settlementQuote, on the virtual clock.
// Rates are units of a currency per 1 USD; a change applies from a virtual time (default now), so
// payments already quoted keep their quote.
#include <string>

#include "server/control/control_json.hpp"
#include "server/control/control_router.hpp"

namespace antom::server {
namespace {

// "57.5" or 57.5 -> 57500000 (scaled by state::kRateScale); nullopt unless a positive decimal
// with at most 6 decimals.
std::optional<std::int64_t> rate_value(const rapidjson::Value& v) {
  std::string text;
  if (v.IsString()) text = v.GetString();
  else if (v.IsNumber()) text = std::to_string(v.GetDouble());
  else return std::nullopt;
  std::int64_t whole = 0, frac = 0;
  int frac_digits = 0;
  bool dot = false, any = false;
  for (char c : text) {
    if (c == '.' && !dot) { dot = true; continue; }
    if (c < '0' || c > '9') return std::nullopt;
    any = true;
    if (!dot) {
      if (whole > 1'000'000'000'000) return std::nullopt;
      whole = whole * 10 + (c - '0');
    } else if (frac_digits < 6) {
      frac = frac * 10 + (c - '0');
      ++frac_digits;
    } else if (c != '0') {
      return std::nullopt;  // finer than 1e-6
    }
  }
  while (frac_digits < 6) frac *= 10, ++frac_digits;
  const std::int64_t scaled = whole * state::kRateScale + frac;
  if (!any || scaled <= 0) return std::nullopt;
  return scaled;
}

std::string rate_text(std::int64_t scaled) {
  std::string frac = std::to_string(scaled % state::kRateScale);
  frac.insert(0, 6 - frac.size(), '0');
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  return std::to_string(scaled / state::kRateScale) + (frac.empty() ? "" : "." + frac);
}

RawResponse fx_state(App& app, state::TimePoint at) {
  const auto rates = app.world.fx()->rates_at(at);
  return json_object_response(200, [&](JsonWriter& w) {
    write_string(w, "at", state::format_iso8601(at));
    write_string(w, "base", "USD");
    w.Key("rates");
    w.StartObject();
    for (const auto& [currency, scaled] : rates) {
      w.Key(currency.c_str());
      const std::string text = rate_text(scaled);
      w.String(text.c_str());
    }
    w.EndObject();
  });
}

RawResponse set_rates(App& app, const ControlRequest& req) {
  const auto* body = json_body(req);  // fields and types checked by the router
  auto from = app.world.clock().now();
  if (auto it = body->FindMember("from"); it != body->MemberEnd()) {
    auto t = state::parse_iso8601(it->value.GetString());
    if (!t) return json_error(400, "BAD_REQUEST", "from must be an ISO 8601 datetime with an offset.");
    from = *t;
  }
  auto rates = body->FindMember("rates");
  if (rates->value.ObjectEmpty())
    return json_error(400, "BAD_REQUEST", "rates must be an object of currency -> units per 1 USD, e.g. {\"PHP\":\"57.5\"}.");
  state::FxTable table = *app.world.fx();
  for (const auto& kv : rates->value.GetObject()) {
    const std::string currency = kv.name.GetString();
    if (state::currency_decimals(currency) < 0)
      return json_error(400, "BAD_REQUEST", "rates." + currency + ": not an ISO 4217 currency antom-sim knows.");
    if (currency == "USD") return json_error(400, "BAD_REQUEST", "rates.USD: USD is the base (always 1).");
    auto value = rate_value(kv.value);
    if (!value) return json_error(400, "BAD_REQUEST", "rates." + currency + ": must be a positive decimal with at most 6 decimals.");
    table.set(currency, *value, from);
  }
  app.world.set_fx(std::move(table));  // all or nothing
  return fx_state(app, std::max(from, app.world.clock().now()));
}

}  // namespace

const std::vector<ControlField> kFxAnswer = {{.name = "at"}, {.name = "base", .values = {"USD"}}, {.name = "rates", .types = kObject}};

void add_fx_routes(ControlRouter& router) {
  router.add("GET", "/_sim/fx", {.summary = "The FX rates in force now (units per 1 USD).", .response = kFxAnswer},
             [](App& app, const ControlRequest&) { return fx_state(app, app.world.clock().now()); });
  router.add("POST", "/_sim/fx",
             {.summary = "Set FX rates from a virtual time (default now); quotes already made keep their rate.",
              .body = BodySpec{{{.name = "rates", .types = kObject, .description = "currency -> units per 1 USD, e.g. {\"PHP\":\"57.5\"}", .required = true},
                                {.name = "from", .description = "ISO 8601 with an offset; default: now"}}},
              .response = kFxAnswer},
             set_rates);
  router.add("POST", "/_sim/fx/reset", {.summary = "Back to the built-in FX table.", .response = kFxAnswer},
             [](App& app, const ControlRequest&) {
               app.world.set_fx(state::FxTable{});
               return fx_state(app, app.world.clock().now());
             });
}

}  // namespace antom::server
