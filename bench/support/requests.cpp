#include "bench/support/requests.hpp"

#include <chrono>

#include "server/crypto/codec.hpp"
#include "server/crypto/rsa_key.hpp"
#include "server/crypto/signer.hpp"

namespace antom::bench {

std::string http_request(const std::string& path, const std::string& body, const std::string& signature_header,
                         const std::string& request_time, bool api) {
  std::string r = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json; charset=UTF-8\r\n";
  if (api) r += "Client-Id: " + kClientId + "\r\nRequest-Time: " + request_time + "\r\nSignature: " + signature_header + "\r\n";
  r += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  return r;
}

std::string epoch_ms() {
  using namespace std::chrono;
  return std::to_string(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

std::string pay_body(const std::string& request_id, const std::string& token) {
  return R"({"productCode":"AGREEMENT_PAYMENT","paymentRequestId":")" + request_id +
         R"(","order":{"referenceOrderId":"ORD-)" + request_id +
         R"(","orderDescription":"Gateway benchmark plan","orderAmount":{"currency":"PHP","value":"100"}},)"
         R"("paymentAmount":{"currency":"PHP","value":"100"},)"
         R"("paymentMethod":{"paymentMethodType":"GCASH","paymentMethodId":")" + token + R"("}})";
}

std::string signed_pay(const antom::server::RsaKey* key, const std::string& request_id, const std::string& token) {
  using namespace antom::server;
  const std::string body = pay_body(request_id, token), time = epoch_ms();
  std::string sig = "placeholder";
  if (key) sig = url_encode(sign_sha256(*key, signing_content("POST", kPayPath, kClientId, time, body)));
  return http_request(kPayPath, body, "algorithm=RSA256,keyVersion=1,signature=" + sig, time, true);
}

}  // namespace antom::bench
