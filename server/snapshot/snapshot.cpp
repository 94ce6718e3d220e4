#include "server/snapshot/snapshot.hpp"

namespace antom::server {

SnapshotCounts count(const Snapshot& s) {
  SnapshotCounts c;
  c.merchants = s.merchants.size();
  for (const auto& shared : s.states) {
    const state::MerchantState& m = *shared;
    c.payments += m.payments.payments().size();
    c.refunds += m.payments.refunds().size();
    c.declarations += m.payments.declarations().size();
    c.tokens += m.auth.tokens.size();
    c.buyers += m.payments.buyers.all().size();
    c.notifications += m.outbox.size();
  }
  return c;
}

std::string snapshot_name_problem(std::string_view name) {
  if (name.empty()) return "name is required: 1-64 characters of A-Z a-z 0-9 . _ -";
  if (name.size() > 64) return "name is longer than 64 characters";
  for (char c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-';
    if (!ok) return "name may hold only A-Z a-z 0-9 . _ - (found another character)";
  }
  if (name == "live") return "name \"live\" is reserved: GET /_sim/snapshots/live exports the live state";
  return {};
}

}  // namespace antom::server
