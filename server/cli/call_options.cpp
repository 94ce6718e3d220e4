#include "server/cli/call_options.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "server/protocol/operations.hpp"
#include "server/simulator.hpp"

namespace antom::server {
namespace {

bool iequal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// BODY or @FILE (@- = standard input).
bool read_body(const std::string& arg, std::string& out, std::string& error) {
  if (!arg.starts_with("@")) return out = arg, true;
  const std::string file = arg.substr(1);
  if (file == "-") {
    out.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return true;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return error = "cannot read the body file " + file, false;
  std::ostringstream text;
  text << in.rdbuf();
  out = text.str();
  return true;
}

}  // namespace

std::string call_usage_text() {
  std::string ops;
  for (const auto& spec : all_operations()) ops += std::string(ops.empty() ? "" : ", ") + std::string(spec.name);
  return R"(antom-sim call: sign a request as the SDKs do, send it, verify the answer's signature, print its body.

Usage: antom-sim call OPERATION BODY|@FILE [options]

  OPERATION            )" + ops + R"(
                       (any case), or a path such as /ams/api/v1/payments/pay
  BODY|@FILE           the JSON body, or @FILE to read it (@- = standard input)
  --url URL            the simulator (default http://127.0.0.1:8080) [ANTOM_SIM_URL]; https:// trusts
                       the data directory's tls-cert.pem (or --cacert)
  --data-dir DIR       where the defaults below come from (default ./.antom-sim) [ANTOM_SIM_DATA_DIR]
  --client-id ID       the merchant (default: the demo merchant) [ANTOM_SIM_CLIENT_ID]
  --key FILE           the merchant's private key (default DIR/demo-merchant-private-pkcs8.pem)
  --antom-key FILE     the simulator's public key, to verify the answer (default DIR/antom-public-key.pem)
  --cacert FILE        https: the certificate to trust (default DIR/tls-cert.pem)
  --key-version N      keyVersion in the Signature header (default 1)
  --set PATH=VALUE     set a string field of the body first, e.g. --set paymentRequestId=pay-2 or
                       --set paymentMethod.paymentMethodId=TOKEN (repeatable)

Exit status: 0 when a signed answer arrived and its signature verifies (whatever its resultStatus);
1 when it could not be sent, the HTTP status is not 200, or the answer's signature is missing or
wrong (the reason goes to stderr); 2 for a bad command line.
)";
}

std::string operation_path_for(std::string_view name) {
  if (name.starts_with("/ams/")) return std::string(name);
  for (const auto& spec : all_operations())
    if (iequal(spec.name, name)) return std::string(kProductionPrefix) + std::string(spec.path);
  return {};
}

std::string set_json_path(const std::string& json, std::string_view dotted_path, std::string_view value,
                          std::string& error) {
  rapidjson::Document doc;
  doc.Parse(json.c_str(), json.size());
  if (doc.HasParseError() || !doc.IsObject()) return error = "--set needs a body that is a JSON object", std::string{};
  rapidjson::Value* at = &doc;
  auto& alloc = doc.GetAllocator();
  std::string_view rest = dotted_path;
  while (true) {
    const auto dot = rest.find('.');
    const std::string key(rest.substr(0, dot));
    if (key.empty()) return error = "--set " + std::string(dotted_path) + ": empty field name", std::string{};
    auto it = at->FindMember(key.c_str());
    if (dot == std::string_view::npos) {
      rapidjson::Value v(value.data(), static_cast<rapidjson::SizeType>(value.size()), alloc);
      if (it != at->MemberEnd()) it->value = v;
      else at->AddMember(rapidjson::Value(key.c_str(), alloc), v, alloc);
      break;
    }
    if (it == at->MemberEnd()) {
      at->AddMember(rapidjson::Value(key.c_str(), alloc), rapidjson::Value(rapidjson::kObjectType), alloc);
      it = at->FindMember(key.c_str());
    }
    if (!it->value.IsObject())
      return error = "--set " + std::string(dotted_path) + ": " + key + " is not an object", std::string{};
    at = &it->value;
    rest = rest.substr(dot + 1);
  }
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  doc.Accept(w);
  return out.GetString();
}

ParsedCall parse_call(const std::vector<std::string>& args, const EnvLookup& env) {
  ParsedCall parsed;
  CallOptions& o = parsed.options;
  auto fail = [&](std::string message) {
    parsed.error = std::move(message);
    return parsed;
  };
  std::filesystem::path data_dir = ".antom-sim";
  if (const char* v = env("ANTOM_SIM_DATA_DIR"); v && *v) data_dir = v;
  if (const char* v = env("ANTOM_SIM_URL"); v && *v) o.url = v;
  if (const char* v = env("ANTOM_SIM_CLIENT_ID"); v && *v) o.client_id = v;
  std::vector<std::string> positional;
  std::vector<std::pair<std::string, std::string>> sets;
  std::filesystem::path key, antom_key, ca_file;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i], value;
    bool has_value = false;
    if (auto eq = arg.find('='); arg.starts_with("--") && eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg.resize(eq);
      has_value = true;
    }
    if (arg == "--help" || arg == "-h") {
      parsed.show_help = true;
      return parsed;
    }
    if (!arg.starts_with("--") || arg == "-") {
      positional.push_back(args[i]);
      continue;
    }
    if (!has_value) {
      if (i + 1 >= args.size()) return fail("option " + arg + " needs a value (see antom-sim call --help)");
      value = args[++i];
    }
    if (arg == "--url") o.url = value;
    else if (arg == "--data-dir") data_dir = value;
    else if (arg == "--client-id") o.client_id = value;
    else if (arg == "--key") key = value;
    else if (arg == "--antom-key") antom_key = value;
    else if (arg == "--cacert") ca_file = value;
    else if (arg == "--key-version") {
      const auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), o.key_version);
      if (ec != std::errc{} || p != value.data() + value.size() || o.key_version < 1)
        return fail("--key-version expects a positive integer");
    } else if (arg == "--set") {
      const auto eq = value.find('=');
      if (eq == std::string::npos || eq == 0) return fail("--set expects PATH=VALUE, got '" + value + "'");
      sets.emplace_back(value.substr(0, eq), value.substr(eq + 1));
    } else {
      return fail("unknown option " + arg + " (see antom-sim call --help)");
    }
  }
  if (positional.size() != 2)
    return fail("expects OPERATION and BODY (or @FILE); see antom-sim call --help");
  o.operation_path = operation_path_for(positional[0]);
  if (o.operation_path.empty()) return fail("unknown operation '" + positional[0] + "' (see antom-sim call --help)");
  std::string error;
  if (!read_body(positional[1], o.body, error)) return fail(error);
  for (const auto& [path, value] : sets) {
    o.body = set_json_path(o.body, path, value, error);
    if (!error.empty()) return fail(error);
  }
  if (!o.url.starts_with("http://") && !o.url.starts_with("https://"))
    return fail("--url expects http://HOST:PORT or https://HOST:PORT, got '" + o.url + "'");
  while (o.url.ends_with("/")) o.url.pop_back();
  if (o.client_id.empty()) o.client_id = kDemoClientId;
  o.key = key.empty() ? data_dir / "demo-merchant-private-pkcs8.pem" : key;
  o.antom_key = antom_key.empty() ? data_dir / "antom-public-key.pem" : antom_key;
  o.ca_file = ca_file.empty() ? data_dir / "tls-cert.pem" : ca_file;
  return parsed;
}

}  // namespace antom::server
