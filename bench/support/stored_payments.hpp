// Payments stored in process, as the API stores them, for the benchmarks that measure what reads
// them (listings, the portal, snapshots): state::pay with a forced SUCCESS, so one buyer's balance
// never runs out, and the notifications dropped as it goes (they are not what is measured).
#pragma once
#include <cstddef>
#include <functional>
#include <string>

#include "server/app.hpp"

namespace antom::bench {

// Makes `count` payments of merchant `client_id`, paymentRequestIds "<prefix>-<i>"; calls
// on_each(i, payment) for each, under the merchant's lock.
void store_payments(server::App& app, const std::string& client_id, std::size_t count, const std::string& prefix,
                    const std::function<void(std::size_t, const state::Payment&)>& on_each = {});

}  // namespace antom::bench
