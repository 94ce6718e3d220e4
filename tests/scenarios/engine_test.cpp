#include <doctest/doctest.h>

#include <map>
#include <set>
#include <thread>

#include "scenarios/activation.hpp"
#include "scenarios/engine.hpp"
#include "scenario_test_util.hpp"

using namespace antom::scenarios;
using antom::scenarios::test::Request;
using antom::state::ResultCode;
using namespace std::chrono_literals;

namespace {

std::string forcing(const std::string& name, const std::string& code, const std::string& extra_match = "",
                    const std::string& magic = "") {
  return R"({"name":")" + name + R"(","description":"d",)" + magic + R"("rules":[{"name":"r","match":{"operation":"pay")" +
         extra_match + R"(},"effect":{"result":")" + code + R"("}}]})";
}

void put_all(Engine& e, std::initializer_list<std::pair<std::string, std::string>> scenarios) {
  for (const auto& [name, text] : scenarios) REQUIRE_MESSAGE(e.put(name, text).ok(), name);
}

std::optional<ResultCode> forced(Engine& e, const Request& r) { return e.plan(r.input()).directive.force; }

}  // namespace

TEST_CASE("directive and header parsing") {
  auto d = find_directive("order-17-sim:pay-errors/RISK_REJECT");
  REQUIRE(d);
  CHECK(d->name == "pay-errors");
  CHECK(d->arg == "RISK_REJECT");
  d = find_directive("Monthly plan sim:notify-drop, thanks");
  REQUIRE(d);
  CHECK(d->name == "notify-drop");
  CHECK(d->arg.empty());
  CHECK_FALSE(find_directive("no directive here"));
  CHECK_FALSE(find_directive("sim:"));
  CHECK_FALSE(find_directive("sim:/X"));
  CHECK(parse_scenario_ref(" pay-errors/PROCESS_FAIL ")->arg == "PROCESS_FAIL");
  CHECK_FALSE(parse_scenario_ref("pay-errors/"));
  CHECK_FALSE(parse_scenario_ref("Pay Errors"));
  CHECK_FALSE(parse_scenario_ref(""));
}

TEST_CASE("no scenario selected: an empty plan") {
  Engine e;
  put_all(e, {{"risk", forcing("risk", "RISK_REJECT")}});
  Request r;
  r.fields = {{"paymentRequestId", "plain-id"}};
  Plan p = e.plan(r.input());
  CHECK(p.directive.empty());
  CHECK(p.scenario.empty());
  CHECK(p.http_fault == HttpFault::None);
  CHECK(p.latency == 0ms);
}

TEST_CASE("activation by each of the four routes") {
  Engine e;
  put_all(e, {{"risk", forcing("risk", "RISK_REJECT", "", R"("magic":{"amounts":["40059"]},)")}});
  Request r;

  SUBCASE("header") {
    r.header = "risk";
    Plan p = e.plan(r.input());
    CHECK(p.directive.force == ResultCode::RISK_REJECT);
    CHECK(p.directive.scenario == "risk");
    CHECK(p.scenario == "risk");
    CHECK(p.rule == "r");
    CHECK(p.source == "header");
  }
  SUBCASE("directive in a free-form field") {
    r.fields = {{"order.orderDescription", "Plan sim:risk"}};
    CHECK(e.plan(r.input()).source == "directive");
    CHECK(forced(e, r) == ResultCode::RISK_REJECT);
  }
  SUBCASE("the raw body decides whether fields are read for directives") {
    r.fields = {{"order.orderDescription", "Plan sim:risk"}};
    PlanInput in = r.input();
    in.raw_body = R"({"order":{"orderDescription":"Plan sim:risk"}})";
    CHECK(e.plan(in).source == "directive");
    in.raw_body = R"({"order":{"orderDescription":"Plan \u0073im:risk"}})";  // JSON escapes can spell it
    CHECK(e.plan(in).source == "directive");
    in.raw_body = R"({"order":{"orderDescription":"Plan"}})";  // no "sim:" anywhere: nothing to read
    CHECK(e.plan(in).source.empty());
  }
  SUBCASE("magic amount") {
    r.fields = {{"paymentAmount.value", "40059"}};
    CHECK(e.plan(r.input()).source == "amount");
    r.fields = {{"paymentAmount.value", "40058"}};
    CHECK_FALSE(forced(e, r));
  }
  SUBCASE("merchant activation, with an expiry in virtual time") {
    REQUIRE(e.activate("risk", "SANDBOX_A", "", r.now, r.now + 10s).ok());
    CHECK(e.plan(r.input()).source == "merchant");
    Request other = r;
    other.client_id = "SANDBOX_B";
    CHECK_FALSE(forced(e, other));
    r.now += 10s;  // expired
    CHECK_FALSE(forced(e, r));
    CHECK(e.active(r.now).empty());
  }
  SUBCASE("global default") {
    REQUIRE(e.activate("risk", std::nullopt, "", r.now, std::nullopt).ok());
    CHECK(e.plan(r.input()).source == "global");
    REQUIRE(e.active(r.now).size() == 1);
    CHECK(e.active(r.now)[0].scope == "global");
    CHECK(e.deactivate(std::nullopt));
    CHECK_FALSE(forced(e, r));
  }
}

TEST_CASE("precedence: header, directive, amount, merchant, global") {
  Engine e;
  put_all(e, {{"h", forcing("h", "PROCESS_FAIL")},
                          {"d", forcing("d", "RISK_REJECT")},
                          {"a", forcing("a", "USER_NOT_EXIST", "", R"("magic":{"amounts":["999"]},)")},
                          {"m", forcing("m", "USER_BALANCE_NOT_ENOUGH")},
                          {"g", forcing("g", "SYSTEM_ERROR")}});
  Request r;
  r.header = "h";
  r.fields = {{"paymentRequestId", "x-sim:d"}, {"paymentAmount.value", "999"}};
  REQUIRE(e.activate("m", "SANDBOX_A", "", r.now, std::nullopt).ok());
  REQUIRE(e.activate("g", std::nullopt, "", r.now, std::nullopt).ok());
  CHECK(forced(e, r) == ResultCode::PROCESS_FAIL);
  r.header.clear();
  CHECK(forced(e, r) == ResultCode::RISK_REJECT);
  r.fields.erase("paymentRequestId");
  CHECK(forced(e, r) == ResultCode::USER_NOT_EXIST);
  r.fields.clear();
  CHECK(forced(e, r) == ResultCode::USER_BALANCE_NOT_ENOUGH);
  CHECK(e.deactivate(std::string("SANDBOX_A")));
  CHECK(forced(e, r) == ResultCode::SYSTEM_ERROR);
}

TEST_CASE("a selected scenario without a matching rule falls through to the next source") {
  Engine e;
  put_all(e, {{"refund-only", R"({"name":"refund-only","description":"d","rules":[{"name":"r","match":{"operation":"refund"},"effect":{"result":"PROCESS_FAIL"}}]})"},
                          {"g", forcing("g", "SYSTEM_ERROR")}});
  Request r;
  r.header = "refund-only";
  REQUIRE(e.activate("g", std::nullopt, "", r.now, std::nullopt).ok());
  CHECK(forced(e, r) == ResultCode::SYSTEM_ERROR);
  r.operation = "refund";
  CHECK(forced(e, r) == ResultCode::PROCESS_FAIL);
}

TEST_CASE("unknown scenarios in the header or a directive are reported, not applied") {
  Engine e;
  Request r;
  r.header = "no-such-thing";
  Plan p = e.plan(r.input());
  CHECK(p.directive.empty());
  CHECK(p.warning == "x-sim-scenario: unknown scenario 'no-such-thing'");
  r.header.clear();
  r.fields = {{"paymentRequestId", "id-sim:nope"}};
  CHECK(e.plan(r.input()).warning == "paymentRequestId: unknown scenario 'sim:nope'");
  CHECK(e.activate("nope", std::nullopt, "", r.now, std::nullopt).reason() == "unknown scenario 'nope'");
}

TEST_CASE("argument selects the rule: sim:NAME/ARG and the header NAME/ARG") {
  Engine e;
  put_all(e, {{"pay-errors", R"({"name":"pay-errors","description":"d","rules":[
      {"name":"a","match":{"arg":"RISK_REJECT"},"effect":{"result":"RISK_REJECT"}},
      {"name":"b","match":{"arg":"PROCESS_FAIL"},"effect":{"result":"PROCESS_FAIL"}}]})"}});
  Request r;
  r.fields = {{"paymentRequestId", "o1-sim:pay-errors/PROCESS_FAIL"}};
  CHECK(forced(e, r) == ResultCode::PROCESS_FAIL);
  r.fields.clear();
  r.header = "pay-errors/RISK_REJECT";
  CHECK(forced(e, r) == ResultCode::RISK_REJECT);
  r.header = "pay-errors";
  CHECK_FALSE(forced(e, r));
  REQUIRE(e.activate("pay-errors", "SANDBOX_A", "PROCESS_FAIL", r.now, std::nullopt).ok());
  r.header.clear();
  CHECK(forced(e, r) == ResultCode::PROCESS_FAIL);
}

TEST_CASE("attempt counter: fail the first N tries of an idempotency key, then succeed") {
  Engine e;
  put_all(e, {{"flaky", forcing("flaky", "UNKNOWN_EXCEPTION", R"(,"attempts":{"first":2})")}});
  Request r;
  r.header = "flaky";
  r.idempotency_key = "pay-1";
  CHECK(forced(e, r) == ResultCode::UNKNOWN_EXCEPTION);
  CHECK(forced(e, r) == ResultCode::UNKNOWN_EXCEPTION);
  CHECK_FALSE(forced(e, r));
  CHECK_FALSE(forced(e, r));
  Request other = r;  // another key counts on its own
  other.idempotency_key = "pay-2";
  CHECK(forced(e, other) == ResultCode::UNKNOWN_EXCEPTION);
  Request other_merchant = r;  // and so does another merchant's same key
  other_merchant.client_id = "SANDBOX_B";
  CHECK(forced(e, other_merchant) == ResultCode::UNKNOWN_EXCEPTION);
  e.reset();  // counters start again
  CHECK(forced(e, r) == ResultCode::UNKNOWN_EXCEPTION);
}

TEST_CASE("attempts without an idempotency key count per inquiry target") {
  Engine e;
  put_all(e, {{"q", R"({"name":"q","description":"d","rules":[{"name":"r","match":{"operation":"inquiryPayment","attempts":{"first":1}},"effect":{"result":"UNKNOWN_EXCEPTION"}}]})"}});
  Request r;
  r.operation = "inquiryPayment";
  r.header = "q";
  r.fields = {{"paymentId", "P1"}};
  CHECK(forced(e, r) == ResultCode::UNKNOWN_EXCEPTION);
  CHECK_FALSE(forced(e, r));
  r.fields = {{"paymentId", "P2"}};
  CHECK(forced(e, r) == ResultCode::UNKNOWN_EXCEPTION);
}

TEST_CASE("seeded probability: same seed and requests give the same picks; the rate is near p") {
  auto picks = [](std::uint64_t seed) {
    Engine e;
  put_all(e, {{"p", forcing("p", "REQUEST_TRAFFIC_EXCEED_LIMIT", R"(,"probability":0.3)")}});
    std::vector<bool> out;
    Request r;
    r.header = "p";
    r.seed = seed;
    for (int i = 0; i < 2000; ++i) {
      r.idempotency_key = "k" + std::to_string(i);
      out.push_back(forced(e, r).has_value());
    }
    return out;
  };
  auto a = picks(42), b = picks(42), c = picks(43);
  CHECK(a == b);
  CHECK(a != c);
  auto hits = std::count(a.begin(), a.end(), true);
  CHECK(hits > 500);  // 0.3 * 2000 = 600, far outside chance either way
  CHECK(hits < 700);
}

TEST_CASE("latency: fixed, uniform and log-normal are in range and reproducible") {
  Engine e;
  put_all(e, {{"fixed", R"({"name":"fixed","description":"d","rules":[{"name":"r","effect":{"latency":{"fixed_ms":120}}}]})"},
                          {"uni", R"({"name":"uni","description":"d","rules":[{"name":"r","effect":{"latency":{"uniform_ms":[10,20]}}}]})"},
                          {"logn", R"({"name":"logn","description":"d","rules":[{"name":"r","effect":{"latency":{"lognormal":{"median_ms":100,"sigma":0.5,"max_ms":400}}}}]})"}});
  Request r;
  r.header = "fixed";
  CHECK(e.plan(r.input()).latency == 120ms);
  r.header = "uni";
  std::set<long long> seen;
  for (int i = 0; i < 300; ++i) {
    r.idempotency_key = "u" + std::to_string(i);
    auto ms = e.plan(r.input()).latency.count();
    CHECK(ms >= 10);
    CHECK(ms <= 20);
    seen.insert(ms);
  }
  CHECK(seen.size() == 11);  // every value 10..20 drawn
  r.header = "logn";
  std::vector<long long> samples;
  for (int i = 0; i < 400; ++i) {
    r.idempotency_key = "l" + std::to_string(i);
    samples.push_back(e.plan(r.input()).latency.count());
  }
  std::sort(samples.begin(), samples.end());
  CHECK(samples.front() >= 0);
  CHECK(samples.back() <= 400);
  CHECK(samples[200] > 80);  // median near 100
  CHECK(samples[200] < 125);
  Engine again;
  put_all(again, {{"logn", R"({"name":"logn","description":"d","rules":[{"name":"r","effect":{"latency":{"lognormal":{"median_ms":100,"sigma":0.5,"max_ms":400}}}}]})"}});
  r.idempotency_key = "l7";
  CHECK(again.plan(r.input()).latency == e.plan(r.input()).latency);
}

TEST_CASE("effects reach the plan: processing, ttl, wallet, notification and HTTP faults") {
  Engine e;
  put_all(e, {{"all", R"({"name":"all","description":"d","rules":[{"name":"r","effect":{
      "processing":{"settle":"USER_BALANCE_NOT_ENOUGH","after_ms":5000,"after_inquiries":3},
      "ttl_ms":1000,"wallet":{"action":"ABANDON","delay_ms":2000},
      "notifications":["DUPLICATE:2","CHANGE_STATUS_ON_DUPLICATE"],
      "http_fault":"STALL_AFTER_COMMIT","stall_ms":1500}}]})"}});
  Request r;
  r.header = "all";
  Plan p = e.plan(r.input());
  CHECK(p.directive.processing);
  CHECK(p.directive.settle_code == ResultCode::USER_BALANCE_NOT_ENOUGH);
  CHECK(p.directive.settle_after == 5000ms);
  CHECK(p.directive.settle_after_inquiries == 3);
  CHECK(p.directive.ttl_override == 1000ms);
  CHECK(p.directive.wallet_action == antom::state::WalletAction::Abandon);
  CHECK(p.directive.wallet_delay == 2000ms);
  CHECK(p.directive.notification_faults ==
        antom::state::NotifyFaults{.duplicates = 2, .change_status_on_duplicate = true});
  CHECK(p.http_fault == HttpFault::StallAfterCommit);
  CHECK(p.stall == 1500ms);
}

TEST_CASE("reset drops activations; remove ends the removed scenario's activations") {
  Engine e;
  put_all(e, {{"risk", forcing("risk", "RISK_REJECT")}});
  Request r;
  REQUIRE(e.activate("risk", "SANDBOX_A", "", r.now, std::nullopt).ok());
  e.reset();
  CHECK_FALSE(forced(e, r));
  REQUIRE(e.activate("risk", std::nullopt, "", r.now, std::nullopt).ok());
  CHECK(e.activate("risk", std::nullopt, "", r.now, r.now - 1s).reason() == "the expiry must be after the current virtual time");
  CHECK(e.remove("risk"));
  CHECK(e.active(r.now).empty());
  CHECK_FALSE(forced(e, r));
}

TEST_CASE("concurrent readers and a writer: plans come from one whole catalog version or the other") {
  Engine e;
  const std::string v1 = forcing("swap", "RISK_REJECT"), v2 = forcing("swap", "PROCESS_FAIL");
  REQUIRE(e.put("swap", v1).ok());
  std::atomic<bool> stop{false};
  std::atomic<int> bad{0}, seen{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&, t] {
      Request r;
      r.header = "swap";
      for (int i = 0; !stop.load() || i < 200; ++i) {
        r.idempotency_key = "k" + std::to_string(t) + "-" + std::to_string(i);
        auto code = e.plan(r.input()).directive.force;
        if (code != ResultCode::RISK_REJECT && code != ResultCode::PROCESS_FAIL) ++bad;
        ++seen;
        if (i > 100000) break;
      }
    });
  }
  for (int i = 0; i < 300; ++i) {
    REQUIRE(e.put("swap", i % 2 ? v1 : v2).ok());
    REQUIRE(e.activate("swap", "SANDBOX_A", "", Request{}.now, std::nullopt).ok());
    (void)e.deactivate(std::string("SANDBOX_A"));
  }
  stop = true;
  for (auto& t : readers) t.join();
  CHECK(bad.load() == 0);
  CHECK(seen.load() >= 800);
}
