#include "server/request_journal.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <charconv>

#include "server/crypto/codec.hpp"
#include "server/protocol/body_scan.hpp"

namespace antom::server {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void key(Writer& w, std::string_view k) { w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size())); }
void str(Writer& w, std::string_view s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }
void field(Writer& w, std::string_view k, std::string_view v) {
  key(w, k);
  str(w, v);
}

std::string_view to_string(WireAction action) {
  switch (action) {
    case WireAction::Write: return "write";
    case WireAction::Reset: return "reset";
    case WireAction::Stall: return "stall";
    case WireAction::WriteTruncated: return "writeTruncated";
  }
  return "write";
}

void write_headers(Writer& w, const Headers& headers) {
  key(w, "headers");
  w.StartArray();
  for (const auto& [name, value] : headers) {
    w.StartObject();
    field(w, "name", name);
    field(w, "value", value);
    w.EndObject();
  }
  w.EndArray();
}

// A body as JSON text when it is UTF-8 (JSON cannot carry other bytes), else as base64.
void write_body(Writer& w, const std::string& body, std::size_t length) {
  if (scan_body(body).valid_utf8()) field(w, "body", body);
  else field(w, "bodyBase64", base64_encode(body));
  key(w, "bodyLength");
  w.Uint64(length);
  key(w, "bodyTruncated");
  w.Bool(body.size() < length);
}

bool merchant_matches(const JournalEntry& e, std::string_view merchant) {
  return merchant.empty() || e.merchant == merchant || e.client_id == merchant;
}

bool matches(const JournalEntry& e, const RequestJournal::Query& q) {
  return merchant_matches(e, q.merchant) && (q.operation.empty() || e.operation == q.operation) &&
         (q.result_code.empty() || e.result_code == q.result_code) &&
         (q.payment_id.empty() || e.payment_id == q.payment_id) &&
         (q.payment_request_id.empty() || e.payment_request_id == q.payment_request_id);
}

}  // namespace

std::string_view to_string(JournalStep step) {
  switch (step) {
    case JournalStep::NotReached: return "notReached";
    case JournalStep::Passed: return "passed";
    case JournalStep::Skipped: return "skipped";
    case JournalStep::Failed: return "failed";
  }
  return "notReached";
}

std::string JournalEntry::id() const { return "req-" + std::to_string(seq); }

std::optional<std::uint64_t> parse_journal_id(std::string_view id) {
  if (!id.starts_with("req-")) return std::nullopt;
  id.remove_prefix(4);
  std::uint64_t n = 0;
  const auto [p, ec] = std::from_chars(id.data(), id.data() + id.size(), n);
  if (id.empty() || ec != std::errc{} || p != id.data() + id.size() || n == 0) return std::nullopt;
  return n;
}

std::string JournalEntry::to_json() const {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  field(w, "id", id());
  key(w, "merchant");
  if (merchant.empty()) w.Null();
  else str(w, merchant);
  field(w, "clientId", client_id);
  field(w, "receivedAt", state::format_iso8601(received));
  field(w, "receivedAtWall", state::format_iso8601(std::chrono::time_point_cast<state::Millis>(received_wall), 0));
  key(w, "operation");
  if (operation.empty()) w.Null();
  else str(w, operation);

  key(w, "request");
  w.StartObject();
  field(w, "method", method);
  field(w, "path", path);
  write_headers(w, request_headers);
  write_body(w, request_body, request_body_length);
  if (request_body_too_large) {
    key(w, "bodyOverLimit");
    w.Bool(true);
  }
  w.EndObject();

  key(w, "verification");
  w.StartObject();
  field(w, "outcome", to_string(verification));
  if (verification == JournalStep::Failed && !refusal.empty()) field(w, "message", refusal);
  if (diagnosis) {
    key(w, "diagnosis");
    const std::string json = diagnosis->to_json();
    w.RawValue(json.data(), json.size(), rapidjson::kObjectType);
  }
  w.EndObject();
  key(w, "validation");
  w.StartObject();
  field(w, "outcome", to_string(validation));
  if (validation == JournalStep::Failed && !refusal.empty()) field(w, "message", refusal);
  w.EndObject();

  key(w, "scenario");
  if (scenario.empty()) {
    w.Null();
  } else {
    w.StartObject();
    field(w, "name", scenario);
    field(w, "via", scenario_via);
    if (!rule.empty()) field(w, "rule", rule);
    w.EndObject();
  }
  key(w, "fault");
  if (http_fault.empty() && delay.count() == 0) {
    w.Null();
  } else {
    w.StartObject();
    if (!http_fault.empty()) field(w, "httpFault", http_fault);
    field(w, "action", to_string(action));
    key(w, "delayMs");
    w.Int64(delay.count());
    if (action == WireAction::Stall) {
      key(w, "stallMs");
      w.Int64(stall.count());
    }
    w.EndObject();
  }

  // A reset or a stall sends nothing: the fault stands instead of the answer.
  key(w, "response");
  if (action == WireAction::Reset || action == WireAction::Stall) {
    w.Null();
  } else {
    w.StartObject();
    key(w, "status");
    w.Int(status);
    write_headers(w, response_headers);
    write_body(w, response_body, response_body_length);
    w.EndObject();
  }
  field(w, "resultCode", result_code);
  key(w, "resultStatus");
  if (result_status) str(w, state::to_string(*result_status));
  else w.Null();

  key(w, "ids");
  w.StartObject();
  if (!payment_request_id.empty()) field(w, "paymentRequestId", payment_request_id);
  if (!payment_id.empty()) field(w, "paymentId", payment_id);
  if (!refund_request_id.empty()) field(w, "refundRequestId", refund_request_id);
  if (!refund_id.empty()) field(w, "refundId", refund_id);
  w.EndObject();

  key(w, "timings");
  w.StartObject();
  key(w, "totalMicros");
  w.Int64(micros);
  key(w, "delayMs");
  w.Int64(delay.count());
  w.EndObject();
  w.EndObject();
  return {buf.GetString(), buf.GetSize()};
}

void RequestJournal::add(std::shared_ptr<JournalEntry> entry) {
  if (!enabled()) return;
  std::shared_ptr<JournalEntry> evicted;  // freed after the lock is let go
  std::lock_guard lock(mu_);
  auto it = buckets_.find(entry->merchant);
  if (it == buckets_.end()) {
    // Past the bound on merchants, a merchant's requests share the unknown client ids' bucket.
    if (!entry->merchant.empty() && buckets_.size() >= kMaxMerchants + 1) it = buckets_.find(std::string_view{});
    if (it == buckets_.end()) it = buckets_.emplace(entry->merchant.empty() ? std::string{} : entry->merchant, Bucket{}).first;
  }
  const std::size_t bound = it->first.empty() ? std::min(per_merchant_, kMaxShared) : per_merchant_;
  entry->seq = ++seq_;
  Bucket& bucket = it->second;
  bucket.entries.push_back(std::move(entry));
  ++size_;
  if (bucket.entries.size() > bound) {
    evicted = std::move(bucket.entries.front());
    bucket.entries.pop_front();
    --size_;
    ++bucket.dropped;
    dropped_total_.fetch_add(1, std::memory_order_relaxed);
    // Readers copy pointers only under this lock, so a count of one stays one. The fence orders
    // this thread's reuse after a reader's release of its copy (its decrement).
    if (evicted.use_count() == 1 && spares_.size() < kMaxSpares) {
      std::atomic_thread_fence(std::memory_order_acquire);
      spares_.push_back(std::move(evicted));
    }
  }
}

std::shared_ptr<JournalEntry> RequestJournal::blank_entry() {
  {
    std::lock_guard lock(mu_);
    if (!spares_.empty()) {
      auto e = std::move(spares_.back());
      spares_.pop_back();
      return e;
    }
  }
  return std::make_shared<JournalEntry>();
}

RequestJournal::Listing RequestJournal::list(const Query& q) const {
  Listing out;
  std::vector<std::shared_ptr<const JournalEntry>> page;
  {
    std::lock_guard lock(mu_);
    for (const auto& [merchant, bucket] : buckets_) {
      bool any = false;
      std::size_t taken = 0;  // newest first: a bucket gives at most limit + 1 to the page
      for (auto e = bucket.entries.rbegin(); e != bucket.entries.rend(); ++e) {
        if (!matches(**e, q)) continue;
        any = true;
        ++out.total;
        if (q.from && (*e)->seq > *q.from) continue;
        if (taken++ <= q.limit) page.push_back(*e);
      }
      if (any || (!q.merchant.empty() && merchant == q.merchant) || q.merchant.empty()) out.dropped += bucket.dropped;
    }
  }
  std::sort(page.begin(), page.end(), [](const auto& a, const auto& b) { return a->seq > b->seq; });
  if (page.size() > q.limit) {
    out.next = page[q.limit]->seq;
    page.resize(q.limit);
  }
  out.entries = std::move(page);
  return out;
}

std::shared_ptr<const JournalEntry> RequestJournal::find(std::uint64_t seq) const {
  std::lock_guard lock(mu_);
  for (const auto& [merchant, bucket] : buckets_) {
    const auto it = std::lower_bound(bucket.entries.begin(), bucket.entries.end(), seq,
                                     [](const auto& e, std::uint64_t s) { return e->seq < s; });
    if (it != bucket.entries.end() && (*it)->seq == seq) return *it;
  }
  return nullptr;
}

std::size_t RequestJournal::clear(std::string_view merchant) {
  std::vector<std::shared_ptr<JournalEntry>> freed;  // freed after the lock is let go
  std::lock_guard lock(mu_);
  std::size_t removed = 0;
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    auto& entries = it->second.entries;
    if (merchant.empty() || it->first == merchant) {
      removed += entries.size();
      for (auto& e : entries) freed.push_back(std::move(e));
      it = buckets_.erase(it);
      continue;
    }
    // The shared bucket holds unknown client ids: those sent as `merchant` go.
    const auto keep = std::stable_partition(entries.begin(), entries.end(),
                                            [&](const auto& e) { return !merchant_matches(*e, merchant); });
    for (auto e = keep; e != entries.end(); ++e) freed.push_back(std::move(*e));
    removed += static_cast<std::size_t>(entries.end() - keep);
    entries.erase(keep, entries.end());
    ++it;
  }
  size_ -= removed;
  return removed;
}

std::size_t RequestJournal::size() const {
  std::lock_guard lock(mu_);
  return size_;
}

}  // namespace antom::server
