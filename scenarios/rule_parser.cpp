#include "scenarios/rule_parser.hpp"

#include <cctype>

#include "scenarios/loader.hpp"
#include "state/notify_faults.hpp"
#include "state/result_code.hpp"

namespace antom::scenarios::detail {
namespace {

constexpr long long kMaxMillis = 7LL * 24 * 3600 * 1000;  // a week of virtual time

std::optional<state::ResultCode> result_code(Reader& r, std::string_view key) {
  auto name = r.string(key);
  if (!name) return std::nullopt;
  auto code = state::parse_result_code(*name);
  if (!code) r.fail(r.path(key), "unknown result code '" + *name + "'");
  return code;
}

std::optional<state::TimePoint> datetime(Reader& r, std::string_view key) {
  auto text = r.string(key);
  if (!text) return std::nullopt;
  auto t = state::parse_iso8601(*text);
  if (!t) r.fail(r.path(key), "must be an ISO 8601 datetime");
  return t;
}

FieldMatch parse_field_match(Reader& f) {
  f.only_keys({"path", "equals", "prefix", "contains", "min", "max", "absent"});
  FieldMatch m;
  m.path = f.string("path", true).value_or("");
  int kinds = 0;
  if (f.has("equals")) {
    m.kind = FieldMatch::Kind::Equals;
    m.values = f.strings("equals");
    ++kinds;
  }
  if (f.has("prefix")) {
    m.kind = FieldMatch::Kind::Prefix;
    m.values = {f.string("prefix").value_or("")};
    ++kinds;
  }
  if (f.has("contains")) {
    m.kind = FieldMatch::Kind::Contains;
    m.values = {f.string("contains").value_or("")};
    ++kinds;
  }
  if (f.has("min") || f.has("max")) {
    m.kind = FieldMatch::Kind::Range;
    m.min = f.number("min");
    m.max = f.number("max");
    if (m.min && m.max && *m.min > *m.max) f.fail(f.path("min"), "must not exceed max");
    ++kinds;
  }
  if (f.has("absent")) {
    if (f.boolean("absent") != true) f.fail(f.path("absent"), "must be true when given");
    m.kind = FieldMatch::Kind::Absent;
    ++kinds;
  }
  if (kinds != 1 && !f.failed()) f.fail(f.path("path"), "needs exactly one of equals, prefix, contains, min/max, absent");
  return m;
}

Match parse_match(Reader& r) {
  r.only_keys({"operation", "merchant", "wallet", "arg", "fields", "attempts", "probability", "window"});
  Match m;
  m.operations = r.strings("operation");
  for (const auto& op : m.operations)
    if (!is_known_operation(op)) r.fail(r.path("operation"), "unknown operation '" + op + "'");
  m.merchants = r.strings("merchant");
  m.wallets = r.strings("wallet");
  m.args = r.strings("arg");
  if (const auto* fields = r.array("fields")) {
    for (rapidjson::SizeType i = 0; i < fields->Size(); ++i) {
      std::string at = r.path("fields") + "[" + std::to_string(i) + "]";
      if (!(*fields)[i].IsObject()) {
        r.fail(at, "must be an object");
        break;
      }
      Reader f = r.child((*fields)[i], at);
      m.fields.push_back(parse_field_match(f));
    }
  }
  if (const auto* a = r.object("attempts")) {
    Reader ar = r.child(*a, r.path("attempts"));
    ar.only_keys({"first", "after", "from", "to"});
    AttemptMatch am;
    if (auto first = ar.integer("first", 1, 1000000)) am.to = static_cast<int>(*first);
    if (auto after = ar.integer("after", 0, 1000000)) am.from = static_cast<int>(*after) + 1;
    if (auto from = ar.integer("from", 1, 1000000)) am.from = static_cast<int>(*from);
    if (auto to = ar.integer("to", 1, 1000000)) am.to = static_cast<int>(*to);
    if (am.to && *am.to < am.from) ar.fail(ar.path("to"), "ends before the first attempt it starts at");
    m.attempts = am;
  }
  if (auto p = r.number("probability")) {
    if (*p < 0 || *p > 1) r.fail(r.path("probability"), "must be between 0 and 1");
    m.probability = p;
  }
  if (const auto* w = r.object("window")) {
    Reader wr = r.child(*w, r.path("window"));
    wr.only_keys({"from", "until"});
    m.from = datetime(wr, "from");
    m.until = datetime(wr, "until");
    if (m.from && m.until && *m.until <= *m.from) wr.fail(wr.path("until"), "must be after from");
  }
  return m;
}

Latency parse_latency(Reader& r) {
  r.only_keys({"fixed_ms", "uniform_ms", "lognormal"});
  Latency l;
  if (auto fixed = r.integer("fixed_ms", 0, kMaxMillis)) {
    l.kind = Latency::Kind::Fixed;
    l.low = std::chrono::milliseconds(*fixed);
  } else if (const auto* u = r.array("uniform_ms")) {
    if (u->Size() != 2 || !(*u)[0].IsInt64() || !(*u)[1].IsInt64() || (*u)[0].GetInt64() < 0 ||
        (*u)[0].GetInt64() > (*u)[1].GetInt64() || (*u)[1].GetInt64() > kMaxMillis) {
      r.fail(r.path("uniform_ms"), "must be [low, high] in milliseconds with 0 <= low <= high");
    } else {
      l.kind = Latency::Kind::Uniform;
      l.low = std::chrono::milliseconds((*u)[0].GetInt64());
      l.high = std::chrono::milliseconds((*u)[1].GetInt64());
    }
  } else if (const auto* ln = r.object("lognormal")) {
    Reader lr = r.child(*ln, r.path("lognormal"));
    lr.only_keys({"median_ms", "sigma", "max_ms"});
    l.kind = Latency::Kind::LogNormal;
    if (!lr.has("median_ms")) lr.fail(lr.path("median_ms"), "is required");
    l.low = std::chrono::milliseconds(lr.integer("median_ms", 1, kMaxMillis).value_or(1));
    l.sigma = lr.number("sigma").value_or(0.5);
    if (l.sigma < 0 || l.sigma > 5) lr.fail(lr.path("sigma"), "must be between 0 and 5");
    l.high = std::chrono::milliseconds(lr.integer("max_ms", 1, kMaxMillis).value_or(60000));
  } else if (!r.failed()) {
    r.fail(r.path("fixed_ms"), "latency needs one of fixed_ms, uniform_ms, lognormal");
  }
  return l;
}

Effect parse_effect(Reader& r) {
  r.only_keys({"result", "message", "processing", "reverse_after_ms", "ttl_ms", "wallet", "notifications", "latency",
               "http_fault", "stall_ms"});
  Effect e;
  state::Directive& d = e.directive;
  d.force = result_code(r, "result");
  d.force_message = r.string("message").value_or("");
  if (!d.force && !d.force_message.empty()) r.fail(r.path("message"), "needs a result to go with");
  if (const auto* p = r.object("processing")) {
    Reader pr = r.child(*p, r.path("processing"));
    pr.only_keys({"settle", "after_ms", "after_inquiries", "pending"});
    d.processing = true;
    d.report_pending = pr.boolean("pending").value_or(false);
    if (!pr.has("settle")) pr.fail(pr.path("settle"), "is required");
    auto settle = result_code(pr, "settle");
    if (settle && state::status_of(*settle) == state::ResultStatus::U)
      pr.fail(pr.path("settle"), "must be SUCCESS or a failure (F) code");
    d.settle_code = settle.value_or(state::ResultCode::SUCCESS);
    if (auto ms = pr.integer("after_ms", 0, kMaxMillis)) d.settle_after = std::chrono::milliseconds(*ms);
    d.settle_after_inquiries = static_cast<int>(pr.integer("after_inquiries", 1, 1000).value_or(0));
    if (!d.settle_after && d.settle_after_inquiries == 0 && !pr.failed())
      pr.fail(pr.path("after_ms"), "processing needs after_ms or after_inquiries");
    if (d.force) r.fail(r.path("processing"), "cannot be combined with result");
  }
  if (auto ms = r.integer("reverse_after_ms", 0, kMaxMillis)) d.reverse_after = std::chrono::milliseconds(*ms);
  if (auto ttl = r.integer("ttl_ms", 0, kMaxMillis)) d.ttl_override = std::chrono::milliseconds(*ttl);
  if (const auto* w = r.object("wallet")) {
    Reader wr = r.child(*w, r.path("wallet"));
    wr.only_keys({"action", "delay_ms"});
    auto action = wr.string("action", true).value_or("");
    if (action == "APPROVE") d.wallet_action = state::WalletAction::Approve;
    else if (action == "DECLINE") d.wallet_action = state::WalletAction::Decline;
    else if (action == "ABANDON") d.wallet_action = state::WalletAction::Abandon;
    else if (!wr.failed()) wr.fail(wr.path("action"), "must be APPROVE, DECLINE or ABANDON");
    if (auto ms = wr.integer("delay_ms", 0, kMaxMillis)) d.wallet_delay = std::chrono::milliseconds(*ms);
  }
  if (r.has("notifications")) {
    for (const auto& f : r.strings("notifications"))
      if (!state::add_notify_fault(d.notification_faults, f) && !r.failed())
        r.fail(r.path("notifications"), "unknown notification fault '" + f + "' (known: " +
                                            std::string(state::notify_fault_syntax()) + ")");
  }
  if (const auto* l = r.object("latency")) {
    Reader lr = r.child(*l, r.path("latency"));
    e.latency = parse_latency(lr);
  }
  if (auto fault = r.string("http_fault")) {
    auto parsed = parse_http_fault(*fault);
    if (!parsed || *parsed == HttpFault::None) r.fail(r.path("http_fault"), "unknown HTTP fault '" + *fault + "'");
    e.http_fault = parsed.value_or(HttpFault::None);
  }
  if (auto ms = r.integer("stall_ms", 0, kMaxMillis)) e.stall = std::chrono::milliseconds(*ms);
  return e;
}

bool valid_rule_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) return false;
  return true;
}

}  // namespace

Rule parse_rule(Reader& r) {
  r.only_keys({"name", "description", "match", "effect"});
  Rule rule;
  rule.name = r.string("name", true).value_or("");
  if (!r.failed() && !valid_rule_name(rule.name)) r.fail(r.path("name"), "must be 1-64 of [A-Za-z0-9._-]");
  (void)r.string("description");
  if (const auto* m = r.object("match")) {
    Reader mr = r.child(*m, r.path("match"));
    rule.match = parse_match(mr);
  }
  if (const auto* e = r.object("effect", true)) {
    Reader er = r.child(*e, r.path("effect"));
    rule.effect = parse_effect(er);
  }
  return rule;
}

}  // namespace antom::scenarios::detail
