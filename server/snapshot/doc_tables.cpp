// The tables every merchant shares: the wallet table (/_sim/wallets) and the FX table (/_sim/fx).
// Only a whole-simulator snapshot holds them.
#include "server/snapshot/doc_tables.hpp"

#include "state/clock.hpp"

namespace antom::server::snapshot_codec {
namespace {

// A lifetime (authCodeTtlSeconds, ...): 1 s to state::kMaxLifetime, as PATCH /_sim/wallets/{code} takes it.
void seconds(In& v, std::string_view key, std::chrono::seconds& s) {
  std::int64_t n = s.count();
  v(key, n);
  if (n < 1 || n > std::chrono::duration_cast<std::chrono::seconds>(state::kMaxLifetime).count())
    return v.fail(key, "must be 1 to 315360000 seconds (10 years)");
  s = std::chrono::seconds{n};
}
void seconds(Out& v, std::string_view key, const std::chrono::seconds& s) { v(key, static_cast<std::int64_t>(s.count())); }

template <class V, class W>
void wallet_fields(V& v, W& w) {
  v("code", w.code);
  v("displayName", w.display_name);
  v("pspName", w.psp_name);
  v("region", w.region);
  v("currencies", w.currencies);
  v("supportsRefresh", w.supports_refresh);
  seconds(v, "authCodeTtlSeconds", w.auth_code_ttl);
  seconds(v, "accessTokenTtlSeconds", w.access_token_ttl);
  seconds(v, "refreshTokenTtlSeconds", w.refresh_token_ttl);
  v("minPaymentMinor", w.min_payment_minor);
  v("minRefundMinor", w.min_refund_minor);
  v("refundWindowDays", w.refund_window_days);
  v("defaultBalanceMinor", w.default_balance_minor);
  v("brandColor", w.brand_color);
  v("publishedMinimum", w.published_minimum);
  v("maxPaymentMinor", w.max_payment_minor);
  v("dailyMaxMinor", w.daily_max_minor);
  v("cancelAfterSuccess", w.cancel_after_success);
  v("refundSupported", w.refund_supported);
  v("partialRefund", w.partial_refund);
  v("multipleRefunds", w.multiple_refunds);
  v("walletSideCancel", w.wallet_side_cancel);
  v("walletSideCancelNotifies", w.wallet_side_cancel_notifies);
  v("source", w.source);
}

struct Rate {
  std::string currency;
  std::int64_t per_usd = 0;
  state::TimePoint from{};
};

template <class V, class R>
void rate_fields(V& v, R& r) {
  v("currency", r.currency);
  v("perUsdMicros", r.per_usd);
  v("from", r.from);
}

}  // namespace

// Booleans are written even when false here: a wallet row's defaults are true for several.
void write_wallet_table(Out& out, std::string_view key, const state::WalletTable& wallets) {
  auto& w = out.writer();
  out.key(key);
  w.StartArray();
  for (const auto& spec : wallets.all()) {
    w.StartObject();
    wallet_fields(out, spec);
    for (auto [key, value] : {std::pair{"supportsRefresh", spec.supports_refresh}, {"cancelAfterSuccess", spec.cancel_after_success},
                              {"refundSupported", spec.refund_supported}, {"partialRefund", spec.partial_refund},
                              {"multipleRefunds", spec.multiple_refunds}})
      if (!value) {
        out.key(key);
        w.Bool(false);
      }
    w.EndObject();
  }
  w.EndArray();
}

void write_tables(Out& out, const state::WalletTable& wallets, const state::FxTable& fx) {
  write_wallet_table(out, "wallets", wallets);
  std::vector<Rate> rates;
  for (const auto& [currency, by_time] : fx.all())
    for (const auto& [from, per_usd] : by_time) rates.push_back({currency, per_usd, from});
  out.array("fx", rates, [](Out& o, const Rate& r) { rate_fields(o, r); });
}

void read_wallet_table(In& in, std::string_view key, std::optional<state::WalletTable>& wallets) {
  if (!in.has(key)) return;
  std::vector<state::WalletSpec> rows;
  in.array(key, rows, [](In& i, state::WalletSpec& w) { wallet_fields(i, w); });
  state::WalletTable table;
  for (std::size_t i = 0; i < rows.size() && in.ok(); ++i) {
    auto* known = table.find(rows[i].code);
    if (!known)
      return in.fail(std::string(key) + "/" + std::to_string(i) + "/code", "\"" + rows[i].code + "\" is not a wallet antom-sim knows");
    *known = std::move(rows[i]);
  }
  wallets = std::move(table);
}

void read_tables(In& in, std::optional<state::WalletTable>& wallets, std::optional<state::FxTable>& fx) {
  read_wallet_table(in, "wallets", wallets);
  if (in.has("fx")) {
    std::vector<Rate> rates;
    in.array("fx", rates, [](In& i, Rate& r) { rate_fields(i, r); });
    state::FxTable table;
    for (std::size_t i = 0; i < rates.size() && in.ok(); ++i) {
      if (rates[i].currency.size() != 3 || rates[i].per_usd <= 0)
        return in.fail("fx/" + std::to_string(i), "needs a 3-letter currency and a positive perUsdMicros");
      table.set(rates[i].currency, rates[i].per_usd, rates[i].from);
    }
    fx = std::move(table);
  }
}

}  // namespace antom::server::snapshot_codec
