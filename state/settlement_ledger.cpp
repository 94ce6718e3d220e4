#include "state/settlement_ledger.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "state/digits.hpp"

namespace antom::state {
namespace {

using std::chrono::sys_days;

// The settlement side of a transaction: the amount in the settlement currency and the quote.
struct Settled {
  Money money;
  std::string pair;
  std::int64_t price = 0;
};

Settled same_currency(const Money& amount) { return Settled{amount, {}, 0}; }

Settled from_settlement(const Settlement& s) { return Settled{s.gross, s.quote.pair, s.quote.price}; }

// A refund settles at the rate of its success time, in its payment's settlement currency: the
// quote the API took when it succeeded (state/refund_flow.cpp), so the files and inquiryRefund
// agree; else the table's rate at that time.
Settled refund_settled(const Refund& r, const Payment* p, const FxTable& fx) {
  if (p == nullptr || !p->settlement) return same_currency(r.amount);
  if (r.settlement) return from_settlement(*r.settlement);
  if (auto s = settle(fx, r.amount, p->settlement->gross.currency, "", r.finished_at)) return from_settlement(*s);
  // Neither: pro rata of the payment's gross amount (integer, half up).
  const __int128 v = static_cast<__int128>(p->settlement->gross.value) * r.amount.value * 2 + p->amount.value;
  const auto value = p->amount.value > 0 ? static_cast<std::int64_t>(v / (2 * static_cast<__int128>(p->amount.value))) : 0;
  return Settled{Money{value, p->settlement->gross.currency}, p->settlement->quote.pair, p->settlement->quote.price};
}

SettlementLine payment_line(const Payment& p, const SettlementInputs& in) {
  SettlementLine l;
  l.type = SettlementType::Payment;
  l.transaction_id = p.payment_id;
  l.transaction_request_id = p.payment_request_id;
  l.reference_transaction_id = p.reference_order_id;
  l.order_description = p.order_description;
  l.payment_method = p.wallet;
  if (const WalletSpec* w = in.wallets.find(p.wallet)) l.psp_name = w->psp_name;
  l.time = p.finished_at;
  l.amount = p.amount;
  const Settled s = p.settlement ? from_settlement(*p.settlement) : same_currency(p.amount);
  l.settled = s.money;
  l.quote_pair = s.pair;
  l.quote_price = s.price;
  l.fee = -fee_amount(fee_for(in.contract, p.wallet), l.settled.value);
  return l;
}

void negate(SettlementLine& l) {
  l.amount.value = -l.amount.value;
  l.settled.value = -l.settled.value;
}

}  // namespace

std::string_view to_string(SettlementType t) {
  switch (t) {
    case SettlementType::Payment: return "PAYMENT";
    case SettlementType::Refund: return "REFUND";
    case SettlementType::Cancel: return "CANCEL";
    case SettlementType::RefundReversal: return "REFUND_REVERSAL";
  }
  return "PAYMENT";
}

std::vector<SettlementLine> settlement_lines(const MerchantState& m, const SettlementInputs& in, TimePoint from,
                                             TimePoint to) {
  std::vector<SettlementLine> out;
  const auto inside = [&](TimePoint t) { return t >= from && t < to; };
  for (const Payment& p : m.payments.payments()) {
    const bool captured = p.status == PaymentStatus::Success ||
                          (p.status == PaymentStatus::Cancelled && p.cancelled_after_success);
    if (!captured) continue;
    if (inside(p.finished_at)) out.push_back(payment_line(p, in));
    if (p.status == PaymentStatus::Cancelled && inside(p.cancelled_at)) {
      // A full reversal at the payment's own quote; the whole fee comes back when refunds return it.
      SettlementLine l = payment_line(p, in);
      l.type = SettlementType::Cancel;
      l.original_transaction_id = l.transaction_id;
      l.time = p.cancelled_at;
      negate(l);
      l.fee = in.contract.refund_fee_returned ? -l.fee : 0;
      out.push_back(std::move(l));
    }
  }
  const auto& payments = m.payments;
  for (const Refund& r : payments.refunds()) {
    if (r.status != RefundStatus::Success) continue;
    const bool refunded = inside(r.finished_at);
    const bool reversed = r.reversed_at && inside(*r.reversed_at);
    if (!refunded && !reversed) continue;
    const auto pos = payments.payment_position(r.payment_id);  // gone when retention dropped it
    const Payment* p = pos ? &payments.payments()[*pos] : nullptr;
    SettlementLine l;
    l.type = SettlementType::Refund;
    l.transaction_id = r.refund_id;
    l.original_transaction_id = r.payment_id;
    l.transaction_request_id = r.refund_request_id;
    l.reference_transaction_id = r.reference_refund_id;
    if (p != nullptr) {
      l.order_description = p->order_description;
      l.payment_method = p->wallet;
      if (const WalletSpec* w = in.wallets.find(p->wallet)) l.psp_name = w->psp_name;
    }
    l.time = r.finished_at;
    l.amount = r.amount;
    const Settled s = refund_settled(r, p, in.fx);
    l.settled = s.money;
    l.quote_pair = s.pair;
    l.quote_price = s.price;
    l.fee = in.contract.refund_fee_returned ? fee_percent_part(fee_for(in.contract, l.payment_method), l.settled.value) : 0;
    if (reversed) {
      // The refund's money back to the merchant at the refund's own quote; a returned fee is
      // charged again. transactionId stays the refundId (antom-sim's choice: Antom names none).
      SettlementLine back = l;
      back.type = SettlementType::RefundReversal;
      back.time = *r.reversed_at;
      back.fee = -back.fee;
      out.push_back(std::move(back));
    }
    if (refunded) {
      negate(l);
      out.push_back(std::move(l));
    }
  }
  return out;
}

std::string settlement_batch_id(sys_days settlement_date, int seq) {
  const std::chrono::year_month_day ymd{settlement_date};
  std::string id;
  id.reserve(19);
  append_zero_padded(id, static_cast<std::uint64_t>(int(ymd.year())), 4);
  append_zero_padded(id, unsigned(ymd.month()), 2);
  append_zero_padded(id, unsigned(ymd.day()), 2);
  id += "1102104";
  append_zero_padded(id, static_cast<std::uint64_t>(seq), 4);
  return id;
}

namespace {

bool line_order(const SettlementLine& a, const SettlementLine& b) {
  return std::tie(a.time, a.transaction_id, a.type) < std::tie(b.time, b.transaction_id, b.type);
}

// Where a book without history begins: the day of the merchant's first settling transaction, or
// `fallback` (today) when that is earlier. Reads times only, builds no line.
sys_days first_day(const MerchantState& m, const SettlementCycle& c, sys_days fallback) {
  sys_days d = fallback;
  for (const Payment& p : m.payments.payments()) {
    if (p.status == PaymentStatus::Success || (p.status == PaymentStatus::Cancelled && p.cancelled_after_success))
      d = std::min(d, business_day(c, p.finished_at));
  }
  for (const Refund& r : m.payments.refunds())
    if (r.status == RefundStatus::Success) d = std::min(d, business_day(c, r.finished_at));  // a reversal comes later
  return d;
}

SettlementCycle calendar_days(const SettlementCycle& c) { return SettlementCycle{1, 0, c.offset_minutes}; }

}  // namespace

namespace {

int next_seq(SettlementBook& book, sys_days settlement_date) {
  if (book.seq_date != settlement_date) {
    book.seq_date = settlement_date;
    book.seq = 0;
  }
  return ++book.seq;
}

// The batches of business days [book.next_business_day, end) with the lines before `to` (and
// from book.settled_through on, after a run). `run_at` settles them all at that time (a run);
// else each day at its own settlement time, with zero summaries for a whole day.
std::vector<SettlementBatch> settle_days(const MerchantState& m, SettlementBook& book, const SettlementInputs& in,
                                         sys_days end, TimePoint to, std::optional<TimePoint> run_at, TimePoint now) {
  const SettlementCycle& c = in.contract.cycle;
  const sys_days first = *book.next_business_day;
  const std::optional<TimePoint> resumed = book.settled_through;  // the first day was settled in part
  const TimePoint from = resumed.value_or(business_day_start(c, first));
  auto lines = settlement_lines(m, in, from, to);
  std::sort(lines.begin(), lines.end(), line_order);
  // Per business day, batches keyed by settlement currency (and method when named per method).
  using Key = std::pair<std::string, std::string>;
  std::map<sys_days, std::map<Key, std::vector<SettlementLine>>> by_day;
  for (auto& l : lines) {
    Key key{l.settled.currency, in.contract.naming == ReportNaming::PerPaymentMethod ? l.payment_method : ""};
    by_day[business_day(c, l.time)][std::move(key)].push_back(std::move(l));
  }
  std::vector<SettlementBatch> out;
  for (sys_days d = first; d < end; d += std::chrono::days{1}) {
    const TimePoint at = run_at.value_or(settles_at(c, d));
    const sys_days settlement_date = std::chrono::floor<std::chrono::days>(at + std::chrono::minutes{c.offset_minutes});
    const auto it = by_day.find(d);
    if (it != by_day.end())
      for (auto& [key, batch_lines] : it->second)
        out.push_back(SettlementBatch{settlement_batch_id(settlement_date, next_seq(book, settlement_date)), key.first,
                                      key.second, d, at, std::move(batch_lines)});
    // A contract currency with nothing this cycle: a zero summary. Not for a run nor a day a run
    // settled in part (its currencies may have had a batch), nor for cycles older than the
    // horizon, so a clock set years ahead yields a week of them, not one per day since.
    if (run_at || (resumed && d == first) || !in.contract.empty_cycle_summary || now - at > kEmptySummaryHorizon)
      continue;
    for (const auto& ccy : in.contract.settlement_currencies) {
      const bool has = it != by_day.end() && std::any_of(it->second.begin(), it->second.end(),
                                                         [&](const auto& kv) { return kv.first.first == ccy; });
      if (!has) out.push_back(SettlementBatch{std::string(19, '0'), ccy, {}, d, at, {}});
    }
  }
  return out;
}

}  // namespace

std::vector<SettlementBatch> settle_due(const MerchantState& m, SettlementBook& book, const SettlementInputs& in,
                                        TimePoint now) {
  const SettlementCycle& c = in.contract.cycle;
  if (!book.next_business_day) {
    // A new book starts at the merchant's first settling transaction (or today).
    book.next_business_day = first_day(m, c, business_day(c, now));
  }
  const sys_days first = *book.next_business_day;
  sys_days end = first;
  while (settles_at(c, end) <= now) end += std::chrono::days{1};
  if (end == first) return {};  // the cheap answer on every tick between cycles
  auto out = settle_days(m, book, in, end, business_day_start(c, end), std::nullopt, now);
  book.next_business_day = end;
  book.settled_through.reset();
  return out;
}

std::vector<SettlementBatch> settle_now(const MerchantState& m, SettlementBook& book, const SettlementInputs& in,
                                        TimePoint now) {
  auto out = settle_due(m, book, in, now);  // cycles that ended settle at their own time first
  const SettlementCycle& c = in.contract.cycle;
  const sys_days today = business_day(c, now);
  // What succeeded up to and including `now`; the rest of today goes into a later batch.
  const TimePoint to = now + Millis{1};
  // A clock moved back: nothing open up to now.
  if (*book.next_business_day > today || (book.settled_through && to <= *book.settled_through)) return out;
  auto run = settle_days(m, book, in, today + std::chrono::days{1}, to, now, now);
  book.next_business_day = today;
  book.settled_through = to;
  out.insert(out.end(), std::make_move_iterator(run.begin()), std::make_move_iterator(run.end()));
  return out;
}

std::vector<TransactionDay> transaction_details_due(const MerchantState& m, SettlementBook& book,
                                                    const SettlementInputs& in, TimePoint now) {
  const SettlementCycle c = calendar_days(in.contract.cycle);
  if (!book.next_details_day) {
    book.next_details_day = first_day(m, c, business_day(c, now));
  }
  const sys_days first = *book.next_details_day;
  sys_days end = first;
  while (settles_at(c, end) <= now) end += std::chrono::days{1};
  if (end == first) return {};
  auto lines = settlement_lines(m, in, business_day_start(c, first), business_day_start(c, end));
  std::sort(lines.begin(), lines.end(), line_order);
  std::vector<TransactionDay> out;
  for (auto& l : lines) {
    const sys_days d = business_day(c, l.time);
    if (out.empty() || out.back().day != d) out.push_back(TransactionDay{d, settles_at(c, d), {}});
    out.back().lines.push_back(std::move(l));
  }
  book.next_details_day = end;
  return out;
}

}  // namespace antom::state
