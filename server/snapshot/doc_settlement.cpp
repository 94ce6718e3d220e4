// Where a merchant's settlement stands. The report files are not written: the virtual clock makes
// them again (docs/snapshots.md).
#include <cstdio>

#include "server/snapshot/doc_parts.hpp"

namespace antom::server::snapshot_codec {
namespace {

using state::format_day;

std::optional<std::chrono::sys_days> parse_day(const std::string& text) {
  int y = 0;
  unsigned m = 0, d = 0;
  char tail = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days{ymd};
}

void day_field(In& in, std::string_view key, std::optional<std::chrono::sys_days>& day) {
  std::string text;
  in(key, text);
  if (!in.ok() || text.empty()) return;
  day = parse_day(text);
  if (!day) in.fail(key, "must be a date, YYYY-MM-DD");
}

}  // namespace

void write_settlement(Out& out, const state::SettlementBook& book) {
  if (!book.next_business_day && !book.next_details_day) return;
  out.object("settlement", book, [](Out& o, const state::SettlementBook& b) {
    if (b.next_business_day) o("nextBusinessDay", format_day(*b.next_business_day));
    if (b.settled_through) o("settledThrough", *b.settled_through);  // a run closed that day in part
    if (b.next_details_day) o("nextDetailsDay", format_day(*b.next_details_day));
    if (b.seq > 0) {  // the last settlementBatchId sequence of that settlement date
      o("batchSequenceDate", format_day(b.seq_date));
      o("batchSequence", b.seq);
    }
  });
}

void read_settlement(In& in, state::SettlementBook& book) {
  in.object("settlement", book, [](In& s, state::SettlementBook& b) {
    day_field(s, "nextBusinessDay", b.next_business_day);
    s("settledThrough", b.settled_through);
    day_field(s, "nextDetailsDay", b.next_details_day);
    std::optional<std::chrono::sys_days> seq_date;
    day_field(s, "batchSequenceDate", seq_date);
    s("batchSequence", b.seq);
    if (seq_date) b.seq_date = *seq_date;
    if (b.seq < 0 || b.seq > 9999) s.fail("batchSequence", "must be 0 to 9999 (the batch id's four digits)");
  });
}

}  // namespace antom::server::snapshot_codec
