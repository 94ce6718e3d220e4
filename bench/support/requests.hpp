// Requests as the benchmarks send them: raw HTTP/1.1 text, pay requests signed like the SDKs sign them.
#pragma once

#include <string>

namespace antom::server {
class RsaKey;
}

namespace antom::bench {

inline const std::string kClientId = "SANDBOX_5YDEMO0000000001";  // the demo merchant every antom-sim has
inline const std::string kPayPath = "/ams/api/v1/payments/pay";

// A POST; `api` adds the Client-Id, Request-Time and Signature headers of an Antom API call.
std::string http_request(const std::string& path, const std::string& body, const std::string& signature_header,
                         const std::string& request_time, bool api);

// Milliseconds since the epoch, as Request-Time carries them.
std::string epoch_ms();

// An AGREEMENT_PAYMENT of PHP 100 paid with the access token `token`.
std::string pay_body(const std::string& request_id, const std::string& token);

// A pay request as the SDKs send it; key == nullptr gives a placeholder signature (verification off).
std::string signed_pay(const antom::server::RsaKey* key, const std::string& request_id, const std::string& token);

}  // namespace antom::bench
