#include "bench/support/replies.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace antom::bench {

std::size_t find_nocase(std::string_view hay, std::string_view needle) {
  auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                        [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
  return it == hay.end() ? std::string_view::npos : static_cast<std::size_t>(it - hay.begin());
}

std::size_t response_length(std::string_view data) {
  const std::size_t head_end = data.find("\r\n\r\n");
  if (head_end == std::string_view::npos) return 0;
  std::size_t length = 0;
  if (auto cl = find_nocase(data.substr(0, head_end), "\ncontent-length:"); cl != std::string_view::npos)
    length = std::strtoul(data.data() + cl + 16, nullptr, 10);
  return data.size() >= head_end + 4 + length ? head_end + 4 + length : 0;
}

int status_of(std::string_view reply) { return reply.size() > 12 ? std::atoi(reply.data() + 9) : 0; }

bool is_signed(std::string_view reply) {
  return find_nocase(reply.substr(0, reply.find("\r\n\r\n")), "\nsignature:") != std::string_view::npos;
}

std::string_view json_view(std::string_view reply, std::string_view key) {
  for (auto at = reply.find(key); at != std::string_view::npos; at = reply.find(key, at + 1)) {
    if (at == 0 || reply[at - 1] != '"' || reply.substr(at + key.size(), 3) != "\":\"") continue;
    const auto from = at + key.size() + 3;
    return reply.substr(from, reply.find('"', from) - from);
  }
  return {};
}

std::string json_string(std::string_view reply, std::string_view key) { return std::string(json_view(reply, key)); }

}  // namespace antom::bench
