#pragma once
// What a stop leaves behind: the notifications still undelivered (pending, or in flight when the
// sender stopped), written to a JSON file in the data directory so nothing is lost silently. Each
// entry is the journal's full record (id, merchant, body, attempts) plus the URL it was going to.
#include <cstddef>
#include <filesystem>
#include <string>

namespace antom::server {

class App;

struct UndeliveredFile {
  std::size_t count = 0;
  std::filesystem::path path;  // empty when count is 0 (no file written)
  std::string error;           // the file could not be written
};

// Call after the sender has stopped. Writes <data_dir>/undelivered-notifications-<UTC time>.json.
[[nodiscard]] UndeliveredFile write_undelivered_notifications(App& app);

}  // namespace antom::server
