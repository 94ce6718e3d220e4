#include "server/sftp/sftp_view.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>

namespace antom::server {

std::string normalize_sftp_path(std::string_view given) {
  std::vector<std::string_view> parts;
  std::size_t i = 0;
  while (i <= given.size()) {
    const std::size_t slash = std::min(given.find('/', i), given.size());
    const std::string_view part = given.substr(i, slash - i);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    i = slash + 1;
  }
  std::string out;
  for (const auto part : parts) out.append("/").append(part);
  return out.empty() ? "/" : out;
}

SftpView::SftpView(std::string home, std::vector<SftpViewFile> files) : files_(std::move(files)) {
  home = normalize_sftp_path(home);
  if (home != "/") files_.push_back(SftpViewFile{home + "/", 0, 0});
}

namespace {

// The directory prefix of `path` with a trailing slash ("/" -> "/", "/v1" -> "/v1/").
std::string as_directory(const std::string& path) { return path == "/" ? path : path + "/"; }

}  // namespace

std::optional<SftpEntry> SftpView::stat(const std::string& path) const {
  const std::string name = path == "/" ? "/" : path.substr(path.rfind('/') + 1);
  const std::string dir = as_directory(path);
  std::optional<SftpEntry> found;
  for (const auto& f : files_) {
    if (f.path == path) return SftpEntry{name, false, f.size, f.mtime};
    if (f.path.starts_with(dir)) {  // a directory: the newest file under it dates it
      if (!found) found = SftpEntry{name, true, 0, 0};
      found->mtime = std::max(found->mtime, f.mtime);
    }
  }
  if (!found && path == "/") found = SftpEntry{name, true, 0, 0};  // the root, even empty
  return found;
}

std::optional<std::vector<SftpEntry>> SftpView::list(const std::string& path) const {
  const std::string dir = as_directory(path);
  std::map<std::string, SftpEntry> children;
  bool exists = path == "/";
  for (const auto& f : files_) {
    if (!f.path.starts_with(dir)) continue;
    exists = true;
    const std::string rest = f.path.substr(dir.size());
    if (rest.empty()) continue;  // the home marker itself
    const std::size_t slash = rest.find('/');
    const std::string name = rest.substr(0, slash);
    auto [it, inserted] = children.try_emplace(name, SftpEntry{name, slash != std::string::npos, 0, 0});
    if (!it->second.directory) it->second.size = f.size;
    it->second.mtime = std::max(it->second.mtime, f.mtime);
  }
  if (!exists) return std::nullopt;
  std::vector<SftpEntry> out;
  out.reserve(children.size());
  for (auto& [name, entry] : children) out.push_back(std::move(entry));
  return out;
}

std::string sftp_long_name(const SftpEntry& e) {
  const std::time_t t = static_cast<std::time_t>(e.mtime);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::array<char, 32> date{};
  std::strftime(date.data(), date.size(), "%b %e %H:%M", &tm);
  std::array<char, 96> head{};
  std::snprintf(head.data(), head.size(), "%s    1 antom    antom    %10llu %s ", e.directory ? "dr-xr-xr-x" : "-r--r--r--",
                static_cast<unsigned long long>(e.size), date.data());
  return head.data() + e.name;
}

}  // namespace antom::server
