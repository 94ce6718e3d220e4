#include "bench/support/args.hpp"

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace antom::bench {

std::size_t count_arg(int argc, char** argv, int index, std::size_t fallback, const char* usage) {
  if (index >= argc) return fallback;
  const char* text = argv[index];
  const char* end = text + std::strlen(text);
  std::size_t value = 0;
  const auto [ptr, ec] = std::from_chars(text, end, value);
  if (text == end || ec != std::errc{} || ptr != end) {
    std::fprintf(stderr, "argument %d is \"%s\", not a count\nusage: %s\n", index, text, usage);
    std::exit(2);
  }
  return value;
}

}  // namespace antom::bench
