// Authorization attempts, auth codes and access tokens of one merchant.
#include <array>

#include "server/snapshot/doc_parts.hpp"
#include "state/authorizations.hpp"

namespace antom::server::snapshot_codec {
namespace {

using state::AttemptState;
using state::TokenState;
using state::WalletAction;

constexpr std::array<std::pair<AttemptState, std::string_view>, 4> kAttemptStates = {
    {{AttemptState::Pending, "PENDING"}, {AttemptState::Approved, "APPROVED"},
     {AttemptState::Declined, "DECLINED"}, {AttemptState::Abandoned, "ABANDONED"}}};
constexpr std::array<std::pair<TokenState, std::string_view>, 4> kTokenStates = {
    {{TokenState::Active, "ACTIVE"}, {TokenState::Revoked, "REVOKED"}, {TokenState::Canceled, "CANCELED"},
     {TokenState::Replaced, "REPLACED"}}};
constexpr std::array<std::pair<WalletAction, std::string_view>, 4> kWalletActions = {
    {{WalletAction::None, "NONE"}, {WalletAction::Approve, "APPROVE"}, {WalletAction::Decline, "DECLINE"},
     {WalletAction::Abandon, "ABANDON"}}};

template <class V, class A>
void attempt_fields(V& v, A& a) {
  v("id", a.id);
  v("wallet", a.wallet);
  v("scopes", a.scopes);
  v("authState", a.auth_state);
  v("redirectUrl", a.redirect_url);
  v("terminalType", a.terminal_type);
  v("osType", a.os_type);
  v("notifyUrl", a.notify_url);
  v("authClientId", a.auth_client_id);
  v("merchantAccountId", a.merchant_account_id);
  v("createdAt", a.created_at);
  v.enumeration("state", a.state, EnumNames<AttemptState>(kAttemptStates));
  v("authCode", a.auth_code);
  v("decidedAt", a.decided_at);
  v.enumeration("plannedAction", a.planned_action, EnumNames<WalletAction>(kWalletActions));
  v("plannedAt", a.planned_at);
  v("codeTtlMs", a.code_ttl);
  field(v, "notificationFaults", a.notification_faults);
  v("liveToken", a.live_token);
  v("buyerId", a.buyer_id);
  v("userLoginId", a.user_login_id);
  v("minted", a.minted);
}

template <class V, class C>
void code_fields(V& v, C& c) {
  v("code", c.code);
  v("attemptId", c.attempt_id);
  v("wallet", c.wallet);
  v("buyerId", c.buyer_id);
  v("createdAt", c.created_at);
  v("expiresAt", c.expires_at);
  v("used", c.used);
  v("usedAt", c.used_at);
}

template <class V, class T>
void token_fields(V& v, T& t) {
  v("accessToken", t.access_token);
  v("refreshToken", t.refresh_token);
  v("wallet", t.wallet);
  v("buyerId", t.buyer_id);
  v("userLoginId", t.user_login_id);
  v("attemptId", t.attempt_id);
  v("scopes", t.scopes);
  v("createdAt", t.created_at);
  v("accessExpiresAt", t.access_expires_at);
  v("refreshExpiresAt", t.refresh_expires_at);
  v.enumeration("state", t.state, EnumNames<TokenState>(kTokenStates));
  v("refreshUsed", t.refresh_used);
  v("endedAt", t.ended_at);
  v("endedReason", t.ended_reason);
}

}  // namespace

void write_authorizations(Out& out, const state::AuthorizationBook& book) {
  auto& w = out.writer();
  out.key("authorizations");
  w.StartObject();
  auto write_all = [&](std::string_view key, const auto& map, auto fill) {
    out.key(key);
    w.StartArray();
    for (const auto& [id, value] : map) {
      w.StartObject();
      fill(out, value);
      w.EndObject();
    }
    w.EndArray();
  };
  write_all("attempts", book.attempts, [](Out& o, const state::AuthAttempt& a) { attempt_fields(o, a); });
  write_all("codes", book.codes, [](Out& o, const state::AuthCode& c) { code_fields(o, c); });
  write_all("tokens", book.tokens, [](Out& o, const state::AccessToken& t) { token_fields(o, t); });
  w.EndObject();
}

void read_authorizations(In& in, state::AuthorizationBook& book) {
  in.object("authorizations", book, [](In& a, state::AuthorizationBook& b) {
    std::vector<state::AuthAttempt> attempts;
    std::vector<state::AuthCode> codes;
    std::vector<state::AccessToken> tokens;
    a.array("attempts", attempts, [](In& i, state::AuthAttempt& x) { attempt_fields(i, x); });
    a.array("codes", codes, [](In& i, state::AuthCode& x) { code_fields(i, x); });
    a.array("tokens", tokens, [](In& i, state::AccessToken& x) { token_fields(i, x); });
    const std::string base = a.pointer();
    for (std::size_t i = 0; i < attempts.size() && a.ok(); ++i) {
      auto& x = attempts[i];
      if (x.id.empty()) return a.fail("attempts/" + std::to_string(i) + "/id", "is required");
      if (x.state == AttemptState::Pending && x.planned_action != WalletAction::None) b.planned.emplace(x.planned_at, x.id);
      const std::string id = x.id;
      if (!b.attempts.emplace(id, std::move(x)).second) return a.fail("attempts/" + std::to_string(i) + "/id", "is given twice");
    }
    for (std::size_t i = 0; i < codes.size() && a.ok(); ++i) {
      const std::string code = codes[i].code;
      if (code.empty()) return a.fail("codes/" + std::to_string(i) + "/code", "is required");
      if (!b.codes.emplace(code, std::move(codes[i])).second) return a.fail("codes/" + std::to_string(i) + "/code", "is given twice");
    }
    for (std::size_t i = 0; i < tokens.size() && a.ok(); ++i) {
      const std::string token = tokens[i].access_token;
      if (token.empty()) return a.fail("tokens/" + std::to_string(i) + "/accessToken", "is required");
      if (!tokens[i].refresh_token.empty()) b.by_refresh_token[tokens[i].refresh_token] = token;
      if (!b.tokens.emplace(token, std::move(tokens[i])).second)
        return a.fail("tokens/" + std::to_string(i) + "/accessToken", "is given twice");
    }
  });
}

}  // namespace antom::server::snapshot_codec
