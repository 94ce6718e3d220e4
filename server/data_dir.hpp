#pragma once
// The data directory is shared safely: any number of instances may start on it at once. Files are
// made once, under an flock on a lock file in the directory, each written to a temporary file and
// renamed into place; a file that exists is never rewritten. A directory that already holds every
// file is only read, so it may be read-only. Every failure is one line naming the file and what
// to do (a std::runtime_error at start-up).
#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>

namespace antom::server {

inline constexpr const char* kDataDirLockFile = ".antom-sim.lock";

// Creates `dir` (and parents) if missing; refuses a path that is not a directory.
void ensure_data_dir(const std::filesystem::path& dir);

// Held while files are created; waits for another instance (up to `wait`) that creates them.
class DataDirLock {
 public:
  explicit DataDirLock(const std::filesystem::path& dir, std::chrono::seconds wait = std::chrono::seconds(30));
  ~DataDirLock();
  DataDirLock(const DataDirLock&) = delete;
  DataDirLock& operator=(const DataDirLock&) = delete;

 private:
  int fd_ = -1;
};

// Writes `text` to a temporary file beside `path`, flushes it, and renames it into place; `secret`
// files are owner-only. Call under DataDirLock after checking that `path` does not exist.
void create_file_atomically(const std::filesystem::path& path, std::string_view text, bool secret);

// The whole file; throws naming the file when it cannot be read.
[[nodiscard]] std::string read_data_file(const std::filesystem::path& path);

}  // namespace antom::server
