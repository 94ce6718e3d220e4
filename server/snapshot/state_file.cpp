#include "server/snapshot/state_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>

#include "server/snapshot/capture.hpp"
#include "server/snapshot/document.hpp"

namespace antom::server {
namespace {

state::Status os_error(const std::string& what, const std::filesystem::path& p) {
  return state::Status::refused(what + " " + p.string() + ": " + std::strerror(errno));
}

// Writes `bytes` to `file` through a temporary file in the same directory: write, fsync, rename,
// fsync the directory. Refused with the failed step, the file and the system's reason.
state::Status write_atomically(const std::filesystem::path& file, const std::string& bytes) {
  const std::filesystem::path dir = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
  const std::filesystem::path tmp = dir / ("." + file.filename().string() + ".tmp-" + std::to_string(::getpid()));
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return os_error("cannot create", tmp);
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const state::Status e = os_error("cannot write", tmp);
      ::close(fd);
      ::unlink(tmp.c_str());
      return e;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const state::Status e = os_error("cannot fsync", tmp);
    ::close(fd);
    ::unlink(tmp.c_str());
    return e;
  }
  ::close(fd);
  if (::rename(tmp.c_str(), file.c_str()) != 0) {
    const state::Status e = os_error("cannot rename the temporary file onto", file);
    ::unlink(tmp.c_str());
    return e;
  }
  if (const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
    ::fsync(dfd);  // the rename itself survives a crash
    ::close(dfd);
  }
  return state::Status();
}

}  // namespace

SaveResult save_state_file(App& app, const std::filesystem::path& file) {
  static std::mutex one_at_a_time;  // the route, the timer and shutdown may ask together
  const Snapshot s = take_snapshot(app, "state-file", std::nullopt);
  const std::string doc = export_document(s);
  std::lock_guard lock(one_at_a_time);
  SaveResult r;
  r.saved = write_atomically(file, doc);
  r.bytes = doc.size();
  return r;
}

LoadedDocument read_snapshot_file(App& app, const std::filesystem::path& file) {
  LoadedDocument out;
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    out.problem = file.string() + ": cannot be read (" + std::strerror(errno) + ")";
    return out;
  }
  std::stringstream text;
  text << in.rdbuf();
  auto imported = import_document(text.str(), [&](std::string_view name) { return app.scenarios.find(name) != nullptr; });
  if (!imported.problem.empty()) {
    out.problem = file.string() + ": " + imported.problem;
    return out;
  }
  out.snapshot = std::move(imported.snapshot);
  return out;
}

void load_startup_state(App& app) {
  for (const auto& fixture : app.options.fixtures) {
    auto loaded = read_snapshot_file(app, fixture);
    if (!loaded.snapshot) throw std::runtime_error("--fixture " + loaded.problem);
    restore_snapshot(app, *loaded.snapshot, /*merge=*/true);
  }
  if (!app.options.state_file) return;
  const auto& file = *app.options.state_file;
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return;  // the first start: saved on shutdown
  auto loaded = read_snapshot_file(app, file);
  if (!loaded.snapshot)
    throw std::runtime_error("--state-file " + loaded.problem +
                             ". The file is left as it is; move it away to start from an empty state.");
  restore_snapshot(app, *loaded.snapshot, /*merge=*/true);
}

}  // namespace antom::server
