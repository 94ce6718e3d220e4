#pragma once
// The shared tables in a whole-simulator document: "wallets" and "fx" (doc_tables.cpp).
#include <optional>

#include "server/snapshot/codec.hpp"
#include "state/settlement.hpp"
#include "state/wallets.hpp"

namespace antom::server::snapshot_codec {

void write_tables(Out& out, const state::WalletTable& wallets, const state::FxTable& fx);
// Each table present replaces the defaults; absent ones stay nullopt.
void read_tables(In& in, std::optional<state::WalletTable>& wallets, std::optional<state::FxTable>& fx);

}  // namespace antom::server::snapshot_codec
