// The `signature` request header: "algorithm=RSA256,keyVersion=1,signature=<url-encoded base64>",
// parts in any order, any spacing, either percent-encoding case.
#include <cstdint>
#include <string_view>

#include "server/crypto/codec.hpp"
#include "server/protocol/signature_header.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view value(reinterpret_cast<const char*>(data), size);
  const auto parsed = antom::server::parse_signature_header(value);
  if (parsed.error == antom::server::SignatureHeaderError::None)
    (void)antom::server::base64_decode(parsed.header.signature);  // as verification does next
  return 0;
}
