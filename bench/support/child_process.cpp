#include "bench/support/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string_view>
#include <thread>

#include "bench/support/clock.hpp"

namespace antom::bench {

void pin_to(int cpu) {
  if (static_cast<int>(std::thread::hardware_concurrency()) <= cpu) return;  // one core: nothing to pin
  cpu_set_t set;
  CPU_ZERO(&set);
  if (cpu < 0)
    for (unsigned c = 0; c < std::thread::hardware_concurrency(); ++c) CPU_SET(c, &set);
  else
    CPU_SET(cpu, &set);
  sched_setaffinity(0, sizeof set, &set);
}

Child spawn_pinned(const std::vector<std::string>& args, int cpu, bool quiet) {
  std::vector<char*> argv;  // built before fork: the child only calls async-signal-safe functions
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  int fds[2];
  if (pipe(fds) != 0) return {};
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    if (quiet) dup2(open("/dev/null", O_WRONLY), STDERR_FILENO);
    close(fds[0]);
    close(fds[1]);
    pin_to(cpu);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  close(fds[1]);
  return {pid, fds[0]};
}

std::optional<std::string> read_until(const Child& c, const std::string& marker, std::string* all,
                                      std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  std::string pending;
  char buf[4096];
  while (Clock::now() < deadline) {
    pollfd p{c.out_fd, POLLIN, 0};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (poll(&p, 1, static_cast<int>(std::max<long>(1, left))) <= 0) continue;
    const ssize_t n = read(c.out_fd, buf, sizeof buf);
    if (n <= 0) return std::nullopt;
    pending.append(buf, static_cast<std::size_t>(n));
    if (all) all->append(buf, static_cast<std::size_t>(n));
    for (std::size_t nl; (nl = pending.find('\n')) != std::string::npos; pending.erase(0, nl + 1))
      if (pending.substr(0, nl).find(marker) != std::string::npos) return pending.substr(0, nl);
  }
  return std::nullopt;
}

void stop(Child& c, std::chrono::milliseconds grace) {
  if (c.pid <= 0) return;
  kill(c.pid, SIGTERM);
  const auto deadline = Clock::now() + grace;
  int status = 0;
  while (waitpid(c.pid, &status, WNOHANG) == 0) {
    if (Clock::now() > deadline) {
      kill(c.pid, SIGKILL);
      waitpid(c.pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  close(c.out_fd);
  c = {};
}

Finished run_to_end(const std::vector<std::string>& args, int cpu, bool quiet, std::chrono::milliseconds timeout) {
  Finished f;
  Child c = spawn_pinned(args, cpu, quiet);
  if (c.pid <= 0) return f;
  const auto deadline = Clock::now() + timeout;
  (void)read_until(c, "\x01never", &f.out, timeout);  // a marker no line holds: reads to EOF
  int status = 0;
  pid_t done = 0;
  while ((done = waitpid(c.pid, &status, WNOHANG)) == 0 && Clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  if (done != c.pid) {
    stop(c);
    return f;
  }
  close(c.out_fd);
  if (WIFEXITED(status)) f.exit_code = WEXITSTATUS(status);
  return f;
}

std::string find_on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string_view dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  while (!dirs.empty()) {
    const std::size_t colon = std::min(dirs.find(':'), dirs.size());
    const std::filesystem::path candidate = std::filesystem::path(dirs.substr(0, colon).empty() ? "." : dirs.substr(0, colon)) / name;
    std::error_code ec;
    if (std::filesystem::is_regular_file(candidate, ec) && access(candidate.c_str(), X_OK) == 0) return candidate.string();
    dirs.remove_prefix(std::min(colon + 1, dirs.size()));
  }
  return {};
}

}  // namespace antom::bench
