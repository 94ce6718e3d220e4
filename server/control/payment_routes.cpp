// /_sim/payments, /_sim/refunds, /_sim/declarations (inspection with filters) and /_sim/buyers
// (a wallet user's balances and limits, settable). Listings page (listing.hpp): matches are copied
// out under the merchant's lock, a slice at a time, and written as JSON outside it.
#include <algorithm>
#include <array>
#include <charconv>

#include "server/control/control_json.hpp"
#include "server/control/control_router.hpp"
#include "server/control/listing.hpp"
#include "server/control/merchant_param.hpp"
#include "server/protocol/render.hpp"
#include "state/activity.hpp"
#include "state/payment_fields.hpp"
#include "state/tick.hpp"

namespace antom::server {
namespace {

using state::Fields;
using state::format_iso8601;
using state::put;

// Balances and limits stay far from int64 overflow when payments and refunds add to them.
constexpr std::int64_t kMaxSettable = 1'000'000'000'000'000'000;
// A week of hours, or about half a year of days.
constexpr std::size_t kMaxActivityBuckets = 168;


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

// One merchant: the named one, or the only one registered; else `error` says why not.
std::optional<std::string> one_partition(App& app, const ControlRequest& req, RawResponse& error) {
  const std::string hint = named_client_id(req);
  if (!hint.empty()) {
    auto m = app.merchants.find(hint);
    if (!m) {
      error = unknown_merchant(hint);
      return std::nullopt;
    }
    return m->client_id;
  }
  auto all = app.merchants.all();
  if (all.size() != 1) {
    error = json_error(400, "BAD_REQUEST", "clientId is required when several merchants are registered.");
    return std::nullopt;
  }
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
  auto selected = partitions(app, named_client_id(req));
  if (!selected) {
    error = unknown_merchant(named_client_id(req));
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

// createdFrom / createdTo: an ISO 8601 time with its offset, as antom-sim prints them.
std::optional<state::TimePoint> time_bound(const ControlRequest& req, const char* name, state::TimePoint fallback,
                                           std::string& error) {
  const std::string text = req.query_value(name);
  if (text.empty()) return fallback;
  const auto t = state::parse_iso8601(text);
  if (!t) error = std::string(name) + " must be a time like 2026-03-01T10:00:00+08:00; got '" + text + "'.";
  return t;
}

RawResponse list_payments(App& app, const ControlRequest& req) {
  const std::string status = req.query_value("status"), request_id = req.query_value("paymentRequestId"),
                    payment_id = req.query_value("paymentId"), wallet = req.query_value("paymentMethodType"),
                    buyer = req.query_value("buyerId");
  std::string error;
  const auto from = time_bound(req, "createdFrom", state::TimePoint::min(), error);
  const auto to = time_bound(req, "createdTo", state::TimePoint::max(), error);
  if (!from || !to) return json_error(400, "BAD_REQUEST", error);
  const bool filtered = !(status + request_id + payment_id + wallet + buyer + req.query_value("createdFrom") +
                          req.query_value("createdTo")).empty();
  return list(
      app, req, "payments", filtered, [](state::MerchantState& m) { return m.payments.payments().size(); },
      [&](state::MerchantState& m, std::size_t i) {
        const auto& p = m.payments.payments()[i];
        return wanted(status, state::to_string(p.status)) && wanted(request_id, p.payment_request_id) &&
               wanted(payment_id, p.payment_id) && wanted(wallet, p.wallet) && wanted(buyer, p.buyer_id) &&
               p.created_at >= *from && p.created_at < *to;
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

// Payments by status in one pass per merchant (the overview's counts), a slice at a time under
// its lock like the listings; counting is cheap, so the slices are larger.
RawResponse payment_stats(App& app, const ControlRequest& req) {
  RawResponse not_found;
  const auto merchants = listed_merchants(app, req, not_found);
  if (!merchants) return not_found;
  constexpr std::size_t kSlice = kListSlice * 16;
  std::array<std::size_t, 4> counts{};  // by state::PaymentStatus
  std::size_t total = 0;
  for (const auto& id : *merchants) {
    const auto now = app.world.now(id);
    for (std::size_t from = 0, size = 1; from < size; from += kSlice)
      app.world.with_merchant(id, [&](state::MerchantState& m) {
        if (from == 0) state::advance_payments(m, now);
        const auto& all = m.payments.payments();
        size = all.size();
        for (std::size_t i = from; i < std::min(size, from + kSlice); ++i) ++counts[static_cast<std::size_t>(all[i].status)];
      });
  }
  for (auto c : counts) total += c;
  return json_object_response(200, [&](JsonWriter& w) {
    w.Key("total");
    w.Uint64(total);
    w.Key("byStatus");
    w.StartObject();
    for (auto s : {state::PaymentStatus::Success, state::PaymentStatus::Fail, state::PaymentStatus::Processing,
                   state::PaymentStatus::Cancelled}) {
      const auto name = state::to_string(s);
      w.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
      w.Uint64(counts[static_cast<std::size_t>(s)]);
    }
    w.EndObject();
  });
}

// The overview's chart: payments and notification attempts per hour or day of virtual time, the
// last bucket holding now. Payments a slice at a time under the lock, like the counts above.
RawResponse activity(App& app, const ControlRequest& req) {
  const std::string bucket = req.query_value("bucket").empty() ? "1h" : req.query_value("bucket");
  std::size_t count = 24;
  if (const std::string text = req.query_value("buckets"); !text.empty()) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), count);
    if (ec != std::errc{} || end != text.data() + text.size() || count < 1 || count > kMaxActivityBuckets)
      return json_error(400, "BAD_REQUEST", "buckets must be a whole number from 1 to " +
                                                std::to_string(kMaxActivityBuckets) + " (default 24); got '" + text + "'.");
  }
  RawResponse not_found;
  const auto merchants = listed_merchants(app, req, not_found);
  if (!merchants) return not_found;
  // One merchant: its own clock's now, when it has one; several: the shared clock's.
  const auto now = merchants->size() == 1 ? app.world.now(merchants->front()) : app.world.clock().now();
  const state::Millis width = bucket == "1d" ? state::Millis(std::chrono::hours(24)) : state::Millis(std::chrono::hours(1));
  state::ActivitySeries series(now, width, count);
  constexpr std::size_t kSlice = kListSlice * 16;
  for (const auto& id : *merchants) {
    for (std::size_t from = 0, size = 1; from < size; from += kSlice)
      app.world.with_merchant(id, [&](state::MerchantState& m) {
        if (from == 0) {
          state::advance_payments(m, app.world.now(id));
          series.add_notifications(m.outbox);
        }
        size = m.payments.payments().size();
        series.add_payments(m.payments.payments(), from, from + kSlice);
      });
  }
  return json_object_response(200, [&](JsonWriter& w) {
    write_string(w, "bucket", bucket);
    write_string(w, "now", format_iso8601(now));
    w.Key("buckets");
    w.StartArray();
    auto start = series.start();
    for (const auto& b : series.buckets()) {
      w.StartObject();
      write_string(w, "start", format_iso8601(start));
      w.Key("payments");
      w.StartObject();
      for (auto s : {state::PaymentStatus::Success, state::PaymentStatus::Fail, state::PaymentStatus::Processing,
                     state::PaymentStatus::Cancelled}) {
        const auto name = state::to_string(s);
        w.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
        w.Uint64(b.payments[static_cast<std::size_t>(s)]);
      }
      w.EndObject();
      w.Key("notifications");
      w.StartObject();
      w.Key("delivered");
      w.Uint64(b.delivered);
      w.Key("failed");
      w.Uint64(b.failed);
      w.EndObject();
      w.EndObject();
      start += series.width();
    }
    w.EndArray();
  });
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
  RawResponse refused;
  auto p = one_partition(app, req, refused);
  if (!p) return refused;
  const auto wallets = app.world.wallets(*p);
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
  const auto* body = json_body(req);  // fields and types checked by the router
  RawResponse refused;
  auto p = one_partition(app, req, refused);
  if (!p) return refused;
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
  std::string currency = currency_v ? currency_v->GetString() : "";
  const auto wallets = app.world.wallets(*p);
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

ControlField filter(std::string name, std::string description, std::vector<std::string> values = {}) {
  return ControlField{.name = std::move(name), .description = std::move(description), .values = std::move(values)};
}

// A listing's query: the merchant, its filters, and the page.
std::vector<ControlField> listing_query(std::vector<ControlField> filters) {
  std::vector<ControlField> out{client_id_field()};
  out.insert(out.end(), filters.begin(), filters.end());
  out.push_back({.name = "limit", .types = kInteger, .description = "Page size, 1 to 1000 (default 100)."});
  out.push_back({.name = "cursor", .description = "nextCursor of the previous page."});
  return out;
}

std::vector<ControlField> page_answer(std::string key) {
  return {{.name = std::move(key), .types = kArray}, {.name = "total", .types = kInteger}, {.name = "nextCursor"}};
}

const std::vector<ControlField> kBuyerAnswer = {{.name = "clientId"}, {.name = "buyerId"}, {.name = "wallet"},
                                             {.name = "balances", .types = kObject}, {.name = "singleLimit"},
                                             {.name = "dailyLimit"}, {.name = "dailyCountLimit"}, {.name = "paymentsToday"}};

void add_payment_routes(ControlRouter& router) {
  router.add("GET", "/_sim/payments",
             {.summary = "Payments, filtered and paged.",
              .query = listing_query({filter("status", "paymentStatus", {"SUCCESS", "FAIL", "PROCESSING", "CANCELLED"}),
                                      filter("paymentRequestId", "The merchant's paymentRequestId."),
                                      filter("paymentId", "Antom's paymentId."),
                                      filter("paymentMethodType", "The wallet, e.g. GCASH."),
                                      filter("createdFrom", "Created at or after this time (ISO 8601 with offset)."),
                                      filter("createdTo", "Created before this time (ISO 8601 with offset)."),
                                      filter("buyerId", "The wallet user.")}),
              .response = page_answer("payments")},
             list_payments);
  router.add("GET", "/_sim/payments/stats",
             {.summary = "How many payments there are by paymentStatus, in one pass.",
              .query = {client_id_field("One merchant; default: all.")},
              .response = {{.name = "total", .types = kInteger}, {.name = "byStatus", .types = kObject}}},
             payment_stats);
  router.add("GET", "/_sim/activity",
             {.summary = "Payments (by the hour or day they were created, with their status now) and notification "
                         "attempts (acknowledged or not) over virtual time, the last bucket holding now.",
              .query = {client_id_field("One merchant; default: all."),
                        {.name = "bucket", .description = "Bucket width (default 1h).", .values = {"1h", "1d"}},
                        {.name = "buckets", .types = kInteger, .description = "How many buckets, 1 to 168 (default 24)."}},
              .response = {{.name = "bucket", .types = kString}, {.name = "now", .types = kString},
                           {.name = "buckets", .types = kArray}}},
             activity);
  router.add("GET", "/_sim/refunds",
             {.summary = "Refunds, filtered and paged.",
              .query = listing_query({filter("status", "refundStatus", {"SUCCESS", "FAIL", "PROCESSING"}),
                                      filter("paymentId", "The refunded payment."),
                                      filter("refundRequestId", "The merchant's refundRequestId.")}),
              .response = page_answer("refunds")},
             list_refunds);
  router.add("GET", "/_sim/declarations",
             {.summary = "Customs declarations, filtered and paged.",
              .query = listing_query({filter("status", "declarationRequestStatus", {"SUCCESS", "FAIL", "PROCESSING"}), filter("paymentId", "The declared payment.")}),
              .response = page_answer("declarations")},
             list_declarations);
  router.add("GET", "/_sim/buyers", {.summary = "Wallet users seen so far, paged.", .query = listing_query({}), .response = page_answer("buyers")},
             list_buyers);
  router.add("GET", "/_sim/buyers/{id}",
             {.summary = "One buyer's balances and limits ({id}: buyerId or one of its access tokens).",
              .query = {client_id_field("The buyer's merchant; optional when only one is registered.")},
              .response = kBuyerAnswer},
             get_buyer);
  auto limit = [](std::string name, std::string description) {
    return ControlField{.name = std::move(name), .types = kInteger | kString | kNull, .description = std::move(description)};
  };
  router.add("POST", "/_sim/buyers/{id}",
             {.summary = "Set a buyer's balance and limits (whole minor units; null removes a limit).",
              .query = {client_id_field("The buyer's merchant; optional when only one is registered.")},
              .body = BodySpec{{client_id_field("The buyer's merchant (or in the query)."),
                                limit("balance", "The balance in minor units of currency, 0 to 10^18."),
                                {.name = "currency", .description = "ISO 4217; default: the wallet's first currency."},
                                limit("singleLimit", "Largest single payment, minor units; null: none."),
                                limit("dailyLimit", "Largest daily total, minor units; null: none."),
                                limit("dailyCountLimit", "Most payments a day; null: none.")}},
              .response = kBuyerAnswer},
             set_buyer);
}

}  // namespace antom::server
