// The positional counts of the in-process benchmarks ("payments_bench 2000"). A value that is not
// a whole number stops the bench with its usage line; strtoull would have read it as 0 and timed
// an empty store.
#pragma once

#include <cstddef>

namespace antom::bench {

// argv[index] as a count, or `fallback` when there are fewer arguments. Exits with status 2,
// printing `usage`, on anything but digits.
std::size_t count_arg(int argc, char** argv, int index, std::size_t fallback, const char* usage);

}  // namespace antom::bench
