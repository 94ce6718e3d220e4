#include "server/options.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <random>
#include <string_view>

#include "server/notify/notify_targets.hpp"
#include "state/status.hpp"

namespace antom::server {
namespace {

bool parse_uint(std::string_view text, std::uint64_t& out) {
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && p == text.data() + text.size();
}

bool parse_switch(std::string_view text, bool& out) {
  if (text == "on" || text == "true" || text == "1" || text == "yes") return out = true, true;
  if (text == "off" || text == "false" || text == "0" || text == "no") return out = false, true;
  return false;
}

// Applies one value; refused with what is wrong with it (the caller names the flag or variable).
using Apply = state::Status (*)(Options&, std::string_view);

struct OptionSpec {
  std::string_view flag;        // "--listen"
  std::string_view env;         // "ANTOM_SIM_LISTEN"
  std::string_view value_name;  // "HOST:PORT"; "" = a switch (its variable takes 1/0, on/off, true/false)
  bool repeatable;              // the variable takes a comma-separated list
  std::string_view help;        // lines after the first are indented under it
  Apply apply;
};

state::Status set_switch(bool& field, bool value_when_on, std::string_view v) {
  bool on = false;
  if (!parse_switch(v, on)) return state::Status::refused("expects 1 or 0 (on/off, true/false)");
  field = on ? value_when_on : !value_when_on;
  return {};
}

state::Status on_off(bool& field, std::string_view v) {
  return parse_switch(v, field) ? state::Status() : state::Status::refused("expects on or off");
}

// The one table: parsing, environment variables and --help come from it.
const OptionSpec kOptions[] = {
    {"--listen", "ANTOM_SIM_LISTEN", "HOST:PORT", true,
     "listen here (repeatable; default 127.0.0.1:8080; port 0 = any free port). :PORT,\n"
     "0.0.0.0:PORT and [::]:PORT mean every interface, IPv4 and IPv6. Every port\n"
     "speaks both plain HTTP and TLS.",
     [](Options& o, std::string_view v) -> state::Status {
       if (v.rfind(':') == std::string_view::npos) return state::Status::refused("expects HOST:PORT (or :PORT), got '" + std::string(v) + "'");
       std::uint64_t port = 0;
       if (!parse_uint(v.substr(v.rfind(':') + 1), port) || port > 65535)
         return state::Status::refused("expects a port 0..65535 after the last ':', got '" + std::string(v) + "'");
       o.listen.emplace_back(v);
       return {};
     }},
    {"--threads", "ANTOM_SIM_THREADS", "N", false, "I/O threads (default: number of cores)",
     [](Options& o, std::string_view v) -> state::Status {
       std::uint64_t n = 0;
       if (!parse_uint(v, n) || n == 0 || n > 256) return state::Status::refused("expects 1..256");
       o.threads = static_cast<unsigned>(n);
       return {};
     }},
    {"--data-dir", "ANTOM_SIM_DATA_DIR", "DIR", false,
     "keys, demo merchant and TLS certificate (default ./.antom-sim). Instances may\n"
     "share it; one that already holds every file may be read-only.",
     [](Options& o, std::string_view v) -> state::Status {
       if (v.empty()) return state::Status::refused("expects a directory");
       o.data_dir = std::string(v);
       return {};
     }},
    {"--config", "ANTOM_SIM_CONFIG", "FILE", false,
     "merchants: {\"merchants\":[{\"clientId\":..,\"publicKey\":..,\"keyVersion\":1,\"notifyUrl\":..}]}",
     [](Options& o, std::string_view v) -> state::Status { return o.config = std::string(v), state::Status{}; }},
    {"--tls-cert", "ANTOM_SIM_TLS_CERT", "FILE", false,
     "TLS certificate chain (PEM), with --tls-key; default: self-signed for\n"
     "localhost, 127.0.0.1 and ::1, made in the data directory",
     [](Options& o, std::string_view v) -> state::Status { return o.tls_cert = std::string(v), state::Status{}; }},
    {"--tls-key", "ANTOM_SIM_TLS_KEY", "FILE", false, "TLS private key (PEM), with --tls-cert",
     [](Options& o, std::string_view v) -> state::Status { return o.tls_key = std::string(v), state::Status{}; }},
    {"--sim-key", "ANTOM_SIM_SIM_KEY", "FILE", false,
     "the simulator's (\"Antom's\") RSA private key (PEM); default: made on first\n"
     "start in the data directory",
     [](Options& o, std::string_view v) -> state::Status { return o.sim_private_key = std::string(v), state::Status{}; }},
    {"--scenarios", "ANTOM_SIM_SCENARIOS", "DIR", true,
     "more scenario files, after the built-in catalog; a same-named scenario\n"
     "overrides the built-in one (repeatable)",
     [](Options& o, std::string_view v) -> state::Status { return o.scenario_dirs.emplace_back(std::string(v)), state::Status{}; }},
    {"--verify-signatures", "ANTOM_SIM_VERIFY_SIGNATURES", "on|off", false, "verify request signatures (default on)",
     [](Options& o, std::string_view v) { return on_off(o.verify_signatures, v); }},
    {"--sign-responses", "ANTOM_SIM_SIGN_RESPONSES", "on|off", false,
     "sign responses (default on; off only for benchmarks)",
     [](Options& o, std::string_view v) { return on_off(o.sign_responses, v); }},
    {"--notify-allow", "ANTOM_SIM_NOTIFY_ALLOW", "LIST", false,
     "where notifications may be sent, checked against the addresses a URL's host\n"
     "resolves to: comma-separated loopback, private, any, networks (10.1.0.0/16,\n"
     "fd00::/8), addresses or host names (merchant.test, *.example.com); default\n"
     "loopback. A --config file's \"notifyAllow\": [...] adds to it. Refused attempts\n"
     "are journaled.",
     [](Options& o, std::string_view v) -> state::Status {
       NotifyTargets check;
       if (auto added = check.add_list(v); !added.ok()) return added;
       o.notify_allow = std::string(v);
       return {};
     }},
    {"--retention-days", "ANTOM_SIM_RETENTION_DAYS", "N", false,
     "drop delivered, given-up and dropped notifications from the journal once they\n"
     "are N virtual days old (counted as \"expired\" in GET /_sim/notifications), and\n"
     "finished payments with their refunds and declarations N virtual days after the\n"
     "last change and the close of their cancel and refund windows, and ended\n"
     "authorizations N virtual days after their last token ended or expired (counted\n"
     "in POST /_sim/notifications/flush and /metrics); default 0 = keep (the journal\n"
     "still keeps at most 10000 per merchant)",
     [](Options& o, std::string_view v) -> state::Status {
       if (!parse_uint(v, o.retention_days) || o.retention_days > 36500) return state::Status::refused("expects 0..36500");
       return {};
     }},
    {"--magic-amounts", "ANTOM_SIM_MAGIC_AMOUNTS", "on|off", false,
     "let magic amounts (e.g. 400.51) select scenarios (default on; a merchant's\n"
     "magicAmounts setting overrides it; docs/fidelity.md lists them)",
     [](Options& o, std::string_view v) { return on_off(o.magic_amounts, v); }},
    {"--control-token", "ANTOM_SIM_CONTROL_TOKEN", "TOKEN", false,
     "require \"Authorization: Bearer TOKEN\" on /_sim/ control calls, from any peer.\n"
     "Without a token, control calls answer only to loopback peers (403 otherwise);\n"
     "wallet pages and /_sim/health answer everyone; Antom's /ams/ APIs always do.",
     [](Options& o, std::string_view v) -> state::Status {
       if (v.empty()) return state::Status::refused("expects a non-empty token");
       o.control_token = std::string(v);
       return {};
     }},
    {"--control-open", "ANTOM_SIM_CONTROL_OPEN", "", false,
     "without --control-token, answer control calls from every peer (an\n"
     "isolated CI network, a container whose port only you reach)",
     [](Options& o, std::string_view v) { return set_switch(o.control_open, true, v); }},
    {"--notification-schedule", "ANTOM_SIM_NOTIFICATION_SCHEDULE", "production|sandbox", false,
     "retry schedule of notifications (default production)",
     [](Options& o, std::string_view v) -> state::Status {
       if (v != "production" && v != "sandbox") return state::Status::refused("expects production or sandbox");
       o.notification_schedule = std::string(v);
       return {};
     }},
    {"--seed", "ANTOM_SIM_SEED", "N", false,
     "seed of ids, tokens, codes and probabilistic scenarios. Default: drawn from\n"
     "the OS at each start and printed on the ready line (give it back to replay)",
     [](Options& o, std::string_view v) -> state::Status {
       if (!parse_uint(v, o.seed)) return state::Status::refused("expects a non-negative integer");
       o.seed_from_os = false;
       return {};
     }},
    {"--no-demo-merchant", "ANTOM_SIM_NO_DEMO_MERCHANT", "", false, "do not register the built-in demo merchant",
     [](Options& o, std::string_view v) { return set_switch(o.demo_merchant, false, v); }},
    {"--body-limit", "ANTOM_SIM_BODY_LIMIT", "BYTES", false, "largest accepted request body (default 1048576)",
     [](Options& o, std::string_view v) -> state::Status {
       std::uint64_t n = 0;
       if (!parse_uint(v, n) || n < 1024) return state::Status::refused("expects at least 1024 bytes");
       o.body_limit = n;
       return {};
     }},
    {"--idle-timeout", "ANTOM_SIM_IDLE_TIMEOUT", "SECONDS", false,
     "close a connection (HTTP or SFTP) that completes no request for this long\n"
     "(default 120)",
     [](Options& o, std::string_view v) -> state::Status {
       std::uint64_t n = 0;
       if (!parse_uint(v, n) || n == 0 || n > 86400) return state::Status::refused("expects 1..86400 seconds");
       o.idle_timeout = std::chrono::seconds(n);
       return {};
     }},
    {"--strict-scenarios", "ANTOM_SIM_STRICT_SCENARIOS", "on|off", false,
     "refuse (HTTP 400 UNKNOWN_SCENARIO) a request whose x-sim-scenario names no\n"
     "known scenario, instead of answering it with an x-sim-warning header (default\n"
     "off; a request's x-sim-strict: 1 or 0 overrides it)",
     [](Options& o, std::string_view v) { return on_off(o.strict_scenarios, v); }},
    {"--notify-timeout-ms", "ANTOM_SIM_NOTIFY_TIMEOUT_MS", "MS", false,
     "real time one notification attempt may take: connect, TLS, write, answer\n"
     "(100..60000, default 5000; a merchant's notifyTimeoutMs overrides it)",
     [](Options& o, std::string_view v) -> state::Status {
       std::uint64_t n = 0;
       if (!parse_uint(v, n) || n < static_cast<std::uint64_t>(kMinNotifyTimeout.count()) ||
           n > static_cast<std::uint64_t>(kMaxNotifyTimeout.count()))
         return state::Status::refused("expects 100..60000 milliseconds");
       o.notify_timeout = std::chrono::milliseconds(n);
       return {};
     }},
    {"--journal-size", "ANTOM_SIM_JOURNAL_SIZE", "N", false,
     "requests kept per merchant in the request journal, GET /_sim/requests\n"
     "(0..100000, default 1000; the oldest goes first; 0 = no journal)",
     [](Options& o, std::string_view v) -> state::Status {
       std::uint64_t n = 0;
       if (!parse_uint(v, n) || n > 100000) return state::Status::refused("expects 0..100000");
       o.journal_size = static_cast<std::size_t>(n);
       return {};
     }},
    {"--sftp-listen", "ANTOM_SIM_SFTP_LISTEN", "HOST:PORT", false,
     "serve the settlement report files read-only over SFTP here (default off; port\n"
     "0 = any free port). Each merchant logs in with its \"sftp\" user and password\n"
     "(demo merchant: demo / antom-sim) and sees only its own folder\n"
     "/v1/settlements/<customerId>/; the host key is made in the data directory",
     [](Options& o, std::string_view v) -> state::Status {
       const auto colon = v.rfind(':');
       std::uint64_t port = 0;
       if (colon == std::string_view::npos || !parse_uint(v.substr(colon + 1), port) || port > 65535)
         return state::Status::refused("expects HOST:PORT with a port 0..65535, got '" + std::string(v) + "'");
       o.sftp_listen = std::string(v);
       return {};
     }},
    {"--fixture", "ANTOM_SIM_FIXTURE", "FILE", true,
     "load a snapshot document at start (repeatable; docs/snapshots.md): its\n"
     "merchants, their tokens, buyers, payments and notifications",
     [](Options& o, std::string_view v) -> state::Status { return o.fixtures.emplace_back(std::string(v)), state::Status{}; }},
    {"--state-file", "ANTOM_SIM_STATE_FILE", "FILE", false,
     "keep the state in FILE: loaded at start when it exists, saved atomically on\n"
     "shutdown and on POST /_sim/state/save (docs/snapshots.md)",
     [](Options& o, std::string_view v) -> state::Status {
       if (v.empty()) return state::Status::refused("expects a file name");
       o.state_file = std::filesystem::path(std::string(v));
       return {};
     }},
    {"--state-save-interval", "ANTOM_SIM_STATE_SAVE_INTERVAL", "SECONDS", false,
     "also save --state-file every SECONDS (1..86400; default 0 = never)",
     [](Options& o, std::string_view v) -> state::Status {
       std::uint64_t n = 0;
       if (!parse_uint(v, n) || n > 86400) return state::Status::refused("expects 0..86400 seconds");
       o.state_save_interval = std::chrono::seconds(n);
       return {};
     }},
    {"--log-format", "ANTOM_SIM_LOG_FORMAT", "text|json|off", false, "one line per request on stderr (default text)",
     [](Options& o, std::string_view v) -> state::Status {
       if (v == "text") o.log_format = LogFormat::Text;
       else if (v == "json") o.log_format = LogFormat::Json;
       else if (v == "off") o.log_format = LogFormat::Off;
       else return state::Status::refused("expects text, json or off");
       return {};
     }},
};

const OptionSpec* find_option(std::string_view flag) {
  for (const auto& spec : kOptions)
    if (spec.flag == flag) return &spec;
  return nullptr;
}

std::uint64_t seed_from_os() {
  std::random_device rd;  // the OS's entropy (getrandom)
  return (static_cast<std::uint64_t>(rd()) << 32 | rd()) % 1'000'000'000'000ULL;  // short enough to retype
}

}  // namespace

std::string usage_text() {
  std::string out = R"(antom-sim: a simulator of Antom's (Alipay global) Auto Debit server APIs.

Usage: antom-sim [options]
       antom-sim call OPERATION BODY|@FILE [options]   (antom-sim call --help)

Every option has an environment variable, shown in brackets; a flag beats its variable. A
repeatable option's variable takes a comma-separated list. Switches' variables take 1 or 0.

)";
  for (const auto& spec : kOptions) {
    std::string head = "  " + std::string(spec.flag);
    if (!spec.value_name.empty()) head += " " + std::string(spec.value_name);
    head += "  [" + std::string(spec.env) + "]";
    out += head + "\n";
    std::string_view help = spec.help;
    while (!help.empty()) {
      const auto nl = help.find('\n');
      out += "      " + std::string(help.substr(0, nl)) + "\n";
      help = nl == std::string_view::npos ? std::string_view{} : help.substr(nl + 1);
    }
  }
  out += R"(  --print-api
      print the API tables (operations, fields, result codes) as Markdown
  --help, --version
)";
  return out;
}

ParsedOptions parse_options(int argc, const char* const* argv) {
  return parse_options(argc, argv, [](const char* name) -> const char* { return std::getenv(name); });
}

ParsedOptions parse_options(int argc, const char* const* argv, const EnvLookup& env) {
  ParsedOptions parsed;
  Options& o = parsed.options;
  o.data_dir = ".antom-sim";
  o.seed_from_os = true;
  auto fail = [&](std::string message) {
    parsed.error = std::move(message);
    return parsed;
  };

  // The command line first, kept aside: a flag given there replaces its variable entirely.
  std::vector<std::pair<const OptionSpec*, std::string_view>> given;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    std::string_view value;
    bool has_inline_value = false;
    if (auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      has_inline_value = true;
    }
    if (arg == "--help" || arg == "-h") parsed.show_help = true;
    else if (arg == "--version") parsed.show_version = true;
    else if (arg == "--print-api") parsed.print_api = true;
    else if (const OptionSpec* spec = find_option(arg)) {
      if (spec->value_name.empty()) {
        if (has_inline_value) return fail(std::string(arg) + " takes no value");
        given.emplace_back(spec, "1");
      } else if (has_inline_value) {
        given.emplace_back(spec, value);
      } else if (i + 1 < argc) {
        given.emplace_back(spec, argv[++i]);
      } else {
        return fail("option " + std::string(arg) + " needs a value (" + std::string(spec->value_name) + ")");
      }
    } else {
      return fail("unknown option " + std::string(arg) + " (see --help)");
    }
  }

  for (const auto& spec : kOptions) {
    const bool on_command_line =
        std::any_of(given.begin(), given.end(), [&](const auto& g) { return g.first == &spec; });
    if (on_command_line) continue;
    const char* raw = env(std::string(spec.env).c_str());
    if (raw == nullptr) continue;
    std::string_view text = raw;
    while (true) {  // a repeatable option's variable is a comma-separated list
      const auto comma = spec.repeatable ? text.find(',') : std::string_view::npos;
      const std::string_view item = text.substr(0, comma);
      if (auto applied = spec.apply(o, item); !applied.ok())
        return fail("environment variable " + std::string(spec.env) + "=" + std::string(raw) + ": " + applied.reason() +
                    " (fix or unset it)");
      if (comma == std::string_view::npos) break;
      text = text.substr(comma + 1);
    }
  }
  for (const auto& [spec, value] : given)
    if (auto applied = spec->apply(o, value); !applied.ok()) return fail(std::string(spec->flag) + " " + applied.reason());

  if (o.tls_cert.has_value() != o.tls_key.has_value())
    return fail("--tls-cert and --tls-key (ANTOM_SIM_TLS_CERT, ANTOM_SIM_TLS_KEY) go together");
  if (o.state_save_interval.count() > 0 && !o.state_file)
    return fail("--state-save-interval (ANTOM_SIM_STATE_SAVE_INTERVAL) needs --state-file");
  if (o.listen.empty()) o.listen.emplace_back("127.0.0.1:8080");
  if (o.seed_from_os) o.seed = seed_from_os();
  return parsed;
}

}  // namespace antom::server
