// `antom-sim call`'s command line: operations by short name from the operation table, defaults from
// the data directory, --set on the body, and refusals (the end-to-end run is tests/cli/call.sh).
#include <doctest/doctest.h>

#include <map>

#include "server/cli/call_options.hpp"
#include "server/protocol/operations.hpp"
#include "server/simulator.hpp"

using namespace antom::server;

namespace {

ParsedCall parse(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
  return parse_call(args, [env](const char* name) -> const char* {
    const auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}

}  // namespace

TEST_CASE("call: every operation of the table by its short name, in any case; an /ams/ path as it is") {
  for (const auto& spec : all_operations()) {
    CAPTURE(spec.name);
    CHECK(operation_path_for(spec.name) == std::string(kProductionPrefix) + std::string(spec.path));
  }
  CHECK(operation_path_for("INQUIRYPAYMENT") == "/ams/api/v1/payments/inquiryPayment");
  CHECK(operation_path_for("/ams/sandbox/api/v1/payments/pay") == "/ams/sandbox/api/v1/payments/pay");
  CHECK(operation_path_for("payy").empty());
}

TEST_CASE("call: defaults from the data directory and the environment; flags beat variables") {
  auto p = parse({"pay", "{}"});
  REQUIRE(p.error.empty());
  CHECK(p.options.url == "http://127.0.0.1:8080");
  CHECK(p.options.client_id == kDemoClientId);
  CHECK(p.options.key == std::filesystem::path(".antom-sim") / "demo-merchant-private-pkcs8.pem");
  CHECK(p.options.antom_key == std::filesystem::path(".antom-sim") / "antom-public-key.pem");
  CHECK(p.options.ca_file == std::filesystem::path(".antom-sim") / "tls-cert.pem");
  p = parse({"pay", "{}"}, {{"ANTOM_SIM_DATA_DIR", "/d"}, {"ANTOM_SIM_URL", "https://h:1/"}, {"ANTOM_SIM_CLIENT_ID", "C"}});
  CHECK(p.options.key == "/d/demo-merchant-private-pkcs8.pem");
  CHECK(p.options.url == "https://h:1");
  CHECK(p.options.client_id == "C");
  p = parse({"pay", "{}", "--data-dir", "/e", "--url=http://x:2", "--key", "k.pem"}, {{"ANTOM_SIM_DATA_DIR", "/d"}});
  CHECK(p.options.key == "k.pem");
  CHECK(p.options.antom_key == "/e/antom-public-key.pem");
  CHECK(p.options.url == "http://x:2");
}

TEST_CASE("call: --set writes strings at dotted paths, creating objects; refusals name the problem") {
  auto p = parse({"pay", R"({"a":1,"m":{"t":"old"}})", "--set", "m.t=new", "--set", "x.y.z=1", "--set=a=v=w"});
  REQUIRE(p.error.empty());
  CHECK(p.options.body == R"({"a":"v=w","m":{"t":"new"},"x":{"y":{"z":"1"}}})");
  CHECK(parse({"pay", "[1]", "--set", "a=b"}).error.find("JSON object") != std::string::npos);
  CHECK(parse({"pay", R"({"a":"s"})", "--set", "a.b=c"}).error.find("a is not an object") != std::string::npos);
  CHECK(parse({"pay", "{}", "--set", "=c"}).error.find("PATH=VALUE") != std::string::npos);
  CHECK(parse({"pay", "{}", "--set", "a..b=c"}).error.find("empty field name") != std::string::npos);
  CHECK(parse({"pay"}).error.find("OPERATION and BODY") != std::string::npos);
  CHECK(parse({"nope", "{}"}).error.find("unknown operation 'nope'") != std::string::npos);
  CHECK(parse({"pay", "{}", "--bogus", "1"}).error.find("unknown option --bogus") != std::string::npos);
  CHECK(parse({"pay", "{}", "--url", "ftp://x"}).error.find("--url expects") != std::string::npos);
  CHECK(parse({"pay", "{}", "--key-version", "0"}).error.find("--key-version") != std::string::npos);
  CHECK(parse({"pay", "@/nonexistent/body.json"}).error == "cannot read the body file /nonexistent/body.json");
  CHECK(parse({"pay", "{}", "--url"}).error.find("needs a value") != std::string::npos);
  CHECK(parse({"--help"}).show_help);
}
