// The notification outbox of one merchant: every record with its attempts (the notification
// journal) and the sequence its ids come from. A payload is written as the JSON body it renders to
// and read back into the same tree, so its signature (kept on the record) still matches.
#include <array>
#include <mutex>
#include <set>

#include "server/protocol/render.hpp"
#include "server/snapshot/doc_parts.hpp"
#include "state/outbox.hpp"

namespace antom::server::snapshot_codec {
namespace {

using state::DeliveryState;
using state::NotifyKind;
using state::Status;

constexpr std::array<std::pair<NotifyKind, std::string_view>, 3> kKinds = {
    {{NotifyKind::Authorization, "AUTHORIZATION"}, {NotifyKind::Payment, "PAYMENT"}, {NotifyKind::Refund, "REFUND"}}};
constexpr std::array<std::pair<DeliveryState, std::string_view>, 5> kStates = {
    {{DeliveryState::Pending, "PENDING"}, {DeliveryState::InFlight, "IN_FLIGHT"}, {DeliveryState::Delivered, "DELIVERED"},
     {DeliveryState::GivenUp, "GIVEN_UP"}, {DeliveryState::Dropped, "DROPPED"}}};

// Payload field names must outlive every record (state/fields.hpp: names are referred to, never
// copied). Names read from documents are kept here once; the wire names are few, and the bound
// stops a hostile document from growing it without end.
constexpr std::size_t kMaxNames = 4096;
constexpr std::size_t kMaxNameLength = 128;

std::optional<std::string_view> intern(std::string_view name) {
  static std::mutex mu;
  static std::set<std::string, std::less<>> names;
  std::lock_guard lock(mu);
  if (auto it = names.find(name); it != names.end()) return *it;
  if (names.size() >= kMaxNames || name.size() > kMaxNameLength) return std::nullopt;
  return *names.emplace(name).first;
}

// Refused with the problem, its place relative to the payload.
Status read_fields(const rapidjson::Value& object, state::Fields& out, const std::string& at);

Status read_value(const rapidjson::Value& v, state::FieldValue& out, const std::string& at) {
  if (v.IsString()) {
    out.value = std::string(v.GetString(), v.GetStringLength());
  } else if (v.IsBool()) {
    out.value = v.GetBool();
  } else if (v.IsObject()) {
    state::Fields fields;
    if (auto read = read_fields(v, fields, at); !read.ok()) return read;
    out.value = std::move(fields);
  } else if (v.IsArray()) {
    const bool objects = v.Size() > 0 && v[0].IsObject();
    if (objects) {
      std::vector<state::Fields> list;
      for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
        if (!v[i].IsObject()) return Status::refused(at + "/" + std::to_string(i) + ": must be an object like the others");
        state::Fields fields;
        if (auto read = read_fields(v[i], fields, at + "/" + std::to_string(i)); !read.ok()) return read;
        list.push_back(std::move(fields));
      }
      out.value = std::move(list);
    } else {
      state::Strings list;
      for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
        if (!v[i].IsString()) return Status::refused(at + "/" + std::to_string(i) + ": must be a string like the others");
        list.emplace_back(v[i].GetString(), v[i].GetStringLength());
      }
      out.value = std::move(list);
    }
  } else {
    return Status::refused(at + ": a payload holds strings, booleans, objects and arrays only");
  }
  return {};
}

Status read_fields(const rapidjson::Value& object, state::Fields& out, const std::string& at) {
  for (const auto& m : object.GetObject()) {
    const std::string_view name(m.name.GetString(), m.name.GetStringLength());
    const auto kept = intern(name);
    if (!kept) return Status::refused(at + "/" + std::string(name) + ": too many distinct payload field names, or a name over 128 characters");
    state::Field f{*kept, {}};
    if (auto read = read_value(m.value, f.value, at + "/" + std::string(name)); !read.ok()) return read;
    out.push_back(std::move(f));
  }
  return {};
}

struct Header {
  std::string name, value;
};

template <class V, class A>
void attempt_fields(V& v, A& a) {
  v("number", a.number);
  v("scheduledAt", a.scheduled_at);
  v("sentAt", a.sent_at);
  v("url", a.url);
  std::vector<Header> headers;
  if constexpr (!V::reading)
    for (const auto& [n, val] : a.request_headers) headers.push_back({n, val});
  v.array("requestHeaders", headers, [](auto& h, auto& x) {
    h("name", x.name);
    h("value", x.value);
  });
  if constexpr (V::reading)
    for (auto& h : headers) a.request_headers.emplace_back(std::move(h.name), std::move(h.value));
  v("sameHeadersAs", a.same_headers_as);
  v("httpStatus", a.http_status);
  v("responseBody", a.response_body);
  v("error", a.error);
  v("latencyUs", a.latency_us);
  v("acknowledged", a.acknowledged);
  v("nextAttemptAt", a.next_attempt_at);
}

template <class V, class R>
void record_fields(V& v, R& r) {
  v("id", r.id);
  v.enumeration("kind", r.kind, EnumNames<NotifyKind>(kKinds));
  v("notifyType", r.notify_type);
  v("url", r.url);
  if constexpr (V::reading) {
    if (const rapidjson::Value* p = v.member("payload")) {
      if (!p->IsObject()) return v.fail("payload", "must be an object");
      state::Fields fields;
      if (auto read = read_fields(*p, fields, v.pointer() + "/payload"); !read.ok()) {
        *v.problem() = read.reason();
        return;
      }
      r.payload = std::move(fields);
    }
  } else {
    const std::string body = render_fields_json(r.payload.fields());
    v.key("payload");
    v.writer().RawValue(body.data(), body.size(), rapidjson::kObjectType);
  }
  v("subjectId", r.subject_id);
  v("requestTime", r.request_time);
  v("signature", r.signature);
  v("createdAt", r.created_at);
  v("nextAttemptAt", r.next_attempt_at);
  v.enumeration("state", r.state, EnumNames<DeliveryState>(kStates));
  v.array("attempts", r.attempts, [](auto& a, auto& x) { attempt_fields(a, x); });
  field(v, "faults", r.faults);
  v("duplicateOf", r.duplicate_of);
  v("afterId", r.after_id);
  v("awaitingSuccessor", r.awaiting_successor);
  std::uint64_t round_start = r.round_start;
  v("roundStart", round_start);
  if constexpr (V::reading) r.round_start = static_cast<std::size_t>(round_start);
  v("note", r.note);
}

}  // namespace

void write_outbox(Out& out, const state::Outbox& outbox) {
  auto& w = out.writer();
  out.key("notifications");
  w.StartObject();
  out("nextSequence", outbox.next_sequence());
  out("evicted", outbox.evicted());
  out("expired", outbox.expired());
  out.key("records");
  w.StartArray();
  outbox.for_each([&](const state::OutboxRecord& r) {
    w.StartObject();
    record_fields(out, r);
    w.EndObject();
  });
  w.EndArray();
  w.EndObject();
}

void read_outbox(In& in, state::Outbox& outbox) {
  in.object("notifications", outbox, [](In& n, state::Outbox& box) {
    std::uint64_t next = 1, evicted = 0, expired = 0;
    std::vector<state::OutboxRecord> records;
    n("nextSequence", next);
    n("evicted", evicted);
    n("expired", expired);
    n.array("records", records, [](In& r, state::OutboxRecord& x) { record_fields(r, x); });
    if (!n.ok()) return;
    if (auto rebuilt = state::Outbox::rebuild(std::move(records), next, evicted, expired, box); !rebuilt.ok())
      n.fail("records", rebuilt.reason());
  });
}

void field(Out& out, std::string_view key, const state::NotifyFaults& faults) {
  out(key, state::fault_names(faults));
}

void field(In& in, std::string_view key, state::NotifyFaults& faults) {
  std::vector<std::string> names;
  in(key, names);
  for (const auto& n : names)
    if (!state::add_notify_fault(faults, n))
      return in.fail(key, "\"" + n + "\" is not a fault; faults are " + std::string(state::notify_fault_syntax()));
}

void field(Out& out, std::string_view key, const state::ResultCode& code) { out(key, std::string(state::to_string(code))); }

void field(In& in, std::string_view key, state::ResultCode& code) {
  std::string name;
  in(key, name);
  if (!in.ok() || name.empty()) return;
  if (auto c = state::parse_result_code(name)) code = *c;
  else in.fail(key, "\"" + name + "\" is not a result code (GET /_sim/api lists them)");
}

}  // namespace antom::server::snapshot_codec
