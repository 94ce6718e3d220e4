#pragma once
// Where a merchant's settlement stands: the first business day not settled, the first calendar
// day whose transaction details are not produced, and the report files produced (kept as Antom
// keeps them on SFTP: https://global.alipay.com/docs/ac/reconcile/perform says files older than 7 days
// may be deleted). Part of MerchantState, so a reset forgets it with the rest.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "state/time.hpp"

namespace antom::state {

struct ReportFile {
  std::string path;   // "/v1/settlements/2188120000000001/20240302/settlementSummary_USD_..._000.csv"
  std::string bytes;  // the whole file
  TimePoint produced_at{};
};

struct SettlementBook {
  std::optional<std::chrono::sys_days> next_business_day;  // unset until the first settle_due
  // Set after a run (POST /_sim/settlements/run) closed next_business_day in part: its lines
  // before this time are settled, the rest go into a later batch.
  std::optional<TimePoint> settled_through;
  std::optional<std::chrono::sys_days> next_details_day;   // unset until the first transaction_details_due
  // The last settlementBatchId sequence given and its settlement date, so batches of one date
  // (a day's own and a run's) never share an id.
  std::chrono::sys_days seq_date{};
  int seq = 0;
  std::vector<ReportFile> files;                           // in the order produced
};

}  // namespace antom::state
