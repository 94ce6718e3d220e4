// Retention of authorizations (--retention-days): an authorization goes, with its auth codes and
// every token issued for it, once nothing can change it any more and N days have passed; a live
// token, a page the buyer may still answer and a notification still to be sent keep it.
#include <doctest/doctest.h>

#include "state/authorization_flow.hpp"
#include "state/retention.hpp"
#include "tests/state/state_test_bed.hpp"

using namespace antom::state;
using namespace antom::state::test;
using namespace std::chrono_literals;

namespace {

constexpr auto kDay = std::chrono::hours(24);

struct Bed {
  MerchantState m = test_merchant();
  WalletTable wallets;
  std::string consulted(TimePoint at) {
    ConsultInput in;
    in.wallet = "GCASH";
    in.scopes = {"AGREEMENT_PAY"};
    in.auth_state = "st";
    in.redirect_url = "https://merchant.example/cb";
    in.terminal_type = "WEB";
    const auto c = consult(m, wallets, in, {}, at);
    REQUIRE(c.result.ok());
    return c.attempt_id;
  }
  // consult, approve and applyToken at `at`: the new token.
  AccessToken authorized(TimePoint at) {
    const auto d = approve_attempt(m, consulted(at), at);
    REQUIRE(d.state == AttemptState::Approved);
    const auto g = apply_token(m, wallets, ApplyTokenInput{"AUTHORIZATION_CODE", "GCASH", d.auth_code, {}}, {}, at);
    REQUIRE(g.result.ok());
    return g.token;
  }
  void deliver_all() {
    std::vector<std::string> ids;
    m.outbox.for_each([&](const OutboxRecord& r) { ids.push_back(r.id); });
    for (const auto& id : ids) m.outbox.find(id)->state = DeliveryState::Delivered;
  }
  // A scan at `cutoff` (each a fresh scan: the step between scans is tested with payments).
  std::uint64_t expire(TimePoint cutoff) {
    m.payments.retention_scanned_at.reset();
    return expire_finished_before(m, wallets, cutoff).authorizations;
  }
};

}  // namespace

TEST_CASE("a revoked authorization goes N days after the revoke, with its code, token and refresh token") {
  Bed b;
  const AccessToken t = b.authorized(kT0);
  REQUIRE_FALSE(t.refresh_token.empty());
  const std::string attempt = t.attempt_id;
  const std::string code = b.m.auth.attempts.at(attempt).auth_code;
  REQUIRE(revoke(b.m, t.access_token, {}, kT0 + kDay).ok());
  const AccessToken kept = b.authorized(kT0);  // another buyer's, still live
  b.deliver_all();

  CHECK(b.expire(kT0 + kDay) == 0);  // revoked at the cutoff: not before it
  CHECK(b.m.auth.tokens.contains(t.access_token));
  CHECK(b.expire(kT0 + kDay + 1ms) == 1);
  CHECK_FALSE(b.m.auth.attempts.contains(attempt));
  CHECK_FALSE(b.m.auth.codes.contains(code));
  CHECK_FALSE(b.m.auth.tokens.contains(t.access_token));
  CHECK_FALSE(b.m.auth.by_refresh_token.contains(t.refresh_token));
  CHECK(b.m.payments.expired().authorizations == 1);
  // The other authorization is whole, and its token still pays.
  CHECK(b.m.auth.attempts.contains(kept.attempt_id));
  CHECK(b.m.auth.by_refresh_token.contains(kept.refresh_token));
  CHECK(usable_token(b.m.auth, kept.access_token, kT0 + kDay + 1ms));
  // The dropped ids answer as unknown ones.
  CHECK(revoke(b.m, t.access_token, {}, kT0 + 2 * kDay).code == ResultCode::INVALID_ACCESS_TOKEN);
  CHECK(apply_token(b.m, b.wallets, ApplyTokenInput{"AUTHORIZATION_CODE", "GCASH", code, {}}, {}, kT0 + 2 * kDay).result.code ==
        ResultCode::INVALID_CODE);
  CHECK(apply_token(b.m, b.wallets, ApplyTokenInput{"REFRESH_TOKEN", "GCASH", {}, t.refresh_token}, {}, kT0 + 2 * kDay).result.code ==
        ResultCode::INVALID_REFRESH_TOKEN);
}

TEST_CASE("a live token keeps its authorization until it and its refresh token have expired") {
  Bed b;
  const AccessToken t = b.authorized(kT0);
  b.deliver_all();
  REQUIRE(t.refresh_expires_at > t.access_expires_at);
  CHECK(b.expire(t.access_expires_at + kDay) == 0);  // the refresh token still works
  CHECK(b.expire(t.refresh_expires_at) == 0);
  CHECK(b.expire(t.refresh_expires_at + 1ms) == 1);
  CHECK(b.m.auth.attempts.empty());
  CHECK(b.m.auth.tokens.empty());
}

TEST_CASE("a refreshed authorization goes with every token issued for it, once the newest ended") {
  Bed b;
  const AccessToken first = b.authorized(kT0);
  const auto g = apply_token(b.m, b.wallets, ApplyTokenInput{"REFRESH_TOKEN", "GCASH", {}, first.refresh_token}, {}, kT0 + kDay);
  REQUIRE(g.result.ok());
  b.deliver_all();
  CHECK(b.expire(kT0 + 10 * kDay) == 0);  // the first was replaced, the second is live
  REQUIRE(revoke(b.m, g.token.access_token, {}, kT0 + 20 * kDay).ok());
  b.deliver_all();
  CHECK(b.expire(kT0 + 20 * kDay + 1ms) == 1);
  CHECK(b.m.auth.tokens.empty());
  CHECK(b.m.auth.by_refresh_token.empty());
  CHECK(b.m.auth.codes.empty());
}

TEST_CASE("a page not answered, a code not used and a notification not sent keep an authorization") {
  const TimePoint far = kT0 + std::chrono::days(3650);
  SUBCASE("the buyer may still approve the page") {
    Bed b;
    const auto attempt = b.consulted(kT0);
    CHECK(b.expire(far) == 0);
    CHECK(b.m.auth.attempts.contains(attempt));
  }
  SUBCASE("a declined page goes N days after the decision") {
    Bed b;
    const auto attempt = b.consulted(kT0);
    REQUIRE(decline_attempt(b.m, attempt, kT0 + 1h).state == AttemptState::Declined);
    CHECK(b.expire(kT0 + 1h) == 0);
    CHECK(b.expire(kT0 + 1h + 1ms) == 1);
  }
  SUBCASE("an approved page whose code was never exchanged goes once the code expired") {
    Bed b;
    const auto attempt = b.consulted(kT0);
    const auto d = approve_attempt(b.m, attempt, kT0);
    const TimePoint code_expiry = b.m.auth.codes.at(d.auth_code).expires_at;
    b.deliver_all();
    CHECK(b.expire(code_expiry) == 0);
    CHECK(b.expire(code_expiry + 1ms) == 1);
    CHECK(b.m.auth.codes.empty());
  }
  SUBCASE("TOKEN_CANCELED still to be sent") {
    Bed b;
    const AccessToken t = b.authorized(kT0);
    REQUIRE(revoke(b.m, t.access_token, {}, kT0 + kDay).ok());
    CHECK(b.expire(far) == 0);
    b.deliver_all();
    CHECK(b.expire(far) == 1);
  }
}

TEST_CASE("a token that names no authorization (a hand-written document's) goes on its own") {
  Bed b;
  add_token(b.m, "loose", "GCASH", "buyer", kDay);  // no refresh token
  CHECK(b.expire(kT0 + kDay) == 0);
  CHECK(b.expire(kT0 + kDay + 1ms) == 1);
  CHECK(b.m.auth.tokens.empty());
}
