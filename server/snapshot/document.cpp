// The document's top level: version, scope, clock, shared tables, scenario state, and one entry per
// merchant made of the parts in doc_*.cpp.
#include "server/snapshot/document.hpp"

#include <rapidjson/error/en.h>

#include <array>
#include <map>
#include <set>

#include "server/snapshot/doc_parts.hpp"
#include "server/snapshot/doc_tables.hpp"

namespace antom::server {
namespace {

using namespace snapshot_codec;

struct AttemptRow {
  std::string operation, key;
  int count = 0;
};

template <class V, class A>
void activation_fields(V& v, A& a) {
  v("scenario", a.scenario);
  v("arg", a.arg);
  v("since", a.since);
  v("until", a.until);
}

void clock_fields(Out& v, const state::VirtualClock::Saved& c) {
  v("frozen", c.frozen);
  v("frozenAt", c.frozen_at);
  v("offsetMs", c.offset);
}
// A saved clock reads back only if it stands inside the clock's range now (a running one moves on
// with real time from where it was), so no restore puts the clock where it would wrap.
void clock_fields(In& v, state::VirtualClock::Saved& c) {
  v("frozen", c.frozen);
  v("frozenAt", c.frozen_at);
  v("offsetMs", c.offset);
  if (v.ok() && !state::VirtualClock::restorable(c))
    v.fail(c.frozen ? "frozenAt" : "offsetMs", "puts the clock outside its range: " + state::clock_range_text());
}

template <class V, class I>
void id_fields(V& v, I& ids) {
  v("seed", ids.seed);
  v("counter", ids.counter);
}
struct Ids {
  std::uint64_t seed = 0, counter = 0;
};

constexpr char kSep = '\x1f';  // scenarios::Engine's attempt counter keys: clientId, operation, key

void write_merchant_entry(Out& out, const Merchant& m, const state::MerchantState* st, const scenarios::EngineState& sc,
                          const state::VirtualClock::Saved* own_clock, const state::WalletTable* own_wallets) {
  out("clientId", m.client_id);
  write_registration(out, m);
  if (own_clock) out.object("ownClock", *own_clock, [](Out& o, const state::VirtualClock::Saved& c) { clock_fields(o, c); });
  if (own_wallets) write_wallet_table(out, "ownWallets", *own_wallets);
  if (st) {
    const Ids ids{st->ids.seed(), st->ids.counter()};
    out.object("ids", ids, [](Out& o, const Ids& i) { id_fields(o, i); });
    write_authorizations(out, st->auth);
    write_payments(out, st->payments);
    write_buyers(out, st->payments.buyers);
    write_outbox(out, st->outbox);
    write_settlement(out, st->settlement);
  }
  if (auto it = sc.merchant_activations.find(m.client_id); it != sc.merchant_activations.end())
    out.object("scenario", it->second, [](Out& o, const scenarios::Activation& a) { activation_fields(o, a); });
  std::vector<AttemptRow> attempts;
  const std::string prefix = m.client_id + kSep;
  for (auto it = sc.attempts.lower_bound(prefix); it != sc.attempts.end() && it->first.starts_with(prefix); ++it) {
    const std::string rest = it->first.substr(prefix.size());
    const auto cut = rest.find(kSep);
    attempts.push_back({rest.substr(0, cut), cut == std::string::npos ? "" : rest.substr(cut + 1), it->second});
  }
  out.array("scenarioAttempts", attempts, [](Out& o, const AttemptRow& a) {
    o("operation", a.operation);
    o("key", a.key);
    o("count", a.count);
  });
}

}  // namespace

std::string export_document(const Snapshot& s) {
  rapidjson::StringBuffer buf;
  JsonOut w(buf);
  Out out(w);
  w.StartObject();
  out("antomSimSnapshot", kSnapshotFormat);
  out("simulatorVersion", std::string(ANTOM_SIM_VERSION));
  out("name", s.name);
  out("scope", std::string(s.whole() ? "simulator" : "merchant"));
  if (s.client_id) out("clientId", *s.client_id);
  out("createdAt", s.created_at);
  if (s.clock) out.object("clock", *s.clock, [](Out& o, const state::VirtualClock::Saved& c) { clock_fields(o, c); });
  out("seed", s.seed);
  if (s.whole()) {
    out("autoApproveAll", s.auto_approve_all);
    if (s.wallets && s.fx) write_tables(out, *s.wallets, *s.fx);
    if (s.scenarios.global_activation)
      out.object("globalScenario", *s.scenarios.global_activation,
                 [](Out& o, const scenarios::Activation& a) { activation_fields(o, a); });
  }
  std::map<std::string_view, const state::MerchantState*> states;
  for (const auto& st : s.states) states[st->client_id] = st.get();
  out.key("merchants");
  w.StartArray();
  for (const auto& m : s.merchants) {  // state without a registration (a deleted merchant's) is not written
    w.StartObject();
    const auto it = states.find(m->client_id);
    const auto own = s.own_clocks.find(m->client_id);
    const auto wallets = s.own_wallets.find(m->client_id);
    write_merchant_entry(out, *m, it == states.end() ? nullptr : it->second, s.scenarios,
                         own == s.own_clocks.end() ? nullptr : &own->second,
                         wallets == s.own_wallets.end() ? nullptr : wallets->second.get());
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

ImportResult import_document(std::string_view text, const std::function<bool(std::string_view)>& known_scenario) {
  ImportResult result;
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseStopWhenDoneFlag>(text.data(), text.size());
  if (doc.HasParseError()) {
    result.problem = "not valid JSON at offset " + std::to_string(doc.GetErrorOffset()) + ": " +
                     rapidjson::GetParseError_En(doc.GetParseError()) + " (a truncated file ends this way)";
    return result;
  }
  if (!doc.IsObject()) {
    result.problem = "a snapshot document is a JSON object";
    return result;
  }
  const auto version = doc.FindMember("antomSimSnapshot");
  if (version == doc.MemberEnd()) {
    result.problem = "not an antom-sim snapshot document: antomSimSnapshot (the format version) is missing";
    return result;
  }
  if (!version->value.IsInt() || version->value.GetInt() != kSnapshotFormat) {
    result.problem = "/antomSimSnapshot: format version " +
                     (version->value.IsInt() ? std::to_string(version->value.GetInt()) : std::string("(not a number)")) +
                     " is not one this antom-sim reads (it reads version " + std::to_string(kSnapshotFormat) + ")";
    return result;
  }

  auto s = std::make_shared<Snapshot>();
  std::string problem;
  In in(doc, "", &problem);
  int format = 0;
  std::string scope = "simulator", simulator_version;
  in("antomSimSnapshot", format);
  in("simulatorVersion", simulator_version);
  in("name", s->name);
  in.enumeration("scope", scope,
                 EnumNames<std::string>(std::array<std::pair<std::string, std::string_view>, 2>{
                     {{"simulator", "simulator"}, {"merchant", "merchant"}}}));
  std::string client_id;
  in("clientId", client_id);
  in("createdAt", s->created_at);
  if (in.has("clock")) {
    state::VirtualClock::Saved clock;
    in.object("clock", clock, [](In& c, state::VirtualClock::Saved& x) { clock_fields(c, x); });
    s->clock = clock;
  }
  in("seed", s->seed);
  if (scope == "merchant") {
    if (client_id.empty()) in.fail("clientId", "is required with scope merchant");
    s->client_id = client_id;
  }
  in("autoApproveAll", s->auto_approve_all);
  std::optional<state::WalletTable> wallets;
  std::optional<state::FxTable> fx;
  read_tables(in, wallets, fx);
  if (wallets) s->wallets = std::make_shared<const state::WalletTable>(std::move(*wallets));
  if (fx) s->fx = std::make_shared<const state::FxTable>(std::move(*fx));
  std::optional<scenarios::Activation> global;
  if (in.has("globalScenario")) {
    scenarios::Activation a;
    in.object("globalScenario", a, [](In& i, scenarios::Activation& x) { activation_fields(i, x); });
    if (in.ok() && !known_scenario(a.scenario)) in.fail("globalScenario/scenario", "no scenario named \"" + a.scenario + "\"");
    s->scenarios.global_activation = a;
  }
  if (!s->whole() && (s->wallets || s->fx || s->scenarios.global_activation || s->auto_approve_all))
    in.fail("scope", "a merchant snapshot holds no wallets, fx, globalScenario or autoApproveAll");

  const rapidjson::Value* merchants = in.member("merchants");
  if (in.ok() && merchants && !merchants->IsArray()) in.fail("merchants", "must be an array");
  in.close();
  if (in.ok() && merchants) {
    std::set<std::string, std::less<>> seen;
    for (rapidjson::SizeType i = 0; i < merchants->Size() && problem.empty(); ++i) {
      const std::string at = "/merchants/" + std::to_string(i);
      if (!(*merchants)[i].IsObject()) {
        problem = at + ": must be an object";
        break;
      }
      In m((*merchants)[i], at, &problem);
      state::MerchantState st;
      m("clientId", st.client_id);
      auto registration = read_registration(m, "registration");
      if (!m.ok()) break;
      if (st.client_id.empty()) st.client_id = registration->client_id;
      if (st.client_id != registration->client_id) {
        m.fail("clientId", "differs from registration/clientId");
        break;
      }
      if (!seen.insert(st.client_id).second) {
        m.fail("clientId", st.client_id + " is given twice");
        break;
      }
      if (m.has("ownClock")) {
        state::VirtualClock::Saved clock;
        m.object("ownClock", clock, [](In& c, state::VirtualClock::Saved& x) { clock_fields(c, x); });
        s->own_clocks[st.client_id] = clock;
      }
      std::optional<state::WalletTable> own_wallets;
      read_wallet_table(m, "ownWallets", own_wallets);
      if (own_wallets) s->own_wallets[st.client_id] = std::make_shared<const state::WalletTable>(std::move(*own_wallets));
      Ids ids;
      m.object("ids", ids, [](In& x, Ids& v) { id_fields(x, v); });
      st.ids.restore(ids.seed, ids.counter);
      read_authorizations(m, st.auth);
      read_payments(m, st.payments);
      read_buyers(m, st.payments.buyers);
      read_outbox(m, st.outbox);
      read_settlement(m, st.settlement);
      if (m.has("scenario")) {
        scenarios::Activation a;
        m.object("scenario", a, [](In& x, scenarios::Activation& v) { activation_fields(x, v); });
        if (m.ok() && !known_scenario(a.scenario)) m.fail("scenario/scenario", "no scenario named \"" + a.scenario + "\"");
        s->scenarios.merchant_activations[st.client_id] = a;
      }
      std::vector<AttemptRow> attempts;
      m.array("scenarioAttempts", attempts, [](In& x, AttemptRow& a) {
        x("operation", a.operation);
        x("key", a.key);
        x("count", a.count);
      });
      for (const auto& a : attempts) s->scenarios.attempts[st.client_id + kSep + a.operation + kSep + a.key] = a.count;
      m.close();
      if (!m.ok()) break;
      if (auto p = check_references(st, at); !p.empty()) {
        problem = p;
        break;
      }
      s->merchants.push_back(std::move(registration));
      s->states.push_back(std::make_shared<const state::MerchantState>(std::move(st)));
    }
  }
  if (problem.empty() && !s->whole() && (s->merchants.size() != 1 || s->merchants[0]->client_id != *s->client_id))
    problem = "/merchants: a merchant snapshot holds exactly that merchant (" + *s->client_id + ")";
  if (problem.empty() && s->name.empty()) s->name = "imported";
  if (!problem.empty()) {
    result.problem = problem;
    return result;
  }
  s->created_wall = std::chrono::system_clock::now();
  result.snapshot = std::move(s);
  return result;
}

}  // namespace antom::server
