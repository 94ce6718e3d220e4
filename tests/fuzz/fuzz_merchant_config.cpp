// The --config file ({"merchants":[...]}), which POST /_sim/merchants shares merchant_from_json with.
#include <cstdint>
#include <string_view>

#include "server/merchant_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  antom::server::MerchantRegistry registry;
  const auto status = antom::server::load_merchant_config_text(
      std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json", registry);
  if (!status.ok() && !registry.all().empty()) __builtin_trap();  // all or nothing
  for (const auto& m : registry.all()) (void)antom::server::merchant_to_json(*m);
  return 0;
}
