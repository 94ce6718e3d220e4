#pragma once
// "The current reconciliation files of merchant X" for SFTP: copies out of with_report_files()
// (server/report_desk.hpp), which produces what is due by the merchant's clock first.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/app.hpp"
#include "state/settlement_book.hpp"

namespace antom::server {

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
