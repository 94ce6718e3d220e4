// --state-file and --fixture in process: a simulator stopped and started again on the same state
// file continues where it stopped (a merchant registered through the API, its token, its payments,
// its id sequences); POST /_sim/state/save writes the file at once; the example fixtures load.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/e2e/payment_support.hpp"

using namespace antom::test;
using namespace antom::test::pay;

namespace {

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("antom-sim-" + name + "-" + std::to_string(::getpid()))).string();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

FixtureOptions with_state_file(const std::string& path, bool freeze) {
  FixtureOptions o;
  o.state_file = path;
  o.freeze_clock = freeze;
  return o;
}

std::string shop_balance(SimFixture& fx) {
  auto r = fx.control("GET", "/_sim/buyers/fixture-buyer-1?clientId=SANDBOX_FIXTURE_SHOP");
  if (r.http_status != 200 || !r.json.HasMember("balances")) return r.body;
  return r.json["balances"]["PHP"].GetString();
}

}  // namespace

TEST_CASE("a restart with --state-file continues where it stopped, API-registered merchants included") {
  const std::string file = temp_path("state.json");
  std::filesystem::remove(file);
  std::string payment_id, inquiry, token;
  antom::server::RsaKey key;
  {
    SimFixture fx(with_state_file(file, true));
    fx.add_merchant("SANDBOX_API_SHOP");
    key = fx.merchant_key("SANDBOX_API_SHOP");
    const Token t = mint(fx, "GCASH", "SANDBOX_API_SHOP");
    token = t.access_token;
    auto pay = fx.call(kPay, pay_body("SF-1", token, "1500"), as_client("SANDBOX_API_SHOP"));
    REQUIRE(pay.code() == "SUCCESS");
    payment_id = pay.text("paymentId");
    inquiry = fx.call(kInquiry, by_payment_id(payment_id), as_client("SANDBOX_API_SHOP")).body;
    auto saved = fx.control("POST", "/_sim/state/save");
    REQUIRE(saved.http_status == 200);
    CHECK(saved.json["bytes"].GetUint64() == read_file(file).size());
    // After the explicit save: one more payment, which only the save on shutdown holds.
    REQUIRE(fx.call(kPay, pay_body("SF-2", token, "100"), as_client("SANDBOX_API_SHOP")).code() == "SUCCESS");
  }  // stops: saved on shutdown
  REQUIRE(std::filesystem::exists(file));
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(file).parent_path()))
    CHECK(entry.path().filename().string().find(std::filesystem::path(file).filename().string() + ".tmp") == std::string::npos);

  SimFixture again(with_state_file(file, false));
  again.set_merchant_key("SANDBOX_API_SHOP", key);
  CHECK(again.control("GET", "/_sim/merchants/SANDBOX_API_SHOP").http_status == 200);
  CHECK(again.call(kInquiry, by_payment_id(payment_id), as_client("SANDBOX_API_SHOP")).body == inquiry);
  CHECK(again.call(kInquiry, by_request_id("SF-2"), as_client("SANDBOX_API_SHOP")).code() == "SUCCESS");
  auto next = again.call(kPay, pay_body("SF-3", token, "100"), as_client("SANDBOX_API_SHOP"));
  CHECK(next.code() == "SUCCESS");
  CHECK(next.text("paymentId") != payment_id);
  CHECK(again.control("GET", "/_sim/payments?clientId=SANDBOX_API_SHOP").json["total"].GetInt() == 3);
  std::filesystem::remove(file);
}

TEST_CASE("--state-save-interval saves the state file while antom-sim runs") {
  const std::string file = temp_path("interval.json");
  std::filesystem::remove(file);
  FixtureOptions o = with_state_file(file, true);
  o.state_save_interval = std::chrono::seconds(1);
  SimFixture fx(o);
  fx.add_merchant("SANDBOX_INTERVAL");
  bool saved = false;
  for (int i = 0; i < 100 && !saved; ++i) {  // up to 10 s on a loaded machine
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    saved = read_file(file).find("SANDBOX_INTERVAL") != std::string::npos;
  }
  CHECK(saved);
  std::filesystem::remove(file);
}

TEST_CASE("a save that cannot write answers 500 naming the step, the file and the reason; the old file stays") {
  const std::filesystem::path dir = temp_path("unwritable");
  std::filesystem::create_directories(dir);
  const std::string file = (dir / "state.json").string();
  {
    SimFixture fx(with_state_file(file, true));
    REQUIRE(fx.control("POST", "/_sim/state/save").http_status == 200);
    const std::string saved = read_file(file);
    REQUIRE_FALSE(saved.empty());
    // A directory where the temporary file would go: creating it fails, and nothing is renamed over the file.
    const std::string blocker = (dir / (".state.json.tmp-" + std::to_string(::getpid()))).string();
    std::filesystem::create_directory(blocker);
    auto r = fx.control("POST", "/_sim/state/save");
    REQUIRE(r.http_status == 500);
    CHECK(std::string(r.json["error"].GetString()) == "SAVE_FAILED");
    const std::string message = r.json["message"].GetString();
    CAPTURE(message);
    CHECK(message.find("cannot create " + blocker) != std::string::npos);
    CHECK(message.find("Is a directory") != std::string::npos);
    CHECK(read_file(file) == saved);
    std::filesystem::remove(blocker);
    CHECK(fx.control("POST", "/_sim/state/save").http_status == 200);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("POST /_sim/state/save without --state-file says how to get one") {
  SimFixture fx;
  auto r = fx.control("POST", "/_sim/state/save");
  CHECK(r.http_status == 409);
  CHECK(std::string(r.json["message"].GetString()).find("--state-file") != std::string::npos);
}

TEST_CASE("the example fixtures load with this version, and a suite returns to them in one call") {
  FixtureOptions o;
  o.fixtures = {std::string(ANTOM_SOURCE_DIR) + "/examples/fixtures/approved-token.json",
                std::string(ANTOM_SOURCE_DIR) + "/examples/fixtures/retrying-notification.json"};
  o.freeze_clock = false;
  SimFixture fx(o);
  // approved-token.json: a merchant whose private key ships beside it, a token that pays, a funded buyer.
  auto pem = antom::server::RsaKey::load_private(read_file(std::string(ANTOM_SOURCE_DIR) +
                                                           "/examples/fixtures/fixture-merchant-private-key.pem"));
  REQUIRE(pem);
  fx.set_merchant_key("SANDBOX_FIXTURE_SHOP", *pem);
  CHECK(shop_balance(fx) == "5000000");
  REQUIRE(fx.control("POST", "/_sim/snapshots", R"({"name":"start"})").http_status == 201);
  auto pay = fx.call(kPay, pay_body("FX-1", "fixture-token-gcash-1", "2500"), as_client("SANDBOX_FIXTURE_SHOP"));
  CHECK(pay.code() == "SUCCESS");
  CHECK(shop_balance(fx) == "4997500");
  REQUIRE(fx.control("POST", "/_sim/snapshots/start/restore").http_status == 200);
  CHECK(shop_balance(fx) == "5000000");
  CHECK(fx.call(kInquiry, by_request_id("FX-1"), as_client("SANDBOX_FIXTURE_SHOP")).code() == "ORDER_NOT_EXIST");
  // retrying-notification.json: a payment whose notification has failed twice and is due again.
  auto notes = notices(fx, "PAYMENT_RESULT", "SANDBOX_FIXTURE_RETRY");
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].attempts.size() >= 2);
  CHECK(fx.control("GET", "/_sim/payments?clientId=SANDBOX_FIXTURE_RETRY").json["total"].GetInt() == 1);
}
