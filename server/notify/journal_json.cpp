#include "server/notify/journal_json.hpp"

#include "server/protocol/render.hpp"

namespace antom::server {
namespace {

void write_time(JsonWriter& w, std::string_view key, state::TimePoint t) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  if (t == state::TimePoint{})
    w.Null();
  else
    w.String(state::format_iso8601(t).c_str());
}

void write_strings(JsonWriter& w, std::string_view key, const std::vector<std::string>& values) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  w.StartArray();
  for (const auto& v : values) w.String(v.c_str(), static_cast<rapidjson::SizeType>(v.size()));
  w.EndArray();
}

void write_attempt(JsonWriter& w, const state::OutboxRecord& r, const state::DeliveryAttempt& a) {
  const auto* headers = &a.request_headers;
  if (a.same_headers_as > 0 && static_cast<std::size_t>(a.same_headers_as) <= r.attempts.size())
    headers = &r.attempts[static_cast<std::size_t>(a.same_headers_as) - 1].request_headers;
  w.StartObject();
  w.Key("number");
  w.Int(a.number);
  write_time(w, "scheduledAt", a.scheduled_at);
  write_time(w, "sentAt", a.sent_at);
  write_string(w, "url", a.url);
  w.Key("requestHeaders");
  w.StartObject();
  for (const auto& [name, value] : *headers) write_string(w, name, value);
  w.EndObject();
  w.Key("httpStatus");
  if (a.http_status == 0)
    w.Null();
  else
    w.Int(a.http_status);
  write_string(w, "responseBody", a.response_body);
  write_string(w, "error", a.error);
  w.Key("latencyMs");
  w.Double(static_cast<double>(a.latency_us) / 1000.0);
  w.Key("acknowledged");
  w.Bool(a.acknowledged);
  write_time(w, "nextAttemptAt", a.next_attempt_at);
  w.EndObject();
}

void write_summary_fields(JsonWriter& w, const std::string& client_id, const state::OutboxRecord& r) {
  write_string(w, "id", r.id);
  write_string(w, "clientId", client_id);
  write_string(w, "merchant", client_id);  // the old name, kept for one release (docs/control-api.md)
  write_string(w, "kind", state::to_string(r.kind));
  write_string(w, "notifyType", r.notify_type);
  write_string(w, "subjectId", r.subject_id);
  write_string(w, "state", state::to_string(r.state));
  write_string(w, "url", r.url);
  write_time(w, "createdAt", r.created_at);
  write_time(w, "nextAttemptAt", r.state == state::DeliveryState::Pending ? r.next_attempt_at : state::TimePoint{});
  w.Key("attemptCount");
  w.Uint64(r.attempts.size());
  write_strings(w, "faults", state::fault_names(r.faults));
  if (!r.duplicate_of.empty()) write_string(w, "duplicateOf", r.duplicate_of);
  if (!r.note.empty()) write_string(w, "note", r.note);
  if (!r.attempts.empty()) {
    const auto& last = r.attempts.back();
    w.Key("lastHttpStatus");
    if (last.http_status == 0)
      w.Null();
    else
      w.Int(last.http_status);
    write_string(w, "lastError", last.error);
  }
}

}  // namespace

void write_record_summary(JsonWriter& w, const std::string& client_id, const state::OutboxRecord& r) {
  w.StartObject();
  write_summary_fields(w, client_id, r);
  w.EndObject();
}

void write_record_full(JsonWriter& w, const std::string& client_id, const state::OutboxRecord& r) {
  w.StartObject();
  write_summary_fields(w, client_id, r);
  const std::string body = render_fields_json(r.payload);
  w.Key("body");
  w.RawValue(body.c_str(), body.size(), rapidjson::kObjectType);
  write_string(w, "requestTime", r.request_time);
  write_string(w, "signature", r.signature);
  w.Key("attempts");
  w.StartArray();
  for (const auto& a : r.attempts) write_attempt(w, r, a);
  w.EndArray();
  w.EndObject();
}

}  // namespace antom::server
