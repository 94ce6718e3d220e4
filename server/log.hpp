#pragma once
// One line per request on stderr: time, method, path, client-id, resultCode, microseconds, and
// the scenario that shaped the answer, if any.
#include <cstdint>
#include <string_view>

#include "server/options.hpp"

namespace antom::server {

void set_log_format(LogFormat format);
void log_request(std::string_view method, std::string_view path, std::string_view client_id,
                 std::string_view result_code, std::int64_t micros, std::string_view scenario = {});
void log_message(std::string_view text);  // start-up and shutdown lines

}  // namespace antom::server
