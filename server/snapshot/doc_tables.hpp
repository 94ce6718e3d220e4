#pragma once
// The shared tables in a whole-simulator document: "wallets" and "fx" (doc_tables.cpp).
#include <optional>

#include "server/snapshot/codec.hpp"
#include "state/settlement.hpp"
#include "state/wallets.hpp"

namespace antom::server::snapshot_codec {

void write_tables(Out& out, const state::WalletTable& wallets, const state::FxTable& fx);
// One wallet table under `key` ("wallets", or a merchant's "ownWallets").
void write_wallet_table(Out& out, std::string_view key, const state::WalletTable& wallets);
void read_wallet_table(In& in, std::string_view key, std::optional<state::WalletTable>& wallets);
// Each table present replaces the defaults; absent ones stay nullopt.
void read_tables(In& in, std::optional<state::WalletTable>& wallets, std::optional<state::FxTable>& fx);

}  // namespace antom::server::snapshot_codec
