#include "server/control/merchant_param.hpp"

#include "server/control/control_json.hpp"

namespace antom::server {

std::string named_client_id(const ControlRequest& req) {
  if (auto it = req.query.find("clientId"); it != req.query.end()) return it->second;
  if (req.json && req.json->IsObject())
    if (auto it = req.json->FindMember("clientId"); it != req.json->MemberEnd() && it->value.IsString())
      return std::string(it->value.GetString(), it->value.GetStringLength());
  // Last, the Client-Id header Antom's API requests carry: a proxy that spreads merchants over
  // several antom-sim instances routes control calls by it too (docs/scoped-worlds.md).
  if (const std::string* header = find_header(req.raw.headers, "client-id")) return *header;
  return {};
}

RawResponse unknown_merchant(std::string_view client_id) {
  return json_error(404, "NOT_FOUND", "No merchant " + std::string(client_id) + " is registered.");
}

}  // namespace antom::server
