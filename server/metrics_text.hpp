#pragma once
// GET /metrics: the Prometheus text exposition format (version 0.0.4) of App::metrics plus gauges
// read from state when scraped.
#include <string>

#include "server/app.hpp"

namespace antom::server {

[[nodiscard]] std::string render_metrics(App& app);

}  // namespace antom::server
