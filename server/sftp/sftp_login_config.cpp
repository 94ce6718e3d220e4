#include "server/sftp/sftp_login_config.hpp"

#include <algorithm>
#include <string_view>

namespace antom::server {
namespace {

// Printable ASCII: what every SFTP client can type and send.
bool printable(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

}  // namespace

state::Status sftp_login_from_json(const rapidjson::Value& json, std::optional<SftpLogin>& login) {
  using state::Status;
  if (json.IsNull()) {
    login.reset();
    return {};
  }
  if (!json.IsObject()) return Status::refused("sftp must be an object {\"user\":..,\"password\":..} or null");
  SftpLogin next = login.value_or(SftpLogin{});
  for (const auto& member : json.GetObject()) {
    const std::string_view name(member.name.GetString(), member.name.GetStringLength());
    std::string* field = name == "user" ? &next.user : name == "password" ? &next.password : nullptr;
    if (!field) return Status::refused("sftp." + std::string(name) + " is unknown; sftp takes user and password");
    if (!member.value.IsString()) return Status::refused("sftp." + std::string(name) + " must be a string");
    field->assign(member.value.GetString(), member.value.GetStringLength());
  }
  if (next.user.empty() || next.user.size() > 64 || !printable(next.user))
    return Status::refused("sftp.user must be 1 to 64 printable ASCII characters without spaces");
  if (next.password.empty() || next.password.size() > 128 || !printable(next.password))
    return Status::refused("sftp.password must be 1 to 128 printable ASCII characters without spaces");
  login = std::move(next);
  return {};
}

void write_sftp_login(rapidjson::Writer<rapidjson::StringBuffer>& w, const std::optional<SftpLogin>& login,
                      bool with_password) {
  if (!login) {
    w.Null();
    return;
  }
  w.StartObject();
  w.Key("user");
  w.String(login->user.c_str(), static_cast<rapidjson::SizeType>(login->user.size()));
  if (with_password) {
    w.Key("password");
    w.String(login->password.c_str(), static_cast<rapidjson::SizeType>(login->password.size()));
  }
  w.EndObject();
}

}  // namespace antom::server
