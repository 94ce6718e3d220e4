// What a file or /proc says: whole-file reads, a process's resident memory and CPU ticks.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>

namespace antom::bench {

// The whole file, or "" when it cannot be read.
std::string read_text(const std::filesystem::path& p);

// VmRSS of `pid` in kB, -1 when unknown.
long rss_kb(pid_t pid);

// utime + stime of all threads of `pid`, in clock ticks.
long cpu_ticks(pid_t pid);

}  // namespace antom::bench
