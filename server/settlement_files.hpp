#pragma once
// "The current reconciliation files of merchant X", for every reader (GET /_sim/reports, SFTP):
// what is due by the virtual clock's now is produced first (rendered outside the merchant's lock),
// then fn sees the files under the lock and copies what it needs (no JSON, no I/O under it).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/app.hpp"
#include "state/settlement_book.hpp"
#include "state/settlement_reports.hpp"

namespace antom::server {

template <class F>
auto with_settlement_files(App& app, const Merchant& merchant, F&& fn) {
  state::SettlementContract contract = merchant.settlement;
  contract.settlement_currencies = merchant.settlement_currencies;
  const auto fx = app.world.fx();
  const auto wallets = app.world.wallets();
  const state::SettlementInputs in{contract, *fx, *wallets};
  const auto now = app.world.now(merchant.client_id);  // the merchant's own clock, if it has one
  auto due = app.world.with_merchant(merchant.client_id,
                                     [&](state::MerchantState& m) { return state::take_due_reports(m, in, now); });
  auto files = state::render_reports(contract, due);
  return app.world.with_merchant(merchant.client_id, [&](state::MerchantState& m) {
    (void)state::keep_reports(m, std::move(files), now);
    return fn(static_cast<const std::vector<state::ReportFile>&>(m.settlement.files));
  });
}

struct SettlementFileInfo {
  std::string path;  // "/v1/settlements/<customerId>/<date>/<name>.csv"
  std::uint64_t size = 0;
  state::TimePoint produced_at{};
};

// The files kept now (the last 7 virtual days), in the order produced, without their bytes.
[[nodiscard]] std::vector<SettlementFileInfo> list_settlement_files(App& app, const Merchant& merchant);
// One file's bytes; nullopt when no such file is kept.
[[nodiscard]] std::optional<std::string> settlement_file_bytes(App& app, const Merchant& merchant, std::string_view path);

}  // namespace antom::server
