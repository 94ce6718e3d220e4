#include "server/notify/notification_message.hpp"

#include <rapidjson/document.h>

#include "server/crypto/signer.hpp"
#include "server/protocol/render.hpp"

namespace antom::server {

OutboundNotification build_notification(const state::DueAttempt& due, const NotifyUrl& url,
                                        std::string_view client_id, const RsaKey& key, int key_version) {
  OutboundNotification out;
  out.url = url;
  out.body = render_fields_json(due.payload);
  out.signature = due.signature;
  if (out.signature.empty()) {
    const bool bad = due.faults.bad_signature;
    const bool unknown_version = due.faults.unknown_key_version;
    // BAD_SIGNATURE: a valid RSA signature, but over a body the merchant never received.
    const std::string content = signing_content("POST", url.path, client_id, due.request_time,
                                                bad ? out.body + " " : out.body);
    out.signature = signature_header(unknown_version ? 99 : key_version, sign_sha256(key, content));
  }
  out.headers = {{"client-id", std::string(client_id)},
                 {"request-time", due.request_time},
                 {"signature", out.signature},
                 {"content-type", "application/json; charset=UTF-8"}};
  return out;
}

AckVerdict judge_acknowledgement(int http_status, std::string_view body) {
  if (http_status != 200) {
    if (http_status >= 300 && http_status < 400) return {false, "HTTP " + std::to_string(http_status) + ": redirects are not followed"};
    return {false, "HTTP " + std::to_string(http_status) + " is not an acknowledgement"};
  }
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) return {false, "answer body is not a JSON object"};
  const auto result = doc.FindMember("result");
  if (result == doc.MemberEnd() || !result->value.IsObject()) return {false, "answer has no result object"};
  const auto code = result->value.FindMember("resultCode");
  const auto status = result->value.FindMember("resultStatus");
  if (code == result->value.MemberEnd() || !code->value.IsString() ||
      std::string_view(code->value.GetString(), code->value.GetStringLength()) != "SUCCESS")
    return {false, "result.resultCode is not SUCCESS"};
  if (status == result->value.MemberEnd() || !status->value.IsString() ||
      std::string_view(status->value.GetString(), status->value.GetStringLength()) != "S")
    return {false, "result.resultStatus is not S"};
  return {true, {}};
}

}  // namespace antom::server
