#pragma once
// Payments, refunds, declarations and buyer balances of one merchant, as compact plain values.
// Records live in deques (stable addresses) and are found through indexes whose keys are views
// into the records themselves, so an id is stored once; copying the book rebuilds the indexes.
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "state/buyers.hpp"
#include "state/key_index.hpp"
#include "state/money.hpp"
#include "state/notify_faults.hpp"
#include "state/result_code.hpp"
#include "state/settlement.hpp"
#include "state/time.hpp"

namespace antom::state {

enum class PaymentStatus : std::uint8_t { Processing, Success, Fail, Cancelled };
enum class RefundStatus : std::uint8_t { Processing, Success, Fail };
enum class DeclarationStatus : std::uint8_t { Processing, Success, Fail };

[[nodiscard]] std::string_view to_string(PaymentStatus s);
struct Payment;
// PENDING is PROCESSING that a scenario asked to report as "user done, final result to follow".
[[nodiscard]] bool is_reported_pending(const Payment& p);
[[nodiscard]] std::string_view to_string(RefundStatus s);
[[nodiscard]] std::string_view to_string(DeclarationStatus s);

// A PROCESSING outcome waiting to settle: at `due` on the virtual clock, or once
// `inquiries_left` more inquiries have seen it (whichever comes first).
struct PendingSettle {
  TimePoint due = TimePoint::max();
  ResultCode code = ResultCode::SUCCESS;
  std::uint16_t inquiries_left = 0;  // 0 = not inquiry driven
  bool report_pending = false;       // reported as PENDING (user done, final result to follow)
};

struct Payment {
  std::string payment_id;
  std::string payment_request_id;
  std::string wallet;            // paymentMethodType
  std::string buyer_id;          // the simulated wallet user behind the token
  std::string buyer_login_id;    // their masked login id (pspCustomerInfo.displayCustomerId)
  std::string reference_order_id;
  std::string order_description;
  std::string notify_url;        // paymentNotifyUrl; empty = merchant default
  Money amount;
  std::uint64_t fingerprint = 0; // hash of the idempotency key fields
  PaymentStatus status = PaymentStatus::Processing;
  ResultCode result_code = ResultCode::PAYMENT_IN_PROCESS;
  bool debited = false;          // the buyer's balance was charged (cancel gives it back)
  bool need_declaration = false;
  std::string result_message;    // only a scenario's specific text; empty = the code's default
  TimePoint created_at{};
  TimePoint finished_at{};       // SUCCESS or FAIL time
  TimePoint expires_at{};        // paymentExpiryTime
  TimePoint cancelled_at{};
  bool cancelled_after_success = false;  // captured funds returned: a CANCEL line in settlement
  std::int64_t refunded = 0;     // SUCCESS + PROCESSING refunds, minor units
  std::int64_t declared = 0;     // CNY minor units over all declarations
  std::vector<std::uint32_t> refunds;  // indexes into PaymentBook::refunds()
  std::optional<PendingSettle> pending;
  NotifyFaults notification_faults;
  std::optional<Settlement> settlement;  // settled in another currency: quote locked at pay time
};

struct Refund {
  std::string refund_id;
  std::string refund_request_id;
  std::string payment_id;
  std::string reference_refund_id;
  std::string notify_url;        // refundNotifyUrl; empty = merchant default
  std::string metadata;          // echoed in notifyRefund
  Money amount;
  std::uint64_t fingerprint = 0;
  RefundStatus status = RefundStatus::Processing;
  ResultCode result_code = ResultCode::REFUND_IN_PROCESS;
  std::string result_message;
  TimePoint created_at{};
  TimePoint finished_at{};
  std::optional<PendingSettle> pending;
  NotifyFaults notification_faults;
  std::optional<Settlement> settlement;  // at the rate of the refund's time
  // REFUND_REVERSAL (a scenario: the bank returned a successful refund): how long after success,
  // when it is due once the refund succeeded, and when it happened. inquiryRefund still says SUCCESS.
  std::optional<Millis> reverse_after;
  std::optional<TimePoint> reversal_due;
  std::optional<TimePoint> reversed_at;
};

struct Declaration {
  std::string declaration_request_id;
  std::string payment_id;
  Money amount;                  // CNY
  std::string customs_code;
  std::string customs_region;
  std::string merchant_customs_code;
  std::string merchant_customs_name;
  bool split_order = false;
  std::string sub_order_id;
  bool has_certificate = false;
  std::string customs_payment_id;
  std::string customs_order_id;
  std::uint64_t fingerprint = 0;
  DeclarationStatus status = DeclarationStatus::Processing;
  TimePoint created_at{};
  TimePoint modified_at{};
  TimePoint returns_at{};        // when customs answers (virtual clock)
  bool customs_rejects = false;  // a scenario made customs reject it
  int modifications = 0;
};

// Records dropped by retention (state/retention.hpp).
struct ExpiredRecords {
  std::uint64_t payments = 0;
  std::uint64_t refunds = 0;
  std::uint64_t declarations = 0;
  std::uint64_t authorizations = 0;  // each with its auth codes and access tokens
  ExpiredRecords& operator+=(const ExpiredRecords& o) {
    payments += o.payments;
    refunds += o.refunds;
    declarations += o.declarations;
    authorizations += o.authorizations;
    return *this;
  }
  [[nodiscard]] std::uint64_t total() const { return payments + refunds + declarations + authorizations; }
};

class PaymentBook {
 public:
  [[nodiscard]] Payment* payment(std::string_view payment_id);
  [[nodiscard]] Payment* payment_by_request(std::string_view payment_request_id);
  Payment& add(Payment p);

  [[nodiscard]] Refund* refund(std::string_view refund_id);
  [[nodiscard]] Refund* refund_by_request(std::string_view refund_request_id);
  Refund& add(Refund r);

  // Positions in payments() / refunds(), for listings that page by position.
  [[nodiscard]] std::optional<std::uint32_t> payment_position(std::string_view payment_id) const;
  [[nodiscard]] std::optional<std::uint32_t> payment_position_by_request(std::string_view payment_request_id) const;
  [[nodiscard]] std::optional<std::uint32_t> refund_position_by_request(std::string_view refund_request_id) const;

  [[nodiscard]] Declaration* declaration(std::string_view declaration_request_id);
  [[nodiscard]] std::optional<std::uint32_t> declaration_index(std::string_view declaration_request_id) const;
  Declaration& add(Declaration d);

  // Drops the payments whose positions are marked in `drop` (one flag per payment), with their
  // refunds and declarations, and their ids and idempotency keys: positions move, the indexes and
  // the pending lists are rebuilt. Returns what was dropped; expired() adds it up.
  ExpiredRecords remove_payments(const std::vector<bool>& drop);
  // The merchant's retention tally: these payments' records, and the authorizations retention
  // dropped (counted here, next to them, by expire_finished_before).
  [[nodiscard]] const ExpiredRecords& expired() const { return expired_; }
  void set_expired(const ExpiredRecords& expired) { expired_ = expired; }  // a snapshot's import
  void count_expired_authorizations(std::uint64_t n) { expired_.authorizations += n; }

  [[nodiscard]] const std::deque<Payment>& payments() const { return payments_; }
  [[nodiscard]] const std::deque<Refund>& refunds() const { return refunds_; }
  [[nodiscard]] std::deque<Refund>& refunds() { return refunds_; }
  [[nodiscard]] std::deque<Payment>& payments() { return payments_; }
  [[nodiscard]] const std::deque<Declaration>& declarations() const { return declarations_; }
  [[nodiscard]] std::deque<Declaration>& declarations() { return declarations_; }

  BuyerBook buyers;
  // Indexes of records still waiting for the clock, so a tick never scans the whole book.
  std::vector<std::uint32_t> pending_payments;
  std::vector<std::uint32_t> pending_refunds;  // PROCESSING, or SUCCESS with a reversal due
  std::vector<std::uint32_t> pending_declarations;
  std::optional<TimePoint> retention_scanned_at;  // the cutoff of the last retention scan (state/retention.cpp)

 private:
  std::deque<Payment> payments_;
  std::deque<Refund> refunds_;
  std::deque<Declaration> declarations_;
  KeyIndex payment_by_id_;
  KeyIndex payment_by_request_;
  KeyIndex refund_by_id_;
  KeyIndex refund_by_request_;
  KeyIndex declaration_by_request_;
  ExpiredRecords expired_;
};

// FNV-1a over the idempotency key fields, separated so ("ab","c") != ("a","bc").
[[nodiscard]] std::uint64_t fingerprint_of(std::initializer_list<std::string_view> parts);

}  // namespace antom::state
