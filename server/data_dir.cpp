#include "server/data_dir.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace antom::server {
namespace {

namespace fs = std::filesystem;

std::string errno_text(int err) { return std::strerror(err); }

[[noreturn]] void fail(const std::string& message) { throw std::runtime_error(message); }

const char* kWhatToDo = "give a writable directory with --data-dir (or ANTOM_SIM_DATA_DIR), or one that already holds every file";

}  // namespace

void ensure_data_dir(const fs::path& dir) {
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return;
  if (fs::exists(dir, ec))
    fail("data directory " + dir.string() + " is not a directory; choose another with --data-dir (or ANTOM_SIM_DATA_DIR)");
  fs::create_directories(dir, ec);
  if (ec)
    fail("data directory " + dir.string() + ": cannot create it (" + ec.message() +
         "); choose another with --data-dir (or ANTOM_SIM_DATA_DIR)");
}

DataDirLock::DataDirLock(const fs::path& dir, std::chrono::seconds wait) {
  const fs::path path = dir / kDataDirLockFile;
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0 && (errno == EROFS || errno == EACCES || errno == EPERM))
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);  // flock works on a read-only descriptor too
  if (fd_ < 0)
    fail("data directory " + dir.string() + " lacks files and the lock " + path.string() + " cannot be opened (" +
         errno_text(errno) + "); " + kWhatToDo);
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    if (err != EWOULDBLOCK && err != EINTR) {
      ::close(fd_);
      fail("cannot lock " + path.string() + " (" + errno_text(err) + "); " + kWhatToDo);
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::close(fd_);
      fail("the lock " + path.string() + " is held by another process for " + std::to_string(wait.count()) +
           " s; stop the instance that holds it (it should finish creating keys in about a second)");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

DataDirLock::~DataDirLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

void create_file_atomically(const fs::path& path, std::string_view text, bool secret) {
  std::random_device rd;
  const fs::path temp = path.string() + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(rd());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, secret ? 0600 : 0644);
  if (fd < 0)
    fail("cannot create " + path.string() + " (" + errno_text(errno) + "); " + kWhatToDo);
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  const int err = errno;
  const bool ok = done == text.size() && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(temp.c_str(), path.c_str()) != 0) {
    const int rename_err = ok ? errno : err;
    ::unlink(temp.c_str());
    fail("cannot write " + path.string() + " (" + errno_text(rename_err) + "); " + kWhatToDo);
  }
}

std::string read_data_file(const fs::path& path) {
  std::error_code ec;
  if (fs::exists(path, ec) && !fs::is_regular_file(path, ec))
    fail("cannot read " + path.string() + " (not a regular file); put the file back, or choose another directory with --data-dir");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    fail("cannot read " + path.string() + " (" + errno_text(errno) +
         "); give antom-sim read access to its data directory, or choose another with --data-dir");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace antom::server
