#pragma once
// The bytes of an HTTP/1.1 response: status line, headers as given, Content-Length, body.
#include <string>
#include <string_view>

#include "server/http/raw_message.hpp"

namespace antom::server {

// The reason phrase of a status code ("OK", "Not Found"); "Unknown" for codes antom-sim never sends.
[[nodiscard]] std::string_view reason_phrase(int status);

// One buffer, written with one call (Beast's serializer allocated per field and walked a sequence
// of small buffers: a visible share of a request under load, docs/benchmarks.md). Header names keep
// their (lowercase) case; CR and LF in header text become spaces, so no value can split a header.
// `keep_alive` false adds "Connection: close"; `announce_keep_alive` adds "Connection: keep-alive"
// (an HTTP/1.0 client that asked for it closes without it).
[[nodiscard]] std::string to_wire(const RawResponse& res, bool keep_alive, bool announce_keep_alive = false);

}  // namespace antom::server
