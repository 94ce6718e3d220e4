#include "server/options.hpp"

#include <charconv>
#include <string_view>

#include "server/notify/notify_targets.hpp"

namespace antom::server {
namespace {

bool parse_uint(std::string_view text, std::uint64_t& out) {
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && p == text.data() + text.size();
}

bool parse_switch(std::string_view text, bool& out) {
  if (text == "on" || text == "true" || text == "1") return out = true, true;
  if (text == "off" || text == "false" || text == "0") return out = false, true;
  return false;
}

}  // namespace

std::string usage_text() {
  return R"(antom-sim: a simulator of Antom's (Alipay global) Auto Debit server APIs.

Usage: antom-sim [options]

  --listen HOST:PORT          listen here (repeatable; default 127.0.0.1:8080; port 0 = any free
                              port). Every port speaks both plain HTTP and TLS.
  --threads N                 I/O threads (default: number of cores)
  --data-dir DIR              keys, demo merchant and TLS certificate (default ./.antom-sim)
  --config FILE               merchants: {"merchants":[{"clientId":..,"publicKey":..,"keyVersion":1,"notifyUrl":..}]}
  --tls-cert FILE --tls-key FILE
                              TLS certificate chain and key (PEM); default: self-signed for
                              localhost and 127.0.0.1, made in the data directory
  --sim-key FILE              the simulator's ("Antom's") RSA private key (PEM); default:
                              generated on first start in the data directory
  --scenarios DIR             more scenario files, after the built-in catalog (repeatable)
  --verify-signatures on|off  verify request signatures (default on)
  --sign-responses on|off     sign responses (default on; off only for benchmarks)
  --control-token TOKEN       require "Authorization: Bearer TOKEN" on /_sim/ control calls
  --notification-schedule production|sandbox
                              retry schedule of notifications (default production)
  --seed N                    seed of ids, tokens and probabilistic scenarios (default 0)
  --no-demo-merchant          do not register the built-in demo merchant
  --body-limit BYTES          largest accepted request body (default 1048576)
  --idle-timeout SECONDS      close a connection that completes no request for this long (default 120)
  --notify-allow LIST         where notifications may be sent, checked against the addresses a
                              URL's host resolves to: comma-separated loopback, private, any,
                              networks (10.1.0.0/16, fd00::/8), addresses or host names
                              (merchant.test, *.example.com); default loopback. A --config file's
                              "notifyAllow": [...] adds to it. Refused attempts are journaled.
  --retention-days N          drop delivered, given-up and dropped notifications from the journal
                              once they are N virtual days old (counted as "expired" in
                              GET /_sim/notifications); default 0 = keep (the journal still keeps
                              at most 10000 per merchant)
  --log-format text|json|off  one line per request on stderr (default text)
  --print-api                 print the API tables (operations, fields, result codes) as Markdown
  --help, --version
)";
}

ParsedOptions parse_options(int argc, const char* const* argv) {
  ParsedOptions parsed;
  Options& o = parsed.options;
  o.data_dir = ".antom-sim";
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    std::string_view value;
    bool has_inline_value = false;
    if (auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      has_inline_value = true;
    }
    auto next = [&](std::string_view& out) -> bool {
      if (has_inline_value) return out = value, true;
      if (i + 1 >= argc) return false;
      out = argv[++i];
      return true;
    };
    auto fail = [&](std::string message) {
      parsed.error = std::move(message);
      return parsed;
    };
    std::string_view v;
    if (arg == "--help" || arg == "-h") parsed.show_help = true;
    else if (arg == "--version") parsed.show_version = true;
    else if (arg == "--print-api") parsed.print_api = true;
    else if (arg == "--no-demo-merchant") o.demo_merchant = false;
    else if (!next(v)) return fail("option " + std::string(arg) + " needs a value (or is unknown)");
    else if (arg == "--listen") {
      if (v.rfind(':') == std::string_view::npos) return fail("--listen expects HOST:PORT, got " + std::string(v));
      o.listen.emplace_back(v);
    } else if (arg == "--threads") {
      std::uint64_t n = 0;
      if (!parse_uint(v, n) || n == 0 || n > 256) return fail("--threads expects 1..256");
      o.threads = static_cast<unsigned>(n);
    } else if (arg == "--data-dir") o.data_dir = std::string(v);
    else if (arg == "--config") o.config = std::string(v);
    else if (arg == "--tls-cert") o.tls_cert = std::string(v);
    else if (arg == "--tls-key") o.tls_key = std::string(v);
    else if (arg == "--sim-key") o.sim_private_key = std::string(v);
    else if (arg == "--scenarios") o.scenario_dirs.emplace_back(std::string(v));
    else if (arg == "--control-token") o.control_token = std::string(v);
    else if (arg == "--notification-schedule") {
      if (v != "production" && v != "sandbox") return fail("--notification-schedule expects production or sandbox");
      o.notification_schedule = std::string(v);
    } else if (arg == "--verify-signatures") {
      if (!parse_switch(v, o.verify_signatures)) return fail("--verify-signatures expects on or off");
    } else if (arg == "--sign-responses") {
      if (!parse_switch(v, o.sign_responses)) return fail("--sign-responses expects on or off");
    } else if (arg == "--seed") {
      if (!parse_uint(v, o.seed)) return fail("--seed expects a non-negative integer");
    } else if (arg == "--body-limit") {
      std::uint64_t n = 0;
      if (!parse_uint(v, n) || n < 1024) return fail("--body-limit expects at least 1024 bytes");
      o.body_limit = n;
    } else if (arg == "--idle-timeout") {
      std::uint64_t n = 0;
      if (!parse_uint(v, n) || n == 0 || n > 86400) return fail("--idle-timeout expects 1..86400 seconds");
      o.idle_timeout = std::chrono::seconds(n);
    } else if (arg == "--notify-allow") {
      NotifyTargets check;
      if (auto err = check.add_list(v); !err.empty()) return fail("--notify-allow: " + err);
      o.notify_allow = std::string(v);
    } else if (arg == "--retention-days") {
      if (!parse_uint(v, o.retention_days) || o.retention_days > 36500) return fail("--retention-days expects 0..36500");
    } else if (arg == "--log-format") {
      if (v == "text") o.log_format = LogFormat::Text;
      else if (v == "json") o.log_format = LogFormat::Json;
      else if (v == "off") o.log_format = LogFormat::Off;
      else return fail("--log-format expects text, json or off");
    } else return fail("unknown option " + std::string(arg) + " (see --help)");
  }
  if ((o.tls_cert.has_value()) != (o.tls_key.has_value())) parsed.error = "--tls-cert and --tls-key go together";
  if (o.listen.empty()) o.listen.emplace_back("127.0.0.1:8080");
  return parsed;
}

}  // namespace antom::server
