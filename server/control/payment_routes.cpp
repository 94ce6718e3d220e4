// /_sim/payments, /_sim/refunds, /_sim/declarations (inspection with filters) and /_sim/buyers
// (a wallet user's balances and limits, settable). Listings page (listing.hpp): matches are copied
// out under the merchant's lock, a slice at a time, and written as JSON outside it.
#include <algorithm>
#include <charconv>

#include "server/control/control_json.hpp"
#include "server/control/control_router.hpp"
#include "server/control/listing.hpp"
#include "server/protocol/render.hpp"
#include "state/payment_fields.hpp"
#include "state/tick.hpp"

namespace antom::server {
namespace {

using state::Fields;
using state::format_iso8601;
using state::put;

// Balances and limits stay far from int64 overflow when payments and refunds add to them.
constexpr std::int64_t kMaxSettable = 1'000'000'000'000'000'000;

std::string client_hint(const ControlRequest& req, const rapidjson::Value* body = nullptr) {
  if (body != nullptr && body->IsObject())
    if (auto it = body->FindMember("clientId"); it != body->MemberEnd() && it->value.IsString())
      return it->value.GetString();
  return req.query_value("clientId", req.query_value("client_id"));
}

// The merchants to look at: the named one, or all. nullopt = the named one is unknown.
std::optional<std::vector<std::string>> partitions(App& app, const std::string& hint) {
  if (hint.empty()) {
    std::vector<std::string> all;
    for (const auto& m : app.merchants.all()) all.push_back(m->client_id);
    return all;
  }
  auto m = app.merchants.find(hint);
  if (!m) return std::nullopt;
  return std::vector<std::string>{m->client_id};
}

// One merchant: the named one, or the only one registered.
std::optional<std::string> one_partition(App& app, const std::string& hint) {
  if (!hint.empty()) {
    auto m = app.merchants.find(hint);
    if (!m) return std::nullopt;
    return m->client_id;
  }
  auto all = app.merchants.all();
  if (all.size() != 1) return std::nullopt;
  return all.front()->client_id;
}

bool wanted(const std::string& filter, std::string_view value) { return filter.empty() || filter == value; }

Fields payment_entry(const std::string& client_id, const state::Payment& p) {
  Fields f;
  put(f, "clientId", client_id);
  put(f, "paymentId", p.payment_id);
  put(f, "paymentRequestId", p.payment_request_id);
  put(f, "paymentStatus", std::string(state::to_string(p.status)));
  put(f, "paymentResultCode", std::string(state::to_string(p.result_code)));
  put(f, "paymentMethodType", p.wallet);
  put_if(f, "buyerId", p.buyer_id);
  put(f, "referenceOrderId", p.reference_order_id);
  put(f, "paymentAmount", state::money_fields(p.amount));
  put(f, "refundedAmount", state::money_fields({p.refunded, p.amount.currency}));
  if (p.declared > 0) put(f, "declaredAmount", state::money_fields({p.declared, "CNY"}));
  put(f, "paymentCreateTime", format_iso8601(p.created_at));
  if (p.status == state::PaymentStatus::Success || p.status == state::PaymentStatus::Fail)
    put(f, "paymentTime", format_iso8601(p.finished_at));
  put(f, "paymentExpiryTime", format_iso8601(p.expires_at));
  if (p.status == state::PaymentStatus::Cancelled) put(f, "cancelTime", format_iso8601(p.cancelled_at));
  put_if(f, "paymentNotifyUrl", p.notify_url);
  return f;
}

Fields refund_entry(const std::string& client_id, const state::Refund& r) {
  Fields f = state::inquiry_refund_fields(r);
  f.insert(f.begin(), state::Field{"clientId", {client_id}});
  put(f, "paymentId", r.payment_id);
  put(f, "refundResultCode", std::string(state::to_string(r.result_code)));
  put(f, "createTime", format_iso8601(r.created_at));
  put_if(f, "referenceRefundId", r.reference_refund_id);
  put_if(f, "refundNotifyUrl", r.notify_url);
  return f;
}

Fields declaration_entry(const std::string& client_id, const state::Declaration& d) {
  Fields f = state::declaration_record_fields(d);
  f.insert(f.begin(), state::Field{"clientId", {client_id}});
  put(f, "paymentId", d.payment_id);
  put(f, "modifications", std::to_string(d.modifications));
  return f;
}

// The merchants to list, in Client-Id order (the cursor's order).
std::optional<std::vector<std::string>> listed_merchants(App& app, const ControlRequest& req, RawResponse& error) {
  auto selected = partitions(app, client_hint(req));
  if (!selected) {
    error = json_error(404, "NOT_FOUND", "No merchant " + client_hint(req) + ".");
    return std::nullopt;
  }
  std::sort(selected->begin(), selected->end());
  return selected;
}

using Positions = std::optional<std::vector<std::uint32_t>>;

template <class... Walk>
RawResponse list(App& app, const ControlRequest& req, const std::string& key, bool filtered, Walk&&... walk) {
  std::string error;
  const auto page = page_request(req, error);
  if (!page) return json_error(400, "BAD_REQUEST", error);
  RawResponse not_found;
  const auto merchants = listed_merchants(app, req, not_found);
  if (!merchants) return not_found;
  return page_response(key, walk_records(app, *merchants, *page, filtered, std::forward<Walk>(walk)...));
}

RawResponse list_payments(App& app, const ControlRequest& req) {
  const std::string status = req.query_value("status"), request_id = req.query_value("paymentRequestId"),
                    payment_id = req.query_value("paymentId"), wallet = req.query_value("paymentMethodType"),
                    buyer = req.query_value("buyerId");
  const bool filtered = !(status + request_id + payment_id + wallet + buyer).empty();
  return list(
      app, req, "payments", filtered, [](state::MerchantState& m) { return m.payments.payments().size(); },
      [&](state::MerchantState& m, std::size_t i) {
        const auto& p = m.payments.payments()[i];
        return wanted(status, state::to_string(p.status)) && wanted(request_id, p.payment_request_id) &&
               wanted(payment_id, p.payment_id) && wanted(wallet, p.wallet) && wanted(buyer, p.buyer_id);
      },
      [](state::MerchantState& m, std::size_t i) { return m.payments.payments()[i]; },
      [&](state::MerchantState& m) -> Positions {  // the id indexes answer at once
        if (payment_id.empty() && request_id.empty()) return std::nullopt;
        const auto at = !payment_id.empty() ? m.payments.payment_position(payment_id)
                                            : m.payments.payment_position_by_request(request_id);
        return at ? Positions(std::vector<std::uint32_t>{*at}) : Positions(std::vector<std::uint32_t>{});
      },
      payment_entry);
}

RawResponse list_refunds(App& app, const ControlRequest& req) {
  const std::string status = req.query_value("status"), payment_id = req.query_value("paymentId"),
                    request_id = req.query_value("refundRequestId");
  const bool filtered = !(status + payment_id + request_id).empty();
  return list(
      app, req, "refunds", filtered, [](state::MerchantState& m) { return m.payments.refunds().size(); },
      [&](state::MerchantState& m, std::size_t i) {
        const auto& r = m.payments.refunds()[i];
        return wanted(status, state::to_string(r.status)) && wanted(payment_id, r.payment_id) &&
               wanted(request_id, r.refund_request_id);
      },
      [](state::MerchantState& m, std::size_t i) { return m.payments.refunds()[i]; },
      [&](state::MerchantState& m) -> Positions {  // a refund's request id, or its payment's list
        if (!request_id.empty()) {
          const auto at = m.payments.refund_position_by_request(request_id);
          return at ? Positions(std::vector<std::uint32_t>{*at}) : Positions(std::vector<std::uint32_t>{});
        }
        if (payment_id.empty()) return std::nullopt;
        const auto at = m.payments.payment_position(payment_id);
        return at ? Positions(m.payments.payments()[*at].refunds) : Positions(std::vector<std::uint32_t>{});
      },
      refund_entry);
}

RawResponse list_declarations(App& app, const ControlRequest& req) {
  const std::string status = req.query_value("status"), payment_id = req.query_value("paymentId");
  const bool filtered = !(status + payment_id).empty();
  return list(
      app, req, "declarations", filtered, [](state::MerchantState& m) { return m.payments.declarations().size(); },
      [&](state::MerchantState& m, std::size_t i) {
        const auto& d = m.payments.declarations()[i];
        return wanted(status, state::to_string(d.status)) && wanted(payment_id, d.payment_id);
      },
      [](state::MerchantState& m, std::size_t i) { return m.payments.declarations()[i]; },
      [](state::MerchantState&) -> Positions { return std::nullopt; }, declaration_entry);
}

Fields buyer_entry(const std::string& client_id, const std::string& buyer_id, const state::Buyer& b) {
  Fields f;
  put(f, "clientId", client_id);
  put(f, "buyerId", buyer_id);
  put(f, "wallet", b.wallet);
  state::NamedStrings balances;
  for (const auto& [currency, purse] : b.purses) balances.emplace_back(currency, std::to_string(purse.balance));
  put(f, "balances", std::move(balances));
  if (b.single_limit) put(f, "singleLimit", std::to_string(*b.single_limit));
  if (b.daily_limit) put(f, "dailyLimit", std::to_string(*b.daily_limit));
  if (b.daily_count_limit) put(f, "dailyCountLimit", std::to_string(*b.daily_count_limit));
  put(f, "paymentsToday", std::to_string(b.payments_today));
  return f;
}

// A whole number given as a JSON number or string; nullopt when it is neither.
std::optional<std::int64_t> integer_of(const rapidjson::Value& v) {
  if (v.IsInt64()) return v.GetInt64();
  if (!v.IsString()) return std::nullopt;
  std::string_view s(v.GetString(), v.GetStringLength());
  std::int64_t n = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || ptr != s.data() + s.size() || s.empty()) return std::nullopt;
  return n;
}

// Buyers are few (one per wallet user a test made) and keyed by id, so they page by position in
// Client-Id then buyerId order without slices.
RawResponse list_buyers(App& app, const ControlRequest& req) {
  return list(
      app, req, "buyers", false, [](state::MerchantState& m) { return m.payments.buyers.all().size(); },
      [](state::MerchantState&, std::size_t) { return true; },
      [](state::MerchantState& m, std::size_t i) { return *std::next(m.payments.buyers.all().begin(), static_cast<std::ptrdiff_t>(i)); },
      [](state::MerchantState&) -> Positions { return std::nullopt; },
      [](const std::string& id, const std::pair<const std::string, state::Buyer>& b) { return buyer_entry(id, b.first, b.second); });
}

// {id} is a buyerId or an access token of that buyer.
struct BuyerKey {
  std::string buyer_id;
  std::string wallet;
};
std::optional<BuyerKey> resolve_buyer(state::MerchantState& m, const std::string& id) {
  if (auto it = m.auth.tokens.find(id); it != m.auth.tokens.end()) return BuyerKey{it->second.buyer_id, it->second.wallet};
  if (const auto* b = m.payments.buyers.find(id)) return BuyerKey{id, b->wallet};
  for (const auto& [token, t] : m.auth.tokens)
    if (t.buyer_id == id) return BuyerKey{id, t.wallet};
  return std::nullopt;
}

RawResponse get_buyer(App& app, const ControlRequest& req) {
  auto p = one_partition(app, client_hint(req));
  if (!p) return json_error(404, "NOT_FOUND", "Name the merchant with clientId.");
  const auto wallets = app.world.wallets();
  auto entry = app.world.with_merchant(*p, [&](state::MerchantState& m) -> std::optional<Fields> {
    auto key = resolve_buyer(m, req.param("id"));
    const state::WalletSpec* spec = key ? wallets->find(key->wallet) : nullptr;
    if (!spec) return std::nullopt;
    state::Buyer& b = m.payments.buyers.get(key->buyer_id, *spec);
    for (const auto& currency : spec->currencies) (void)state::purse_of(b, currency, *spec);
    return buyer_entry(*p, key->buyer_id, b);
  });
  if (!entry) return json_error(404, "NOT_FOUND", "No buyer or access token " + req.param("id") + ".");
  return json_response(200, render_fields_json(*entry));
}

RawResponse set_buyer(App& app, const ControlRequest& req) {
  auto body = json_body(req);
  if (!body || !body->IsObject()) return json_error(400, "BAD_REQUEST", "The body must be a JSON object.");
  auto p = one_partition(app, client_hint(req, &*body));
  if (!p) return json_error(404, "NOT_FOUND", "Name the merchant with clientId.");
  auto field = [&](const char* name) -> const rapidjson::Value* {
    auto it = body->FindMember(name);
    return it == body->MemberEnd() ? nullptr : &it->value;
  };
  // Validate everything before changing anything.
  std::optional<std::int64_t> balance, single, daily, count;
  const char* bad = nullptr;
  auto read = [&](const char* name, std::optional<std::int64_t>& into) {
    if (const auto* v = field(name); v && !v->IsNull()) {
      into = integer_of(*v);
      if (!into || *into < 0 || *into > kMaxSettable) bad = name;
    }
  };
  read("balance", balance);
  read("singleLimit", single);
  read("dailyLimit", daily);
  read("dailyCountLimit", count);
  if (bad) return json_error(400, "BAD_REQUEST", std::string(bad) + " must be a whole number from 0 to 10^18.");
  const auto* currency_v = field("currency");
  std::string currency = currency_v && currency_v->IsString() ? currency_v->GetString() : "";
  const auto wallets = app.world.wallets();
  std::string error;
  auto entry = app.world.with_merchant(*p, [&](state::MerchantState& m) -> std::optional<Fields> {
    auto key = resolve_buyer(m, req.param("id"));
    const state::WalletSpec* spec = key ? wallets->find(key->wallet) : nullptr;
    if (!spec) {
      error = "No buyer or access token " + req.param("id") + ".";
      return std::nullopt;
    }
    if (currency.empty()) currency = spec->currencies.empty() ? "" : spec->currencies.front();
    if (state::currency_decimals(currency) < 0) {
      error = "Unknown currency " + currency + ".";
      return std::nullopt;
    }
    state::Buyer& b = m.payments.buyers.get(key->buyer_id, *spec);
    if (balance) state::purse_of(b, currency, *spec).balance = *balance;
    if (const auto* v = field("singleLimit")) b.single_limit = v->IsNull() ? std::nullopt : single;
    if (const auto* v = field("dailyLimit")) b.daily_limit = v->IsNull() ? std::nullopt : daily;
    if (const auto* v = field("dailyCountLimit"))
      b.daily_count_limit = v->IsNull() ? std::nullopt : std::optional<int>(static_cast<int>(std::min<std::int64_t>(*count, 1'000'000'000)));
    for (const auto& c : spec->currencies) (void)state::purse_of(b, c, *spec);
    return buyer_entry(*p, key->buyer_id, b);
  });
  if (!entry) return json_error(404, "NOT_FOUND", error);
  return json_response(200, render_fields_json(*entry));
}

}  // namespace

void add_payment_routes(ControlRouter& router) {
  router.add("GET", "/_sim/payments", list_payments);
  router.add("GET", "/_sim/refunds", list_refunds);
  router.add("GET", "/_sim/declarations", list_declarations);
  router.add("GET", "/_sim/buyers", list_buyers);
  router.add("GET", "/_sim/buyers/{id}", get_buyer);
  router.add("POST", "/_sim/buyers/{id}", set_buyer);
}

}  // namespace antom::server
