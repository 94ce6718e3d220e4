// The authorization lifecycle in state: consult, wallet decision, applyToken, refresh, revoke,
// wallet-side cancel, expiry on the clock, and the notifications each step queues.
#include <doctest/doctest.h>

#include "state/authorization_flow.hpp"
#include "state/tick.hpp"
#include "tests/state/state_test_bed.hpp"

using namespace antom::state;
using namespace antom::state::test;
using namespace std::chrono_literals;

namespace {

MerchantState merchant() { return test_merchant(42); }

ConsultInput gcash_consult(std::string wallet = "GCASH") {
  ConsultInput in;
  in.wallet = std::move(wallet);
  in.scopes = {"AGREEMENT_PAY"};
  in.auth_state = "st-1";
  in.redirect_url = "https://merchant.example/cb";
  in.terminal_type = "WEB";
  return in;
}

std::string text(const Fields& f, std::string_view name) {
  const FieldValue* v = find(f, name);
  return v && std::holds_alternative<std::string>(v->value) ? std::get<std::string>(v->value) : std::string("<absent>");
}

std::vector<OutboxRecord> notices(const MerchantState& m) {
  std::vector<OutboxRecord> out;
  m.outbox.for_each([&](const OutboxRecord& r) { out.push_back(r); });
  return out;
}

OutboxRecord last_notice(const MerchantState& m) {
  auto all = notices(m);
  REQUIRE(!all.empty());
  return all.back();
}

// consult + approve; returns the authCode.
std::string approved_code(MerchantState& m, const WalletTable& w, const std::string& wallet = "GCASH") {
  auto c = consult(m, w, gcash_consult(wallet), {}, kT0);
  REQUIRE(c.result.ok());
  auto d = approve_attempt(m, c.attempt_id, kT0);
  REQUIRE(d.state == AttemptState::Approved);
  return d.auth_code;
}

TokenGrant exchange(MerchantState& m, const WalletTable& w, const std::string& code, TimePoint now,
                    const std::string& wallet = "GCASH") {
  return apply_token(m, w, ApplyTokenInput{"AUTHORIZATION_CODE", wallet, code, {}}, {}, now);
}

TokenGrant refresh(MerchantState& m, const WalletTable& w, const std::string& rt, TimePoint now,
                   const std::string& wallet = "GCASH") {
  return apply_token(m, w, ApplyTokenInput{"REFRESH_TOKEN", wallet, {}, rt}, {}, now);
}

}  // namespace

TEST_CASE("consult records a pending attempt and rejects unknown wallets and empty scopes") {
  WalletTable w;
  auto m = merchant();
  auto ok = consult(m, w, gcash_consult(), {}, kT0);
  CHECK(ok.result.ok());
  REQUIRE(m.auth.attempts.count(ok.attempt_id) == 1);
  const AuthAttempt& a = m.auth.attempts.at(ok.attempt_id);
  CHECK(a.state == AttemptState::Pending);
  CHECK(a.auth_state == "st-1");
  CHECK(a.code_ttl == Millis(w.find("GCASH")->auth_code_ttl));
  CHECK((m.outbox.size() == 0));

  auto unknown = consult(m, w, gcash_consult("NOT_A_WALLET"), {}, kT0);
  CHECK(unknown.result.code == ResultCode::PARAM_ILLEGAL);
  CHECK(unknown.result.message.find("customerBelongsTo") != std::string::npos);
  auto no_scopes = gcash_consult();
  no_scopes.scopes.clear();
  CHECK(consult(m, w, no_scopes, {}, kT0).result.code == ResultCode::PARAM_ILLEGAL);
  CHECK(m.auth.attempts.size() == 1);
}

TEST_CASE("approval issues a code, queues AUTHCODE_CREATED, and a second decision changes nothing") {
  WalletTable w;
  auto m = merchant();
  auto in = gcash_consult();
  in.notify_url = "https://merchant.example/notify";
  in.auth_client_id = "SUB-1";
  auto c = consult(m, w, in, {}, kT0);
  auto d = approve_attempt(m, c.attempt_id, kT0);
  CHECK(d.changed);
  CHECK(!d.auth_code.empty());
  CHECK(d.redirect_url == "https://merchant.example/cb");
  const OutboxRecord n = last_notice(m);
  CHECK(n.kind == NotifyKind::Authorization);
  CHECK(n.notify_type == "AUTHCODE_CREATED");
  CHECK(n.url == "https://merchant.example/notify");
  CHECK(text(n.payload, "authorizationNotifyType") == "AUTHCODE_CREATED");
  CHECK(text(n.payload, "authCode") == d.auth_code);
  CHECK(text(n.payload, "authState") == "st-1");
  CHECK(text(n.payload, "authClientId") == "SUB-1");
  CHECK(find(n.payload, "result") != nullptr);

  auto again = approve_attempt(m, c.attempt_id, kT0 + 1s);
  CHECK(!again.changed);
  CHECK(again.auth_code == d.auth_code);
  auto late_decline = decline_attempt(m, c.attempt_id, kT0 + 2s);
  CHECK(!late_decline.changed);
  CHECK(late_decline.state == AttemptState::Approved);
  CHECK(m.outbox.size() == 1);
  CHECK(!approve_attempt(m, "aut_unknown", kT0).found);
}

TEST_CASE("decline leaves no code and no notification") {
  WalletTable w;
  auto m = merchant();
  auto c = consult(m, w, gcash_consult(), {}, kT0);
  auto d = decline_attempt(m, c.attempt_id, kT0);
  CHECK(d.state == AttemptState::Declined);
  CHECK(d.auth_code.empty());
  CHECK(m.auth.codes.empty());
  CHECK((m.outbox.size() == 0));
  CHECK(!approve_attempt(m, c.attempt_id, kT0).changed);
}

TEST_CASE("applyToken exchanges a code once, per wallet lifetimes, and queues TOKEN_CREATED") {
  WalletTable w;
  auto m = merchant();
  const std::string code = approved_code(m, w);
  const WalletSpec& gcash = *w.find("GCASH");

  SUBCASE("wrong wallet, unknown code") {
    CHECK(exchange(m, w, code, kT0, "DANA").result.code == ResultCode::INVALID_CODE);
    CHECK(exchange(m, w, "nope", kT0).result.code == ResultCode::INVALID_CODE);
    CHECK(exchange(m, w, code, kT0, "NOT_A_WALLET").result.code == ResultCode::PARAM_ILLEGAL);
    CHECK(exchange(m, w, code, kT0).result.ok());  // failures above did not consume it
  }
  SUBCASE("success, then used") {
    auto g = exchange(m, w, code, kT0 + 5s);
    REQUIRE(g.result.ok());
    CHECK(g.with_login);
    CHECK(!g.token.access_token.empty());
    CHECK(!g.token.refresh_token.empty());
    CHECK(g.token.access_expires_at == kT0 + 5s + Millis(gcash.access_token_ttl));
    CHECK(g.token.refresh_expires_at == kT0 + 5s + Millis(gcash.refresh_token_ttl));
    CHECK(g.token.user_login_id.find("****") != std::string::npos);
    CHECK(usable_token(m.auth, g.token.access_token, kT0 + 6s).has_value());
    const OutboxRecord n = last_notice(m);
    CHECK(n.notify_type == "TOKEN_CREATED");
    CHECK(text(n.payload, "accessToken") == g.token.access_token);
    CHECK(text(n.payload, "authState") == "st-1");
    CHECK(exchange(m, w, code, kT0 + 6s).result.code == ResultCode::USED_CODE);
  }
  SUBCASE("expired exactly at its expiry time") {
    CHECK(exchange(m, w, code, kT0 + Millis(gcash.auth_code_ttl)).result.code == ResultCode::EXPIRED_CODE);
  }
  SUBCASE("valid one millisecond before expiry") {
    CHECK(exchange(m, w, code, kT0 + Millis(gcash.auth_code_ttl) - 1ms).result.ok());
  }
}

TEST_CASE("refresh replaces the token; the old refresh token is used, expiry rules hold") {
  WalletTable w;
  auto m = merchant();
  auto first = exchange(m, w, approved_code(m, w), kT0);
  REQUIRE(first.result.ok());
  const WalletSpec& gcash = *w.find("GCASH");
  const TimePoint after_access = first.token.access_expires_at + 1s;
  CHECK(!usable_token(m.auth, first.token.access_token, after_access).has_value());  // expired cannot pay

  auto second = refresh(m, w, first.token.refresh_token, after_access);  // refresh still works
  REQUIRE(second.result.ok());
  CHECK(second.token.access_token != first.token.access_token);
  CHECK(second.token.refresh_token != first.token.refresh_token);
  CHECK(second.token.refresh_expires_at == first.token.refresh_expires_at);
  CHECK(second.token.buyer_id == first.token.buyer_id);
  CHECK(usable_token(m.auth, second.token.access_token, after_access).has_value());
  CHECK(m.auth.tokens.at(first.token.access_token).state == TokenState::Replaced);
  CHECK(refresh(m, w, first.token.refresh_token, after_access).result.code == ResultCode::USED_REFRESH_TOKEN);
  CHECK(refresh(m, w, "unknown", after_access).result.code == ResultCode::INVALID_REFRESH_TOKEN);
  CHECK(refresh(m, w, second.token.refresh_token, after_access, "DANA").result.code ==
        ResultCode::INVALID_REFRESH_TOKEN);
  CHECK(refresh(m, w, second.token.refresh_token, first.token.refresh_expires_at).result.code ==
        ResultCode::EXPIRED_REFRESH_TOKEN);
  CHECK(first.token.refresh_expires_at == kT0 + Millis(gcash.refresh_token_ttl));
}

TEST_CASE("a wallet without refresh issues no refresh token and refuses the refresh grant") {
  WalletTable w;
  auto m = merchant();
  auto g = exchange(m, w, approved_code(m, w, "ZALOPAY"), kT0, "ZALOPAY");
  REQUIRE(g.result.ok());
  CHECK(g.token.refresh_token.empty());
  CHECK(g.token.access_expires_at == kT0 + Millis(w.find("ZALOPAY")->access_token_ttl));
  CHECK(refresh(m, w, "anything", kT0, "ZALOPAY").result.code == ResultCode::INVALID_REFRESH_TOKEN);
}

TEST_CASE("revoke kills the access and refresh token at once and queues TOKEN_CANCELED") {
  WalletTable w;
  auto m = merchant();
  auto g = exchange(m, w, approved_code(m, w), kT0);
  CHECK(revoke(m, g.token.access_token, {}, kT0 + 1s).ok());
  CHECK(!usable_token(m.auth, g.token.access_token, kT0 + 2s).has_value());
  CHECK(refresh(m, w, g.token.refresh_token, kT0 + 2s).result.code == ResultCode::INVALID_REFRESH_TOKEN);
  const OutboxRecord n = last_notice(m);
  CHECK(n.notify_type == "TOKEN_CANCELED");
  CHECK(text(n.payload, "accessToken") == g.token.access_token);
  CHECK(revoke(m, g.token.access_token, {}, kT0 + 3s).code == ResultCode::INVALID_ACCESS_TOKEN);
  CHECK(revoke(m, "unknown", {}, kT0).code == ResultCode::INVALID_ACCESS_TOKEN);
  CHECK(cancel_in_wallet(m, w, g.token.access_token, kT0 + 4s).status == WalletCancel::Status::NotSupported);
}

TEST_CASE("wallet-side cancel ends the live token of the authorization and says why") {
  WalletTable w;
  auto m = merchant();
  auto g = exchange(m, w, approved_code(m, w, "BOOST"), kT0, "BOOST");
  auto r = refresh(m, w, g.token.refresh_token, kT0 + 1h, "BOOST");
  const std::string attempt_id = g.token.attempt_id;
  auto ended = cancel_in_wallet(m, w, attempt_id, kT0 + 2h);
  REQUIRE(ended.status == WalletCancel::Status::Cancelled);
  CHECK(ended.access_token == r.token.access_token);  // the newest token, found from the attempt id
  CHECK(ended.notified);
  CHECK(!usable_token(m.auth, r.token.access_token, kT0 + 2h).has_value());
  const OutboxRecord n = last_notice(m);
  CHECK(n.notify_type == "TOKEN_CANCELED");
  CHECK(text(n.payload, "reason") != "<absent>");
  CHECK(cancel_in_wallet(m, w, attempt_id, kT0 + 3h).status == WalletCancel::Status::NoActiveToken);
  CHECK(revoke(m, r.token.access_token, {}, kT0 + 3h).code == ResultCode::INVALID_ACCESS_TOKEN);
}

TEST_CASE("wallet-side cancel follows the wallet table: TrueMoney cancels silently, GCash not at all") {
  WalletTable w;
  auto m = merchant();
  auto tm = exchange(m, w, approved_code(m, w, "TRUEMONEY"), kT0, "TRUEMONEY");
  const auto before = notices(m).size();
  auto ended = cancel_in_wallet(m, w, tm.token.access_token, kT0 + 1s);
  CHECK(ended.status == WalletCancel::Status::Cancelled);
  CHECK_FALSE(ended.notified);
  CHECK(notices(m).size() == before);
  CHECK(!usable_token(m.auth, tm.token.access_token, kT0 + 2s).has_value());
  auto gc = exchange(m, w, approved_code(m, w), kT0);
  CHECK(cancel_in_wallet(m, w, gc.token.access_token, kT0 + 1s).status == WalletCancel::Status::NotSupported);
  CHECK(usable_token(m.auth, gc.token.access_token, kT0 + 2s).has_value());
}

TEST_CASE("scenario directives: forced codes, ttl override, immediate and late wallet decisions") {
  WalletTable w;
  auto m = merchant();
  SUBCASE("forced failure records nothing") {
    Directive d;
    d.force = ResultCode::RISK_REJECT;
    CHECK(consult(m, w, gcash_consult(), d, kT0).result.code == ResultCode::RISK_REJECT);
    CHECK(m.auth.attempts.empty());
    const std::string code = approved_code(m, w);
    d.force = ResultCode::AUTH_IN_PROCESS;
    CHECK(apply_token(m, w, {"AUTHORIZATION_CODE", "GCASH", code, {}}, d, kT0).result.code ==
          ResultCode::AUTH_IN_PROCESS);
    CHECK(exchange(m, w, code, kT0).result.ok());
  }
  SUBCASE("ttl override shortens the code and the token") {
    Directive d;
    d.ttl_override = 30s;
    auto c = consult(m, w, gcash_consult(), d, kT0);
    auto code = approve_attempt(m, c.attempt_id, kT0).auth_code;
    CHECK(exchange(m, w, code, kT0 + 30s).result.code == ResultCode::EXPIRED_CODE);
    auto code2 = approved_code(m, w);
    auto g = apply_token(m, w, {"AUTHORIZATION_CODE", "GCASH", code2, {}}, d, kT0);
    CHECK(g.token.access_expires_at == kT0 + 30s);
  }
  SUBCASE("immediate decline and abandon") {
    Directive d;
    d.wallet_action = WalletAction::Decline;
    auto c = consult(m, w, gcash_consult(), d, kT0);
    CHECK(m.auth.attempts.at(c.attempt_id).state == AttemptState::Declined);
    d.wallet_action = WalletAction::Abandon;
    auto c2 = consult(m, w, gcash_consult(), d, kT0);
    CHECK(m.auth.attempts.at(c2.attempt_id).state == AttemptState::Abandoned);
    CHECK(!approve_attempt(m, c2.attempt_id, kT0).changed);
  }
  SUBCASE("late approval happens on the clock, with faults on its notification") {
    Directive d;
    d.wallet_action = WalletAction::Approve;
    d.wallet_delay = 90s;
    d.notification_faults = {.drop = true};
    auto c = consult(m, w, gcash_consult(), d, kT0);
    advance_authorizations(m, kT0 + 89s);
    CHECK(m.auth.attempts.at(c.attempt_id).state == AttemptState::Pending);
    advance_authorizations(m, kT0 + 120s);
    const AuthAttempt& a = m.auth.attempts.at(c.attempt_id);
    CHECK(a.state == AttemptState::Approved);
    CHECK(a.decided_at == kT0 + 90s);
    CHECK(m.auth.codes.at(a.auth_code).expires_at == kT0 + 90s + a.code_ttl);
    CHECK(last_notice(m).faults.drop);
  }
  SUBCASE("a click before the late decision wins") {
    Directive d;
    d.wallet_action = WalletAction::Decline;
    d.wallet_delay = 60s;
    auto c = consult(m, w, gcash_consult(), d, kT0);
    CHECK(approve_attempt(m, c.attempt_id, kT0 + 10s).changed);
    advance_authorizations(m, kT0 + 120s);
    CHECK(m.auth.attempts.at(c.attempt_id).state == AttemptState::Approved);
  }
}

TEST_CASE("minted tokens pay like consented ones and are found by any id") {
  WalletTable w;
  auto m = merchant();
  auto t = mint_token(m, w, MintInput{"TNG", {"AGREEMENT_PAY"}, std::nullopt}, kT0);
  REQUIRE(t.has_value());
  auto view = usable_token(m.auth, t->access_token, kT0);
  REQUIRE(view.has_value());
  CHECK(view->wallet == "TNG");
  CHECK(find_authorization(m.auth, t->refresh_token) == find_authorization(m.auth, t->access_token));
  CHECK(!mint_token(m, w, MintInput{"NOPE", {"AGREEMENT_PAY"}, std::nullopt}, kT0).has_value());
  CHECK((m.outbox.size() == 0));
}

TEST_CASE("every wallet in the table goes through consult, approve, applyToken and pay-readiness") {
  WalletTable w;
  for (const WalletSpec& spec : w.all()) {
    CAPTURE(spec.code);
    auto m = merchant();
    auto g = exchange(m, w, approved_code(m, w, spec.code), kT0, spec.code);
    REQUIRE(g.result.ok());
    CHECK(g.token.wallet == spec.code);
    CHECK(g.token.refresh_token.empty() == !spec.supports_refresh);
    auto view = usable_token(m.auth, g.token.access_token, kT0 + 1s);
    REQUIRE(view.has_value());
    CHECK(view->wallet == spec.code);
    CHECK(!view->buyer_id.empty());
  }
}
