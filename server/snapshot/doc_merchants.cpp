// A merchant's registration, in the form of GET /_sim/merchants and POST /_sim/merchants (the
// same reader as --config), so a setting added there is in snapshots with no change here.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "server/merchant_config.hpp"
#include "server/snapshot/doc_parts.hpp"

namespace antom::server::snapshot_codec {

void write_registration(Out& out, const Merchant& m) {
  out.key("registration");
  write_merchant(out.writer(), m, MerchantSecrets::Included);  // the SFTP password too: a restore needs it
}

std::shared_ptr<const Merchant> read_registration(In& in, std::string_view key) {
  const rapidjson::Value* v = in.member(key);
  if (!v) {
    in.fail(key, "is required: the merchant's registration (clientId, publicKeys, ...)");
    return nullptr;
  }
  Merchant m;
  if (auto s = merchant_from_json(*v, m); !s.ok()) {
    in.fail(key, s.reason());
    return nullptr;
  }
  if (m.public_keys.empty()) {
    in.fail(key, "holds no public key");
    return nullptr;
  }
  return std::make_shared<const Merchant>(std::move(m));
}

}  // namespace antom::server::snapshot_codec
