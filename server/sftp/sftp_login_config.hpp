#pragma once
// A merchant's "sftp" object in POST /_sim/merchants and --config: {"user":..,"password":..};
// null removes the account. Written back with the user only (never the password).
#include <optional>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "server/merchants.hpp"
#include "state/status.hpp"

namespace antom::server {

// Applies `json` onto `login` (an update keeps the member it does not mention); a refusal names
// the field ("sftp.user must be ...").
state::Status sftp_login_from_json(const rapidjson::Value& json, std::optional<SftpLogin>& login);
// `with_password`: only for snapshot documents, never for GET /_sim/merchants.
void write_sftp_login(rapidjson::Writer<rapidjson::StringBuffer>& w, const std::optional<SftpLogin>& login,
                      bool with_password = false);

}  // namespace antom::server
