#include "server/notify/undelivered_file.hpp"

#include <chrono>
#include <ctime>
#include <fstream>

#include "server/app.hpp"
#include "server/notify/journal_json.hpp"

namespace antom::server {

UndeliveredFile write_undelivered_notifications(App& app) {
  UndeliveredFile out;
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  write_string(w, "virtualTime", state::format_iso8601(app.world.clock().now()));
  w.Key("notifications");
  w.StartArray();
  for (const auto& client_id : app.world.client_ids()) {
    const auto merchant = app.merchants.find(client_id);
    const std::string default_url = merchant ? merchant->notify_url : std::string{};
    // Copied out under the lock, written outside it.
    std::vector<state::OutboxRecord> left;
    app.world.with_merchant(client_id, [&](state::MerchantState& m) {
      m.outbox.for_each([&](const state::OutboxRecord& r) {
        if (r.state == state::DeliveryState::Pending || r.state == state::DeliveryState::InFlight) left.push_back(r);
      });
    });
    for (const auto& r : left) {
      w.StartObject();
      write_string(w, "sendTo", r.url.empty() ? default_url : r.url);
      w.Key("notification");
      write_record_full(w, client_id, r);
      w.EndObject();
    }
    out.count += left.size();
  }
  w.EndArray();
  w.EndObject();
  if (out.count == 0) return out;

  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
  std::string name = std::string("undelivered-notifications-") + stamp + ".json";
  std::error_code ec;
  std::filesystem::create_directories(app.options.data_dir, ec);
  out.path = app.options.data_dir / name;
  for (int n = 2; std::filesystem::exists(out.path, ec); ++n)  // two stops in one second
    out.path = app.options.data_dir / (name.substr(0, name.size() - 5) + "-" + std::to_string(n) + ".json");
  std::ofstream file(out.path, std::ios::binary | std::ios::trunc);
  file.write(buf.GetString(), static_cast<std::streamsize>(buf.GetSize()));
  file.close();
  if (!file) out.error = "cannot write " + out.path.string();
  return out;
}

}  // namespace antom::server
