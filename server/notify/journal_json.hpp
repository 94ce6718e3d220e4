#pragma once
// The notification journal as JSON for /_sim/notifications: a summary per record for lists, and
// the full record with every attempt (headers, signature, answer, latency, next attempt).
#include <string>

#include "server/control/control_json.hpp"
#include "state/outbox.hpp"

namespace antom::server {

void write_record_summary(JsonWriter& w, const std::string& client_id, const state::OutboxRecord& r);
// Summary fields plus body, request time, signature and the attempts.
void write_record_full(JsonWriter& w, const std::string& client_id, const state::OutboxRecord& r);

}  // namespace antom::server
