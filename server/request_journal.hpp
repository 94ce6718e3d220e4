#pragma once
// The request journal (GET /_sim/requests): each Antom API request as received, what verification
// and validation found, the scenario and fault applied, the answer sent and how long it took.
// WireMock's journal is the model; unlike it, memory is bounded: at most `per_merchant` entries per
// registered merchant, kMaxMerchants merchants, and one shared bucket for unknown client ids (and
// merchants past the bound); the oldest entry goes first, and drops are counted. Entries are built
// by the caller outside the lock and kept as shared, immutable records: the lock guards only the
// move in and the copy of pointers out; JSON is written outside it.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/http/raw_message.hpp"
#include "server/protocol/signature_diagnosis.hpp"
#include "state/result_code.hpp"
#include "state/time.hpp"

namespace antom::server {

// How far a request got through a step of the pipeline.
enum class JournalStep {
  NotReached,  // refused at an earlier step
  Passed,
  Skipped,     // verification with --verify-signatures off
  Failed,
};
[[nodiscard]] std::string_view to_string(JournalStep step);

// Entries are reused (RequestJournal::blank_entry): journal_exchange in server/protocol/pipeline.cpp
// sets every member, and a member added here must be set there too.
struct JournalEntry {
  std::uint64_t seq = 0;                  // set by RequestJournal::add; the id is "req-<seq>"
  std::string merchant;                   // registered Client-Id; "" = not a registered merchant
  std::string client_id;                  // the client-id header as sent
  state::TimePoint received{};            // virtual clock (formatted only when shown)
  std::chrono::system_clock::time_point received_wall{};
  std::string method;
  std::string path;                       // the target as received
  Headers request_headers;                // every header, as received
  std::string request_body;               // at most kMaxStoredBody bytes
  std::size_t request_body_length = 0;    // as received
  bool request_body_too_large = false;    // over --body-limit: never read
  std::string_view operation;             // the operation table's name; "" = no operation at that path
  JournalStep verification = JournalStep::NotReached;
  std::optional<SignatureDiagnosis> diagnosis;  // why INVALID_SIGNATURE
  JournalStep validation = JournalStep::NotReached;
  std::string refusal;                    // the answer's message when a step failed
  std::string scenario;                   // "" = none shaped the answer
  std::string scenario_via;
  std::string rule;
  std::string_view http_fault;            // "" = none
  WireAction action = WireAction::Write;
  std::chrono::milliseconds delay{0};
  std::chrono::milliseconds stall{0};
  int status = 200;
  Headers response_headers;               // as the simulator set them (the HTTP layer adds framing)
  std::string response_body;              // at most kMaxStoredBody bytes
  std::size_t response_body_length = 0;
  std::string result_code;                // the resultCode answered, or what stood in for it (HTTP_502)
  std::optional<state::ResultStatus> result_status;
  std::string payment_request_id, payment_id, refund_request_id, refund_id;
  std::int64_t micros = 0;                // handling time, without a scenario's delay

  // "req-<seq>"
  [[nodiscard]] std::string id() const;
  // The entry as the control API shows it.
  [[nodiscard]] std::string to_json() const;
};

// "req-<n>" -> n; nullopt when malformed.
[[nodiscard]] std::optional<std::uint64_t> parse_journal_id(std::string_view id);

class RequestJournal {
 public:
  static constexpr std::size_t kDefaultPerMerchant = 1000;
  static constexpr std::size_t kMaxPerMerchant = 100000;
  static constexpr std::size_t kMaxMerchants = 1000;
  static constexpr std::size_t kMaxShared = 100;  // the shared bucket's bound (or per_merchant, if smaller)
  static constexpr std::size_t kMaxStoredBody = 64 * 1024;
  static constexpr std::size_t kMaxSpares = 8;  // dropped entries kept for reuse

  explicit RequestJournal(std::size_t per_merchant) : per_merchant_(per_merchant) {}
  RequestJournal(const RequestJournal&) = delete;
  RequestJournal& operator=(const RequestJournal&) = delete;

  [[nodiscard]] bool enabled() const { return per_merchant_ > 0; }
  [[nodiscard]] std::size_t per_merchant() const { return per_merchant_; }

  void add(std::shared_ptr<JournalEntry> entry);
  // An entry to fill for add(): one the journal dropped and nobody holds, or a new one. A reused
  // entry still has its old contents, and its strings their buffers: the caller sets every member,
  // and a full journal then allocates nothing. Against a new entry per request (16 allocations,
  // freed when dropped) that is ~3 % of c64 throughput with verification and signing off
  // (gateway_bench, 2026-12-05: 50-54k against 48-52k req/s), which the 60 000 req/s goal needs.
  [[nodiscard]] std::shared_ptr<JournalEntry> blank_entry();

  struct Query {
    std::string merchant;  // registered Client-Id or a client-id as sent; "" = all
    std::string operation, result_code, payment_id, payment_request_id;  // "" = any
    std::optional<std::uint64_t> from;  // the cursor: entries with seq <= from
    std::size_t limit = 100;
  };
  struct Listing {
    std::vector<std::shared_ptr<const JournalEntry>> entries;  // newest first
    std::size_t total = 0;                  // matches over the whole journal
    std::uint64_t dropped = 0;              // dropped from the buckets looked at, since they were cleared
    std::optional<std::uint64_t> next;      // the next page's cursor
  };
  [[nodiscard]] Listing list(const Query& query) const;
  [[nodiscard]] std::shared_ptr<const JournalEntry> find(std::uint64_t seq) const;
  // Removes every entry (merchant "") or those of one merchant; returns how many.
  std::size_t clear(std::string_view merchant = {});

  [[nodiscard]] std::size_t size() const;
  [[nodiscard]] std::uint64_t dropped_total() const { return dropped_total_.load(std::memory_order_relaxed); }

 private:
  struct Bucket {
    std::deque<std::shared_ptr<JournalEntry>> entries;  // oldest first
    std::uint64_t dropped = 0;
  };

  const std::size_t per_merchant_;
  mutable std::mutex mu_;
  std::map<std::string, Bucket, std::less<>> buckets_;  // "" = the shared bucket
  std::vector<std::shared_ptr<JournalEntry>> spares_;   // dropped entries nobody holds, for reuse
  std::uint64_t seq_ = 0;
  std::size_t size_ = 0;
  std::atomic<std::uint64_t> dropped_total_{0};
};

}  // namespace antom::server
