#include "server/settlement_files.hpp"

#include "server/report_desk.hpp"

namespace antom::server {

std::vector<SettlementFileInfo> list_settlement_files(App& app, const Merchant& merchant) {
  return with_report_files(app, merchant, [](const std::vector<state::ReportFile>& files) {
    std::vector<SettlementFileInfo> out;
    out.reserve(files.size());
    for (const auto& f : files) out.push_back(SettlementFileInfo{f.path, f.bytes.size(), f.produced_at});
    return out;
  });
}

std::optional<std::string> settlement_file_bytes(App& app, const Merchant& merchant, std::string_view path) {
  return with_report_files(app, merchant, [&](const std::vector<state::ReportFile>& files) -> std::optional<std::string> {
    for (const auto& f : files)
      if (f.path == path) return f.bytes;
    return std::nullopt;
  });
}

}  // namespace antom::server
