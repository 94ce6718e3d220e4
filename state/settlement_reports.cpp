#include "state/settlement_reports.hpp"

#include <array>
#include <cstdint>
#include <cstdio>

namespace antom::state {
namespace {

// Lines end in "\n": Antom's pages do not say; antom-sim's choice (docs/settlement.md).
constexpr std::string_view kEol = "\n";
constexpr std::string_view kEnd = "<END>";
constexpr std::string_view kProductCode = "AGREEMENT_PAYMENT";

std::string yyyymmdd(std::chrono::sys_days d) {
  const std::chrono::year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
  return buf;
}

std::string local_date(TimePoint t, int offset_minutes) {
  return yyyymmdd(std::chrono::floor<std::chrono::days>(t + std::chrono::minutes{offset_minutes}));
}

std::string dir(const SettlementContract& c, const std::string& date) {
  return "/v1/settlements/" + c.customer_id + "/" + date + "/";
}

// CONNECTWALLET_ or <paymentMethodType>_ before the currency, by the contract's naming.
std::string name_prefix(const SettlementContract& c, const SettlementBatch& b) {
  switch (c.naming) {
    case ReportNaming::Combined: return {};
    case ReportNaming::ConnectWallet: return "CONNECTWALLET_";
    case ReportNaming::PerPaymentMethod: return b.payment_method.empty() ? std::string() : b.payment_method + "_";
  }
  return {};
}

struct Row {
  std::string& out;
  bool first = true;
  Row& operator<<(std::string_view f) {
    if (!first) out += ',';
    first = false;
    append_csv_field(out, f);
    return *this;
  }
  Row& operator<<(std::int64_t v) { return *this << std::string_view(std::to_string(v)); }
  // Totals: 16-digit amounts over many lines pass 2^63, so they are summed in 128 bits.
  Row& operator<<(__int128 v) {
    char buf[48];
    char* p = buf + sizeof buf;
    const bool negative = v < 0;
    unsigned __int128 u = negative ? -static_cast<unsigned __int128>(v) : static_cast<unsigned __int128>(v);
    do {
      *--p = static_cast<char>('0' + static_cast<int>(u % 10));
      u /= 10;
    } while (u != 0);
    if (negative) *--p = '-';
    return *this << std::string_view(p, static_cast<std::size_t>(buf + sizeof buf - p));
  }
  void end() { out += kEol; }
};

}  // namespace

void append_csv_field(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += field;
    return;
  }
  out += '"';
  for (char ch : field) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
}

ReportFile transaction_details_file(const SettlementContract& c, const TransactionDay& day) {
  const std::string date = yyyymmdd(day.day);
  ReportFile f;
  f.path = dir(c, date) + "transactionItems_" + date + "_000.csv";
  f.produced_at = day.produced_at;
  f.bytes.reserve(64 + day.lines.size() * 256);
  f.bytes.append(kTransactionItemsHeader).append(kEol);
  const int off = c.cycle.offset_minutes;
  for (const auto& l : day.lines) {
    Row r{f.bytes};
    r << c.customer_id << "" << "" << l.transaction_id << l.original_transaction_id << l.transaction_request_id
      << l.reference_transaction_id << l.order_description << l.payment_method << l.psp_name << to_string(l.type)
      << format_iso8601(l.time, off) << kProductCode << l.amount.value << l.amount.currency;
    r.end();
  }
  f.bytes.append(kEnd).append(kEol);
  return f;
}

ReportFile settlement_details_file(const SettlementContract& c, const SettlementBatch& b) {
  const int off = c.cycle.offset_minutes;
  ReportFile f;
  f.path = dir(c, local_date(b.settled_at, off)) + "settlementItems_" + name_prefix(c, b) + b.currency + "_" + b.batch_id +
           "_000.csv";
  f.produced_at = b.settled_at;
  f.bytes.reserve(64 + b.lines.size() * 320);
  f.bytes.append(kSettlementItemsHeader).append(kEol);
  const std::string settled_at = format_iso8601(b.settled_at, off);
  for (const auto& l : b.lines) {
    Row r{f.bytes};
    r << b.batch_id << c.customer_id << "" << "" << l.transaction_id << l.original_transaction_id
      << l.transaction_request_id << l.reference_transaction_id << l.payment_method << l.psp_name
      << to_string(l.type) << format_iso8601(l.time, off) << settled_at << kProductCode << l.amount.value
      << l.amount.currency << l.settled.value << l.settled.currency << l.quote_pair
      << (l.quote_pair.empty() ? std::string() : format_price(l.quote_price)) << l.fee << l.settled.currency << ""
      << "";
    r.end();
  }
  f.bytes.append(kEnd).append(kEol);
  return f;
}

ReportFile settlement_summary_file(const SettlementContract& c, const SettlementBatch& b) {
  const int off = c.cycle.offset_minutes;
  ReportFile f;
  f.path = dir(c, local_date(b.settled_at, off)) + "settlementSummary_" + name_prefix(c, b) + b.currency + "_" + b.batch_id +
           "_000.csv";
  f.produced_at = b.settled_at;
  struct Sum {
    std::int64_t count = 0;
    __int128 amount = 0, fee = 0;
  };
  constexpr std::array kTypes{SettlementType::Payment, SettlementType::Refund, SettlementType::Cancel,
                              SettlementType::RefundReversal};
  std::array<Sum, kTypes.size()> per_type{};
  Sum total;
  for (const auto& l : b.lines) {
    Sum& s = per_type[static_cast<std::size_t>(l.type)];
    for (Sum* t : {&s, &total}) {
      t->count += 1;
      t->amount += l.settled.value;
      t->fee += l.fee;
    }
  }
  const std::string settled_at = format_iso8601(b.settled_at, off);
  f.bytes.append(kSettlementSummaryHeader).append(kEol);
  const auto row = [&](std::string_view type, const Sum& s) {
    Row r{f.bytes};
    r << b.batch_id << c.customer_id << c.acquirer << type << settled_at << s.count << s.amount << b.currency << s.fee
      << b.currency;
    for (int i = 0; i < 14; ++i) r << "";  // processing, coupon, dispute, interchange, scheme, markup
    r.end();
  };
  row("TOTAL", total);
  for (std::size_t i = 0; i < kTypes.size(); ++i)
    if (per_type[i].count > 0) row(to_string(kTypes[i]), per_type[i]);
  f.bytes.append(kEnd).append(kEol);
  return f;
}

DueReports take_due_reports(MerchantState& m, const SettlementInputs& in, TimePoint now) {
  DueReports due;
  due.days = transaction_details_due(m, m.settlement, in, now);
  due.batches = settle_due(m, m.settlement, in, now);
  return due;
}

DueReports take_run_reports(MerchantState& m, const SettlementInputs& in, TimePoint now) {
  DueReports due;
  due.days = transaction_details_due(m, m.settlement, in, now);
  due.batches = settle_now(m, m.settlement, in, now);
  return due;
}

std::vector<ReportFile> render_reports(const SettlementContract& c, const DueReports& due) {
  std::vector<ReportFile> files;
  for (const auto& day : due.days) files.push_back(transaction_details_file(c, day));
  for (const auto& batch : due.batches) {
    if (!batch.lines.empty()) files.push_back(settlement_details_file(c, batch));
    files.push_back(settlement_summary_file(c, batch));
  }
  return files;
}

std::size_t keep_reports(MerchantState& m, std::vector<ReportFile> files, TimePoint now) {
  auto& kept = m.settlement.files;
  const TimePoint keep_from = now - kReportRetention;
  std::erase_if(kept, [&](const ReportFile& f) { return f.produced_at < keep_from; });
  std::size_t added = 0;
  for (auto& f : files) {
    if (f.produced_at < keep_from) continue;  // a jump of the clock past its retention
    kept.push_back(std::move(f));
    ++added;
  }
  return added;
}

std::size_t produce_reports(MerchantState& m, const SettlementInputs& in, TimePoint now) {
  return keep_reports(m, render_reports(in.contract, take_due_reports(m, in, now)), now);
}

}  // namespace antom::state
