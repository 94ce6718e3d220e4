// Start-up input: the command line and the --config merchants file. Bad input stops start-up with a
// message naming what is wrong; it never half-applies.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "server/merchant_config.hpp"
#include "server/options.hpp"

using namespace antom::server;

namespace {

ParsedOptions parse(std::initializer_list<const char*> args) {
  std::vector<const char*> argv{"antom-sim"};
  argv.insert(argv.end(), args.begin(), args.end());
  return parse_options(static_cast<int>(argv.size()), argv.data());
}

std::filesystem::path write_temp(const std::string& name, const std::string& text) {
  const auto p = std::filesystem::temp_directory_path() / name;
  std::ofstream(p) << text;
  return p;
}

}  // namespace

TEST_CASE("command line: defaults, both value forms, and refusals") {
  auto p = parse({});
  CHECK(p.error.empty());
  CHECK(p.options.listen == std::vector<std::string>{"127.0.0.1:8080"});
  CHECK(p.options.verify_signatures);
  p = parse({"--listen", "127.0.0.1:0", "--listen=0.0.0.0:9000", "--threads=3", "--seed", "42",
             "--verify-signatures=off", "--log-format", "json"});
  REQUIRE(p.error.empty());
  CHECK(p.options.listen.size() == 2);
  CHECK(p.options.threads == 3);
  CHECK(p.options.seed == 42);
  CHECK_FALSE(p.options.verify_signatures);
  CHECK(p.options.log_format == LogFormat::Json);
  CHECK(p.options.idle_timeout == std::chrono::seconds(120));
  CHECK(parse({"--idle-timeout", "5"}).options.idle_timeout == std::chrono::seconds(5));
  CHECK(parse({"--help"}).show_help);
  CHECK(parse({"--version"}).show_version);
  for (auto bad : std::vector<std::vector<const char*>>{{"--listen", "nocolon"},
                                                       {"--threads", "0"},
                                                       {"--threads", "x"},
                                                       {"--seed", "-1"},
                                                       {"--verify-signatures", "maybe"},
                                                       {"--log-format", "xml"},
                                                       {"--body-limit", "10"},
                                                       {"--idle-timeout", "0"},
                                                       {"--idle-timeout", "86401"},
                                                       {"--notification-schedule", "weekly"},
                                                       {"--tls-cert", "a.pem"},
                                                       {"--no-such-flag", "1"},
                                                       {"--listen"}}) {
    std::vector<const char*> argv{"antom-sim"};
    argv.insert(argv.end(), bad.begin(), bad.end());
    CAPTURE(bad.front());
    CHECK_FALSE(parse_options(static_cast<int>(argv.size()), argv.data()).error.empty());
  }
}

TEST_CASE("--config: merchants load all or nothing, errors name the file and field") {
  const RsaKey key = RsaKey::generate(2048);
  MerchantRegistry registry;
  const auto good = write_temp("antom-config-good.json",
                               R"({"merchants":[{"clientId":"SANDBOX_A","publicKey":")" + key.public_base64() +
                                   R"(","notifyUrl":"http://127.0.0.1:9/n"},{"clientId":"B","publicKeys":{"2":")" +
                                   key.public_base64() + R"("}}]})");
  CHECK(load_merchant_config(good, registry).ok());
  REQUIRE(registry.find("SANDBOX_A"));
  CHECK(registry.find("A"));  // with or without the SANDBOX_ prefix
  CHECK(registry.find("B")->public_keys.count(2) == 1);

  MerchantRegistry untouched;
  const auto bad = write_temp("antom-config-bad.json",
                              R"({"merchants":[{"clientId":"OK","publicKey":")" + key.public_base64() +
                                  R"("},{"clientId":"BROKEN","publicKey":"bm90IGEga2V5"}]})");
  const std::string err = load_merchant_config(bad, untouched).reason();
  CHECK(err.find("antom-config-bad.json") != std::string::npos);
  CHECK(err.find("merchants[1]") != std::string::npos);
  CHECK(err.find("publicKey") != std::string::npos);
  CHECK_FALSE(untouched.find("OK"));  // nothing half-loaded

  CHECK_FALSE(load_merchant_config(write_temp("antom-config-notjson.json", "{"), untouched).ok());
  CHECK_FALSE(load_merchant_config(write_temp("antom-config-shape.json", R"({"merchants":{}})"), untouched).ok());
  CHECK_FALSE(load_merchant_config("/nonexistent/antom.json", untouched).ok());
  CHECK_FALSE(load_merchant_config(write_temp("antom-config-nokey.json", R"({"merchants":[{"clientId":"X"}]})"), untouched).ok());
  CHECK_FALSE(load_merchant_config(write_temp("antom-config-longid.json",
                                              R"({"merchants":[{"clientId":")" + std::string(65, 'a') + R"(","publicKey":"x"}]})"),
                                   untouched).ok());
}
