#include "server/notify/notification_message.hpp"

#include <rapidjson/document.h>

#include "server/crypto/signer.hpp"
#include "server/protocol/render.hpp"

namespace antom::server {

std::string NotifyUrl::host_header() const {
  const bool default_port = (tls && port == "443") || (!tls && port == "80");
  const std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return default_port ? h : h + ":" + port;
}

std::string NotifyUrl::origin() const {
  const std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return std::string(tls ? "https://" : "http://") + h + ":" + port;
}

std::optional<NotifyUrl> parse_notify_url(std::string_view url) {
  NotifyUrl out;
  if (url.starts_with("https://")) {
    out.tls = true;
    url.remove_prefix(8);
  } else if (url.starts_with("http://")) {
    url.remove_prefix(7);
  } else {
    return std::nullopt;
  }
  if (url.find('#') != std::string_view::npos) return std::nullopt;
  for (char c : url)
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) return std::nullopt;
  const auto slash = url.find_first_of("/?");
  std::string_view authority = url.substr(0, slash);
  std::string_view rest = slash == std::string_view::npos ? std::string_view{} : url.substr(slash);
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;
  std::string_view port;
  if (authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    out.host = std::string(authority.substr(1, close - 1));
    auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return std::nullopt;
      port = after.substr(1);
    }
  } else {
    const auto colon = authority.rfind(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (out.host.empty()) return std::nullopt;
  if (!port.empty()) {
    if (port.size() > 5) return std::nullopt;
    for (char c : port)
      if (c < '0' || c > '9') return std::nullopt;
    if (std::stoi(std::string(port)) == 0 || std::stoi(std::string(port)) > 65535) return std::nullopt;
    out.port = std::string(port);
  } else {
    out.port = out.tls ? "443" : "80";
  }
  out.target = rest.empty() || rest.front() == '?' ? "/" + std::string(rest) : std::string(rest);
  out.path = out.target.substr(0, out.target.find('?'));
  return out;
}

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
