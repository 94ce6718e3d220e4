#pragma once
// Producing a merchant's reconciliation files (docs/settlement.md): what is due is taken under
// the merchant's lock, rendered outside it, and kept under it again. The notification sender's
// pass does it on the clock (before --retention-days may drop the records); a read and a run do
// it too, so a read right after the clock moved lists the new files. One producer at a time per
// merchant, so a read never lists while another producer holds files not yet kept.
#include <string>
#include <vector>

#include "server/app.hpp"
#include "state/settlement_reports.hpp"

namespace antom::server {

// The merchant's contract with its settlement currencies (kept apart on Merchant).
[[nodiscard]] state::SettlementContract settlement_contract(const Merchant& merchant);

// One settlement batch produced, for an answer.
struct ProducedBatch {
  std::string batch_id;
  std::string currency;
  std::string payment_method;  // with the PER_PAYMENT_METHOD naming only
  std::chrono::sys_days business_day{};
  state::TimePoint settled_at{};
  std::size_t count = 0;
  std::int64_t amount = 0;  // settlement currency minor units, signed
  std::int64_t fee = 0;
};

struct Produced {
  state::TimePoint now{};  // the merchant's virtual now they were produced at
  std::vector<ProducedBatch> batches;
  std::vector<std::string> paths;  // the files added, in the order produced
};

enum class ProduceMode : std::uint8_t {
  Due,  // what the clock made due
  Run,  // and every business day still open up to now (POST /_sim/settlements/run)
};

Produced produce_reports(App& app, const Merchant& merchant, ProduceMode mode);

// The stable entry point for readers (HTTP, SFTP): produces what is due, then runs fn(files) under
// the merchant's lock; fn copies what it needs (no JSON or I/O there).
template <class F>
auto with_report_files(App& app, const Merchant& merchant, F&& fn) {
  (void)produce_reports(app, merchant, ProduceMode::Due);
  return app.world.with_merchant(merchant.client_id,
                                 [&](state::MerchantState& m) { return std::forward<F>(fn)(m.settlement.files); });
}

}  // namespace antom::server
