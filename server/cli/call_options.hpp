#pragma once
// The command line of `antom-sim call`: which operation, which body, and where the merchant's key,
// the simulator's public key and the server are (defaults: the data directory's demo merchant).
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "server/options.hpp"

namespace antom::server {

struct CallOptions {
  std::string operation_path;  // "/ams/api/v1/payments/pay"
  std::string body;            // JSON text, after --set
  std::string url = "http://127.0.0.1:8080";
  std::string client_id;
  std::filesystem::path key;        // merchant private key (PEM or bare base64, PKCS#8 or PKCS#1)
  std::filesystem::path antom_key;  // simulator public key (PEM or bare base64)
  std::filesystem::path ca_file;    // https: the certificate to trust
  int key_version = 1;
};

struct ParsedCall {
  CallOptions options;
  bool show_help = false;
  std::string error;  // non-empty: bad command line, unreadable body file, bad --set
};

// args: what follows "call". Variables: ANTOM_SIM_URL, ANTOM_SIM_DATA_DIR, ANTOM_SIM_CLIENT_ID.
[[nodiscard]] ParsedCall parse_call(const std::vector<std::string>& args, const EnvLookup& env);
[[nodiscard]] std::string call_usage_text();

// "pay", "applyToken", "inquiryPayment", ... (any case), or an /ams/ path as it is.
[[nodiscard]] std::string operation_path_for(std::string_view name);

// Sets a string at a dotted path of a JSON object ("paymentMethod.paymentMethodId"), creating
// objects on the way. Returns the new JSON text, or "" with `error` set.
[[nodiscard]] std::string set_json_path(const std::string& json, std::string_view dotted_path, std::string_view value,
                                        std::string& error);

}  // namespace antom::server
