#pragma once
// Notification URLs: the one check every way in uses (the Antom API's authNotifyUrl,
// paymentNotifyUrl and refundNotifyUrl, POST /_sim/merchants, --config, redelivery to a new URL)
// and the split the sender needs. Only absolute http(s) URLs with a plain host pass; where the
// host may be reached is the allow-list's business (notify_targets.hpp), at send time.
#include <optional>
#include <string>
#include <string_view>

namespace antom::server {

inline constexpr std::size_t kMaxNotifyUrlLength = 2048;

struct NotifyUrl {
  bool tls = false;
  std::string host;    // without brackets for IPv6, lower case
  std::string port;    // "80" / "443" when not given
  std::string target;  // path and query as sent on the request line ("/" when empty)
  std::string path;    // path only: what the SDK webhook helpers sign (Go's URL.Path, Java's getRequestURI)
  [[nodiscard]] std::string host_header() const;
  [[nodiscard]] std::string origin() const;  // "https://host:port", the connection pool key
};

// "" when `url` is a usable notification URL; otherwise what is wrong with it, as a phrase that
// follows the field's name ("must be an absolute http:// or https:// URL").
[[nodiscard]] std::string notify_url_problem(std::string_view url);
// The URL split for the sender; nullopt exactly when notify_url_problem is not empty.
[[nodiscard]] std::optional<NotifyUrl> parse_notify_url(std::string_view url);

}  // namespace antom::server
