// The simulated wallet users of one merchant: balances by currency, limits and today's counters.
#include "server/snapshot/doc_parts.hpp"
#include "state/buyers.hpp"

namespace antom::server::snapshot_codec {
namespace {

struct BuyerRow {  // a buyer with its id, as the document lists it
  std::string id;
  state::Buyer buyer;
};

struct PurseRow {
  std::string currency;
  state::Purse purse;
};

template <class V, class P>
void purse_fields(V& v, P& p) {
  v("currency", p.currency);
  v("balance", p.purse.balance);
  v("spentToday", p.purse.spent_today);
}

void buyer_fields(Out& v, const BuyerRow& row) {
  v("buyerId", row.id);
  v("wallet", row.buyer.wallet);
  std::vector<PurseRow> purses;
  for (const auto& [currency, purse] : row.buyer.purses) purses.push_back({currency, purse});
  v.array("purses", purses, [](Out& o, const PurseRow& p) { purse_fields(o, p); });
  v("singleLimit", row.buyer.single_limit);
  v("dailyLimit", row.buyer.daily_limit);
  v("dailyCountLimit", row.buyer.daily_count_limit.value_or(-1));
  v("day", row.buyer.day);
  v("paymentsToday", row.buyer.payments_today);
}

// dailyCountLimit: -1 = none (nullopt), so it is written always: its default is not "none".
void buyer_fields(In& v, BuyerRow& row) {
  v("buyerId", row.id);
  v("wallet", row.buyer.wallet);
  std::vector<PurseRow> purses;
  v.array("purses", purses, [](In& in, PurseRow& p) { purse_fields(in, p); });
  for (auto& p : purses) row.buyer.purses[p.currency] = p.purse;
  v("singleLimit", row.buyer.single_limit);
  v("dailyLimit", row.buyer.daily_limit);
  int count_limit = row.buyer.daily_count_limit.value_or(-1);
  v("dailyCountLimit", count_limit);
  row.buyer.daily_count_limit = count_limit < 0 ? std::nullopt : std::optional<int>(count_limit);
  v("day", row.buyer.day);
  v("paymentsToday", row.buyer.payments_today);
}

}  // namespace

void write_buyers(Out& out, const state::BuyerBook& buyers) {
  std::vector<BuyerRow> rows;
  rows.reserve(buyers.all().size());
  for (const auto& [id, b] : buyers.all()) rows.push_back({id, b});
  out.array("buyers", rows, [](Out& o, const BuyerRow& r) { buyer_fields(o, r); });
}

void read_buyers(In& in, state::BuyerBook& buyers) {
  std::vector<BuyerRow> rows;
  in.array("buyers", rows, [](In& i, BuyerRow& r) { buyer_fields(i, r); });
  for (std::size_t i = 0; i < rows.size() && in.ok(); ++i) {
    if (rows[i].id.empty()) return in.fail("buyers/" + std::to_string(i) + "/buyerId", "is required");
    if (!buyers.put(rows[i].id, std::move(rows[i].buyer))) return in.fail("buyers/" + std::to_string(i) + "/buyerId", "is given twice");
  }
}

}  // namespace antom::server::snapshot_codec
