#pragma once
// Shared steps of the notification tests: queue a record as the state flows do, wait until the
// sender is idle, and read the journal through the control API.
#include <doctest/doctest.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>
#include <vector>

#include "server/app.hpp"
#include "state/outbox.hpp"
#include "tests/support/notify_receiver.hpp"
#include "tests/support/sim_fixture.hpp"

namespace antom::test {

inline state::Fields sample_payload(state::NotifyKind kind, const std::string& type) {
  state::Fields result;
  state::put(result, "resultCode", "SUCCESS");
  state::put(result, "resultStatus", "S");
  state::put(result, "resultMessage", "success");
  state::Fields p;
  if (kind == state::NotifyKind::Authorization) {
    state::put(p, "authorizationNotifyType", type);
    state::put(p, "accessToken", "28100103_2026030110000001");
    state::put(p, "authState", "state-é-\"quoted\"");  // escaping must survive signing
  } else {
    state::put(p, "notifyType", type);
    state::put(p, kind == state::NotifyKind::Refund ? state::FieldName("refundId") : state::FieldName("paymentId"),
               "2026030110000000000001");
    state::Fields amount;
    state::put(amount, "currency", "USD");
    state::put(amount, "value", "1000");
    state::put(p, kind == state::NotifyKind::Refund ? state::FieldName("refundAmount") : state::FieldName("paymentAmount"),
               amount);
  }
  state::put(p, "result", result);
  return p;
}

// Queues a notification the way the authorization and payment flows do, and wakes the sender.
inline std::string inject(SimFixture& fx, const std::string& merchant, state::NotifyKind kind, const std::string& type,
                          const std::string& url, state::NotifyFaults faults = {}) {
  state::OutboxRecord r;
  r.kind = kind;
  r.notify_type = type;
  r.url = url;
  r.subject_id = "subject-" + type;
  r.payload = sample_payload(kind, type);
  r.faults = std::move(faults);
  const auto now = fx.app().world.clock().now();
  const auto id = fx.app().world.with_merchant(merchant, [&](state::MerchantState& m) {
    return m.outbox.enqueue(std::move(r), now);
  });
  fx.app().state_changed();
  return id;
}

inline bool flush(SimFixture& fx, const std::string& timeout = "10s") {
  auto r = fx.control("POST", "/_sim/notifications/flush?timeout=" + timeout);
  return r.http_status == 200 && r.json.IsObject() && r.json["idle"].GetBool();
}

inline rapidjson::Document journal(SimFixture& fx, const std::string& id, const std::string& merchant = {}) {
  auto r = fx.control("GET", "/_sim/notifications/" + id + (merchant.empty() ? "" : "?merchant=" + merchant));
  REQUIRE(r.http_status == 200);
  return std::move(r.json);
}

inline std::string text(const rapidjson::Value& v, const char* key) {
  if (!v.IsObject()) return {};
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsString() ? std::string(it->value.GetString(), it->value.GetStringLength())
                                                      : std::string{};
}

// The journal's body, serialized compactly as the sender sent it.
inline std::string render_body(const rapidjson::Value& journal_entry) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  journal_entry["body"].Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

inline std::string receiver_body_for(const std::vector<ReceivedNotification>& got, const std::string& path) {
  for (const auto& n : got)
    if (n.path == path) return n.body;
  return {};
}

}  // namespace antom::test
