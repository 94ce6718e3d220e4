#pragma once
// What a merchant sees over SFTP: Antom's tree, /v1/settlements/<customerId>/<date>/<file>, made
// of its own report files only; directories are synthesized from the files' paths (and its home
// folder exists before any file does). Pure: no sockets, no libssh, no file system, so nothing
// (.., symlinks, absolute paths) can reach outside the view.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace antom::server {

struct SftpViewFile {
  std::string path;       // absolute, "/v1/settlements/..."
  std::uint64_t size = 0;
  std::int64_t mtime = 0;  // seconds since the epoch
};

struct SftpEntry {
  std::string name;  // the last component ("/" for the root)
  bool directory = false;
  std::uint64_t size = 0;
  std::int64_t mtime = 0;
};

// `given` resolved lexically against "/": "." and empty components dropped, ".." removed with the
// component before it (never above "/"). Always absolute, no trailing slash except the root.
[[nodiscard]] std::string normalize_sftp_path(std::string_view given);

class SftpView {
 public:
  SftpView(std::string home, std::vector<SftpViewFile> files);

  // nullopt: nothing at that (normalized) path.
  [[nodiscard]] std::optional<SftpEntry> stat(const std::string& path) const;
  // The children of a directory, sorted by name; nullopt when `path` is not a directory.
  [[nodiscard]] std::optional<std::vector<SftpEntry>> list(const std::string& path) const;

 private:
  std::vector<SftpViewFile> files_;  // home included as a directory marker (size 0, path + "/")
};

// "-r--r--r--    1 antom    antom         123 Mar  1 10:00 name": what `ls -l` shows.
[[nodiscard]] std::string sftp_long_name(const SftpEntry& entry);

}  // namespace antom::server
