// Start-up input: the command line and the --config merchants file. Bad input stops start-up with a
// message naming what is wrong; it never half-applies.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "server/control/control_access.hpp"
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
  CHECK_FALSE(p.options.strict_scenarios);
  CHECK(parse({"--strict-scenarios", "on"}).options.strict_scenarios);
  CHECK(p.options.notify_timeout == std::chrono::milliseconds(5000));
  CHECK(parse({"--notify-timeout-ms", "250"}).options.notify_timeout == std::chrono::milliseconds(250));
  CHECK(p.options.journal_size == 1000);
  CHECK(parse({"--journal-size", "0"}).options.journal_size == 0);
  CHECK(parse({"--journal-size", "50"}).options.journal_size == 50);
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
                                                       {"--strict-scenarios", "sometimes"},
                                                       {"--notify-timeout-ms", "99"},
                                                       {"--notify-timeout-ms", "60001"},
                                                       {"--notify-timeout-ms", "1s"},
                                                       {"--journal-size", "100001"},
                                                       {"--journal-size", "-1"},
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
  for (const char* timeout : {"99", "60001", "\"1000\"", "1.5", "true"}) {
    CAPTURE(timeout);
    const auto e = load_merchant_config(
        write_temp("antom-config-timeout.json", R"({"merchants":[{"clientId":"T","publicKey":")" + key.public_base64() +
                                                    R"(","notifyTimeoutMs":)" + timeout + "}]}"),
        untouched);
    CHECK(e.reason().find("merchants[0]: notifyTimeoutMs") != std::string::npos);
  }
  CHECK(load_merchant_config(write_temp("antom-config-timeout-ok.json",
                                        R"({"merchants":[{"clientId":"T","publicKey":")" + key.public_base64() +
                                            R"(","notifyTimeoutMs":250}]})"),
                             registry)
            .ok());
  CHECK(registry.find("T")->notify_timeout == std::chrono::milliseconds(250));
  CHECK_FALSE(load_merchant_config(write_temp("antom-config-nokey.json", R"({"merchants":[{"clientId":"X"}]})"), untouched).ok());
  CHECK_FALSE(load_merchant_config(write_temp("antom-config-longid.json",
                                              R"({"merchants":[{"clientId":")" + std::string(65, 'a') + R"(","publicKey":"x"}]})"),
                                   untouched).ok());
}

namespace {

ParsedOptions parse_env(std::initializer_list<const char*> args, std::map<std::string, std::string> env) {
  std::vector<const char*> argv{"antom-sim"};
  argv.insert(argv.end(), args.begin(), args.end());
  return parse_options(static_cast<int>(argv.size()), argv.data(), [env](const char* name) -> const char* {
    const auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}

}  // namespace

TEST_CASE("environment variables: every flag has one, a flag beats it, lists are comma-separated, bad values name the variable") {
  auto p = parse_env({}, {{"ANTOM_SIM_LISTEN", "127.0.0.1:0,:9001"},
                          {"ANTOM_SIM_DATA_DIR", "/srv/antom"},
                          {"ANTOM_SIM_SEED", "99"},
                          {"ANTOM_SIM_CONTROL_OPEN", "1"},
                          {"ANTOM_SIM_NO_DEMO_MERCHANT", "true"},
                          {"ANTOM_SIM_THREADS", "3"},
                          {"ANTOM_SIM_SCENARIOS", "a,b"},
                          {"ANTOM_SIM_LOG_FORMAT", "json"}});
  REQUIRE(p.error.empty());
  CHECK(p.options.listen == std::vector<std::string>{"127.0.0.1:0", ":9001"});
  CHECK(p.options.data_dir == "/srv/antom");
  CHECK(p.options.seed == 99);
  CHECK_FALSE(p.options.seed_from_os);
  CHECK(p.options.control_open);
  CHECK_FALSE(p.options.demo_merchant);
  CHECK(p.options.threads == 3);
  CHECK(p.options.scenario_dirs.size() == 2);
  CHECK(p.options.log_format == LogFormat::Json);

  // The flag replaces its variable, repeatable ones too.
  p = parse_env({"--listen", "127.0.0.1:7", "--data-dir=/x", "--seed", "5"},
                {{"ANTOM_SIM_LISTEN", "127.0.0.1:0,:9001"}, {"ANTOM_SIM_DATA_DIR", "/srv/antom"}, {"ANTOM_SIM_SEED", "99"}});
  REQUIRE(p.error.empty());
  CHECK(p.options.listen == std::vector<std::string>{"127.0.0.1:7"});
  CHECK(p.options.data_dir == "/x");
  CHECK(p.options.seed == 5);

  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"ANTOM_SIM_LISTEN", "nocolon"}, {"ANTOM_SIM_LISTEN", "127.0.0.1:99999"}, {"ANTOM_SIM_THREADS", "lots"},
           {"ANTOM_SIM_SEED", "-3"}, {"ANTOM_SIM_CONTROL_OPEN", "maybe"}, {"ANTOM_SIM_LOG_FORMAT", "xml"},
           {"ANTOM_SIM_DATA_DIR", ""}, {"ANTOM_SIM_CONTROL_TOKEN", ""}}) {
    CAPTURE(name);
    const auto bad = parse_env({}, {{name, value}});
    CHECK(bad.error.find("environment variable " + name + "=") == 0);
    CHECK(bad.error.find("\n") == std::string::npos);  // one line
  }
  // A bad variable is not reported when its flag overrides it.
  CHECK(parse_env({"--threads", "2"}, {{"ANTOM_SIM_THREADS", "lots"}}).error.empty());
  CHECK(parse_env({"--control-open=1"}, {}).error == "--control-open takes no value");
}

TEST_CASE("--help lists every flag with its variable") {
  const std::string help = usage_text();
  for (const char* pair : {"--listen HOST:PORT  [ANTOM_SIM_LISTEN]", "--data-dir DIR  [ANTOM_SIM_DATA_DIR]",
                           "--seed N  [ANTOM_SIM_SEED]", "--control-token TOKEN  [ANTOM_SIM_CONTROL_TOKEN]",
                           "--control-open  [ANTOM_SIM_CONTROL_OPEN]", "--no-demo-merchant  [ANTOM_SIM_NO_DEMO_MERCHANT]",
                           "--scenarios DIR  [ANTOM_SIM_SCENARIOS]", "--idle-timeout SECONDS  [ANTOM_SIM_IDLE_TIMEOUT]"}) {
    CAPTURE(pair);
    CHECK(help.find(pair) != std::string::npos);
  }
  CHECK(help.find("loopback") != std::string::npos);  // the control API's default is explained
}

TEST_CASE("seeds: drawn from the OS unless given; two parses draw different seeds") {
  const auto a = parse_env({}, {}), b = parse_env({}, {});
  CHECK(a.options.seed_from_os);
  CHECK(a.options.seed != b.options.seed);  // 1 in 10^12 to collide
  CHECK_FALSE(parse_env({"--seed", "0"}, {}).options.seed_from_os);
  CHECK(parse_env({"--seed", "0"}, {}).options.seed == 0);
}

TEST_CASE("control access: a token admits its bearer from anywhere; without one, loopback peers only unless opened") {
  const std::string bearer = "Bearer s3cret", wrong = "Bearer nope";
  CHECK(control_access("s3cret", false, "203.0.113.9:4000", &bearer) == ControlAccess::Allowed);
  CHECK(control_access("s3cret", false, "127.0.0.1:4000", &wrong) == ControlAccess::TokenMissing);
  CHECK(control_access("s3cret", false, "127.0.0.1:4000", nullptr) == ControlAccess::TokenMissing);
  CHECK(control_access("s3cret", true, "127.0.0.1:4000", nullptr) == ControlAccess::TokenMissing);
  for (const char* loopback : {"127.0.0.1:4000", "127.8.9.10:1", "[::1]:4000", "[::ffff:127.0.0.1]:4000"}) {
    CAPTURE(loopback);
    CHECK(control_access("", false, loopback, nullptr) == ControlAccess::Allowed);
  }
  for (const char* remote : {"10.0.0.2:4000", "[fe80::1]:4000", "[::ffff:10.1.2.3]:5", "192.168.1.1:80", "", "garbage"}) {
    CAPTURE(remote);
    CHECK(control_access("", false, remote, nullptr) == ControlAccess::NotLoopback);
    CHECK(control_access("", true, remote, nullptr) == ControlAccess::Allowed);
  }
  // RFC 9110 section 11.1: the scheme is case-insensitive; the token is not.
  for (const char* any_case : {"bearer s3cret", "BEARER s3cret", "Bearer  s3cret"}) {
    const std::string header = any_case;
    CAPTURE(header);
    CHECK(control_access("s3cret", false, "203.0.113.9:4000", &header) == ControlAccess::Allowed);
  }
  const std::string other_case_token = "Bearer S3CRET", basic = "Basic s3cret";
  CHECK(control_access("s3cret", false, "127.0.0.1:4000", &other_case_token) == ControlAccess::TokenMissing);
  CHECK(control_access("s3cret", false, "127.0.0.1:4000", &basic) == ControlAccess::TokenMissing);
}

TEST_CASE("--config: duplicate names keep the last (as at Antom); any nesting is refused, not a crash") {
  const RsaKey key = RsaKey::generate(2048);
  MerchantRegistry registry;
  CHECK(load_merchant_config_text(R"({"merchants":[{"clientId":"FIRST","publicKey":")" + key.public_base64() +
                                      R"(","clientId":"LAST"}]})",
                                  "config.json", registry)
            .ok());
  CHECK(registry.find("LAST"));
  CHECK_FALSE(registry.find("FIRST"));
  std::string deep = R"({"merchants":)";
  deep.append(300'000, '[');
  const std::string reason = load_merchant_config_text(deep, "config.json", registry).reason();
  CHECK(reason.rfind("config.json: not valid JSON at line 1, column ", 0) == 0);
}

TEST_CASE("--config: unknown keys and fields, and a client id given twice, are refused by name; JSON errors say where") {
  const RsaKey key = RsaKey::generate(2048);
  const std::string k = key.public_base64();
  MerchantRegistry registry;
  auto reason = load_merchant_config_text(R"({"merchants":[],"notifyallow":[]})", "c.json", registry).reason();
  CHECK(reason.find("unknown key 'notifyallow'") != std::string::npos);
  reason = load_merchant_config_text(R"({"merchants":[{"clientId":"A","publicKey":")" + k + R"(","autoapprove":true}]})", "c.json",
                                     registry).reason();
  CHECK(reason.find("merchants[0]: unknown field 'autoapprove'") != std::string::npos);
  reason = load_merchant_config_text(R"({"merchants":[{"clientId":"A","publicKey":")" + k + R"("},{"clientId":"B","publicKey":")" + k +
                                         R"("},{"clientId":"A","publicKey":")" + k + R"("}]})",
                                     "c.json", registry).reason();
  CHECK(reason.find("merchants[2]: clientId A is also merchants[0]") != std::string::npos);
  CHECK(registry.all().empty());  // all or nothing
  reason = load_merchant_config_text("{\"merchants\": [\n  {\"clientId\": \"A\",}\n]}", "c.json", registry).reason();
  CHECK(reason.find("c.json: not valid JSON at line 2, column ") != std::string::npos);
}

TEST_CASE("--config: a merchant's settlement terms, and refusals naming the field") {
  const RsaKey key = RsaKey::generate(2048);
  const std::string head = R"({"merchants":[{"clientId":"S","publicKey":")" + key.public_base64() + R"(","settlement":)";
  MerchantRegistry registry;
  REQUIRE(load_merchant_config_text(head + R"({"customerId":"2188000000000777","cycleDays":2,"cutOffHour":10,
      "fees":{"default":{"fixed":5},"GCASH":{"percentBasisPoints":175}},"refundFeeReturned":false,"fileNaming":"CONNECTWALLET"}}]})",
                                    "c.json", registry)
              .ok());
  const auto& s = registry.find("S")->settlement;
  CHECK(s.customer_id == "2188000000000777");
  CHECK(s.cycle.days == 2);
  CHECK(s.cycle.cut_off_hour == 10);
  CHECK(s.cycle.offset_minutes == 480);  // not given: the default
  CHECK(s.default_fee.percent_bp == 200);  // the default's percent kept, its fixed part set
  CHECK(s.default_fee.fixed_minor == 5);
  CHECK(s.fees.at("GCASH").percent_bp == 175);
  CHECK_FALSE(s.refund_fee_returned);
  CHECK(s.naming == antom::state::ReportNaming::ConnectWallet);
  const auto refused = [&](const std::string& settlement) {
    MerchantRegistry r;
    return load_merchant_config_text(head + settlement + "}]}", "c.json", r).reason();
  };
  CHECK(refused(R"({"fees":{"GCASH":{"percentBasisPoints":-1}}})").find("settlement.fees.GCASH.percentBasisPoints") != std::string::npos);
  CHECK(refused(R"({"fees":{"GCASH":{"pct":1}}})").find("settlement.fees.GCASH: unknown field 'pct'") != std::string::npos);
  CHECK(refused(R"({"cutOffHour":24})").find("settlement.cycle.cutOffHour") != std::string::npos);
  CHECK(refused(R"({"cycleDays":"1"})").find("settlement.cycleDays must be an integer") != std::string::npos);
  CHECK(refused(R"({"fileNaming":"PSP"})").find("settlement.fileNaming must be") != std::string::npos);
  CHECK(refused(R"({"customerId":"abc"})").find("settlement.customerId") != std::string::npos);
  CHECK(refused(R"({"cycle":1})").find("settlement: unknown field 'cycle'") != std::string::npos);
  CHECK(refused(R"([])").find("settlement must be an object") != std::string::npos);
}
