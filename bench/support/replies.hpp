// Reading replies without an HTTP library: where a response ends, its status, its Signature header
// and a JSON string field. Enough for the simulator's own replies (Content-Length, no chunking).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace antom::bench {

// Position of `needle` (lower case) in `hay`, ignoring the case of `hay`; npos when absent.
std::size_t find_nocase(std::string_view hay, std::string_view needle);

// Bytes of the first complete response in `data`, or 0 while more are needed.
std::size_t response_length(std::string_view data);

int status_of(std::string_view reply);
bool is_signed(std::string_view reply);

// The value of "key":"..." in a reply, without allocating (the load loop calls it per reply).
std::string_view json_view(std::string_view reply, std::string_view key);
std::string json_string(std::string_view reply, std::string_view key);

}  // namespace antom::bench
