#include "bench/support/stored_payments.hpp"

#include "state/payment_flow.hpp"

namespace antom::bench {

void store_payments(server::App& app, const std::string& client_id, std::size_t count, const std::string& prefix,
                    const std::function<void(std::size_t, const state::Payment&)>& on_each) {
  const auto wallets = app.world.wallets(client_id);
  const auto now = app.world.now(client_id);
  state::Directive forced;  // skip the buyer's balance so every payment fits one buyer
  forced.force = state::ResultCode::SUCCESS;
  app.world.with_merchant(client_id, [&](state::MerchantState& m) {
    state::AccessToken t;
    t.access_token = "tok";
    t.wallet = "GCASH";
    t.buyer_id = "buyer";
    t.access_expires_at = now + std::chrono::hours(24 * 365);
    m.auth.tokens.emplace("tok", t);
    for (std::size_t i = 0; i < count; ++i) {
      state::PayRequest r;
      r.payment_request_id = prefix + "-" + std::to_string(i);
      r.wallet = "GCASH";
      r.access_token = "tok";
      r.reference_order_id = "ORD-" + std::to_string(i);
      r.order_description = prefix + " benchmark";
      r.amount = state::Money{29900, "PHP"};
      auto out = state::pay(m, r, *wallets, forced, now);
      if (on_each && out.payment) on_each(i, *out.payment);
      if (i % 10000 == 9999) m.outbox = state::Outbox{};
    }
    m.outbox = state::Outbox{};
  });
}

}  // namespace antom::bench
