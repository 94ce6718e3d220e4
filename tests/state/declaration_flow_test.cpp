// declare and inquiryDeclarationRequests in state: the cumulative CNY limit, modification under
// the same id, customs answering on the clock.
#include <doctest/doctest.h>

#include "state/declaration_flow.hpp"
#include "state/tick.hpp"
#include "state/payment_fields.hpp"
#include "state/payment_flow.hpp"
#include "tests/state/state_test_bed.hpp"

using namespace antom::state;
using namespace antom::state::test;
using namespace std::chrono_literals;

namespace {

struct Bed {
  MerchantState m;
  WalletTable wallets;
  Bed() { add_token(m, "tok", "ALIPAY_CN", "buyer"); }
  std::string paid(std::string id, Money amount) {
    PayRequest r;
    r.payment_request_id = std::move(id);
    r.wallet = "ALIPAY_CN";
    r.access_token = "tok";
    r.amount = std::move(amount);
    r.need_declaration = true;
    auto out = pay(m, r, wallets, {}, kT0);
    REQUIRE(out.result.code == ResultCode::SUCCESS);
    return out.payment->payment_id;
  }
  DeclareOutcome declare(std::string id, std::string payment_id, std::int64_t value, std::string customs = "ZONGSHU") {
    DeclareRequest r;
    r.declaration_request_id = std::move(id);
    r.payment_id = std::move(payment_id);
    r.amount = Money{value, "CNY"};
    r.customs_code = std::move(customs);
    r.customs_region = "CN";
    r.merchant_customs_code = "MC";
    r.merchant_customs_name = "Name";
    return antom::state::declare(m, r, {}, kT0);
  }
};

}  // namespace

TEST_CASE("USD payments declare at the fixed simulated rate; the total stays within it") {
  Bed b;
  // Alipay (China) takes CNY only (its Antom page); a table changed through /_sim/wallets may add USD.
  b.wallets.find("ALIPAY_CN")->currencies.push_back("USD");
  const auto id = b.paid("usd", Money{1000, "USD"});  // USD 10.00 -> CNY 72.00
  CHECK(customs_declaration_amount(*b.m.payments.payment(id))->value == 7200);
  CHECK(b.declare("a", id, 7000).result.code == ResultCode::SUCCESS);
  CHECK(b.declare("b", id, 201).result.code == ResultCode::PARAM_ILLEGAL);
  CHECK(b.declare("b", id, 200).result.code == ResultCode::SUCCESS);
  // modifying "a" downwards frees room for more
  CHECK(b.declare("a", id, 6000, "NINGBO").result.code == ResultCode::SUCCESS);
  CHECK(b.m.payments.declaration("a")->modifications == 1);
  CHECK(b.declare("c", id, 1000).result.code == ResultCode::SUCCESS);
  CHECK(b.m.payments.payment(id)->declared == 7200);
}

TEST_CASE("customs answers a minute later; inquiry lists found and unknown ids") {
  Bed b;
  const auto id = b.paid("cny", Money{5000, "CNY"});
  REQUIRE(b.declare("d1", id, 5000).result.code == ResultCode::SUCCESS);
  auto q = inquire_declarations(b.m, {"d1", "zz", "zz"}, kT0 + 59s);
  REQUIRE(q.found.size() == 1);
  CHECK(q.found[0].status == DeclarationStatus::Processing);
  CHECK(q.not_found == std::vector<std::string>{"zz"});
  tick(b.m, kT0 + 60s);  // World::with_merchant does this before every access
  q = inquire_declarations(b.m, {"d1"}, kT0 + 60s);
  CHECK(q.found[0].status == DeclarationStatus::Success);
  const auto fields = declaration_record_fields(q.found[0]);
  CHECK(std::get<std::string>(find(fields, "customsDeclarationResultCode")->value) == "SUCCESS");
}

TEST_CASE("payments antom-sim cannot convert are not declarable") {
  Bed b;
  b.m.auth.tokens.at("tok").wallet = "GCASH";
  PayRequest r;
  r.payment_request_id = "php";
  r.wallet = "GCASH";
  r.access_token = "tok";
  r.amount = Money{1000, "PHP"};
  const auto id = pay(b.m, r, b.wallets, {}, kT0).payment->payment_id;
  CHECK(b.declare("x", id, 100).result.code == ResultCode::PROCESS_FAIL);
  CHECK(b.declare("y", "unknown", 100).result.code == ResultCode::ORDER_NOT_EXIST);
}
