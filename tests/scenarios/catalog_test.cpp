// The built-in catalog: it loads, it covers every result code the reference lists for every
// operation, and the README table generated from it is current.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "scenarios/catalog_docs.hpp"
#include "scenarios/engine.hpp"
#include "scenarios/loader.hpp"

using namespace antom::scenarios;

namespace {

const std::filesystem::path kCatalogDir = ANTOM_CATALOG_DIR;

// The codes each operation's result table lists on Antom's API pages (https://docs.antom.com/ac/ams/),
// common codes included.
const std::vector<std::string> kCommon = {
    "ACCESS_DENIED", "CLIENT_FORBIDDEN_ACCESS_API", "INVALID_API", "INVALID_CLIENT", "INVALID_CLIENT_STATUS",
    "INVALID_SIGNATURE", "KEY_NOT_FOUND", "MEDIA_TYPE_NOT_ACCEPTABLE", "METHOD_NOT_SUPPORTED",
    "MERCHANT_NOT_REGISTERED", "INVALID_MERCHANT_STATUS", "NO_INTERFACE_DEF", "PARAM_ILLEGAL", "PROCESS_FAIL",
    "SYSTEM_ERROR", "UNKNOWN_CLIENT", "REQUEST_TRAFFIC_EXCEED_LIMIT", "UNKNOWN_EXCEPTION"};
const std::map<std::string, std::vector<std::string>> kSpecific = {
    {"consult", {"INVALID_ACCESS_TOKEN", "NO_PAY_OPTIONS", "OAUTH_FAILED", "PAYMENT_NOT_QUALIFIED", "RISK_REJECT"}},
    {"applyToken", {"AUTH_IN_PROCESS", "NO_PAY_OPTIONS", "INVALID_CODE", "USED_CODE", "EXPIRED_CODE",
                    "INVALID_REFRESH_TOKEN", "EXPIRED_REFRESH_TOKEN", "USED_REFRESH_TOKEN"}},
    {"revoke", {"INVALID_ACCESS_TOKEN"}},
    {"pay", {"PAYMENT_IN_PROCESS", "USER_BALANCE_NOT_ENOUGH", "USER_AMOUNT_EXCEED_LIMIT", "PAYMENT_AMOUNT_EXCEED_LIMIT",
             "PAYMENT_COUNT_EXCEED_LIMIT", "INVALID_ACCESS_TOKEN", "USER_NOT_EXIST", "USER_STATUS_ABNORMAL",
             "USER_KYC_NOT_QUALIFIED", "USER_PAYMENT_VERIFICATION_FAILED", "RISK_REJECT", "REPEAT_REQ_INCONSISTENT",
             "ORDER_IS_CLOSED", "CURRENCY_NOT_SUPPORT", "INVALID_CONTRACT", "BUSINESS_NOT_SUPPORT",
             "UNAVAILABLE_PAYMENT_METHOD", "REGULATION_RESTRICTION"}},
    {"inquiryPayment", {"ORDER_NOT_EXIST"}},
    {"cancel", {"CANCEL_WINDOW_EXCEED", "ORDER_NOT_EXIST", "ORDER_STATUS_INVALID"}},
    {"refund", {"REFUND_IN_PROCESS", "REFUND_AMOUNT_EXCEED", "REFUND_WINDOW_EXCEED", "MULTIPLE_REFUNDS_NOT_SUPPORTED",
                "PARTIAL_REFUND_NOT_SUPPORTED", "PAYMENT_METHOD_NOT_SUPPORTED", "ORDER_NOT_EXIST",
                "ORDER_STATUS_INVALID", "ORDER_IS_CANCELED",
                "CURRENCY_NOT_SUPPORT", "REPEAT_REQ_INCONSISTENT", "MERCHANT_BALANCE_NOT_ENOUGH", "INVALID_CONTRACT",
                "RISK_REJECT", "INVALID_ACCESS_TOKEN"}},
    {"inquiryRefund", {"REFUND_NOT_EXIST"}},
    {"declare", {"ORDER_NOT_EXIST", "ORDER_STATUS_INVALID"}},
    {"inquiryDeclarationRequests", {}},
};

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("the built-in catalog loads and every scenario documents itself") {
  Engine engine;
  REQUIRE(engine.load_directories({kCatalogDir}).ok());
  auto all = engine.list();
  CHECK(all.size() >= 25);
  for (const auto& s : all) {
    INFO(s->name);
    CHECK(s->description.size() > 20);
    CHECK(s->source.find("\"expect\"") != std::string::npos);  // the catalog walk reads it
    CHECK(std::filesystem::path(s->origin).stem() == s->name);  // file name = scenario name
  }
}

TEST_CASE("the compiled-in catalog is byte for byte the catalog directory, and loads the same scenarios") {
  std::map<std::string, std::string> on_disk;
  for (const auto& entry : std::filesystem::directory_iterator(kCatalogDir))
    if (entry.path().extension() == ".json") on_disk[entry.path().filename().string()] = read_text(entry.path());
  std::map<std::string, std::string> built_in;
  for (const auto& f : builtin_catalog_files()) built_in[std::string(f.name)] = std::string(f.text);
  CHECK(built_in == on_disk);

  Engine engine;
  REQUIRE(engine.load_catalog(builtin_catalog_files(), {}).ok());
  CHECK(engine.list().size() == on_disk.size());
  for (const auto& s : engine.list()) CHECK(s->origin == std::string(kBuiltInOrigin) + s->name + ".json");
}

TEST_CASE("--scenarios directories come after the built-in catalog and override it by name") {
  const auto dir = std::filesystem::temp_directory_path() / ("antom-catalog-override-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  Engine engine;
  REQUIRE(engine.load_catalog(builtin_catalog_files(), {}).ok());
  const std::string name = engine.list().front()->name;
  const auto original = engine.find(name);
  std::ofstream(dir / "mine.json") << original->source;  // same name, another file: overrides
  Engine with_dir;
  CHECK(with_dir.load_catalog(builtin_catalog_files(), {dir}).ok());
  CHECK(with_dir.list().size() == engine.list().size());
  CHECK(with_dir.find(name)->origin == (dir / "mine.json").string());
  std::filesystem::remove_all(dir);
}

TEST_CASE("the catalog forces every result code the reference lists, for every operation") {
  Engine engine;
  REQUIRE(engine.load_directories({kCatalogDir}).ok());
  // operation -> codes some rule produces (forced result, or the U answer of a processing effect)
  std::map<std::string, std::set<std::string>> produced;
  for (const auto& s : engine.list()) {
    for (const auto& rule : s->rules) {
      std::set<std::string> codes;
      const auto& d = rule.effect.directive;
      if (d.force) codes.insert(std::string(antom::state::to_string(*d.force)));
      for (const auto& op : rule.match.operations) {
        if (d.processing) codes.insert(op == "refund" ? "REFUND_IN_PROCESS" : "PAYMENT_IN_PROCESS");
        produced[op].insert(codes.begin(), codes.end());
      }
    }
  }
  for (const auto& [op, specific] : kSpecific) {
    for (const auto& code : specific) {
      INFO(op << " " << code);
      CHECK(produced[op].contains(code));
    }
    for (const auto& code : kCommon) {
      INFO(op << " " << code);
      CHECK(produced[op].contains(code));
    }
  }
}

TEST_CASE("the catalog covers progressions, committed-but-unheard faults and each notification anomaly") {
  Engine engine;
  REQUIRE(engine.load_directories({kCatalogDir}).ok());
  std::set<std::string> faults, http;
  bool settles_success = false, settles_fail = false, wallet_decline = false, wallet_late = false;
  for (const auto& s : engine.list()) {
    for (const auto& r : s->rules) {
      const auto& d = r.effect.directive;
      for (const auto& f : antom::state::fault_names(d.notification_faults)) faults.insert(f.substr(0, f.find(':')));
      http.insert(std::string(to_string(r.effect.http_fault)));
      if (d.processing) (d.settle_code == antom::state::ResultCode::SUCCESS ? settles_success : settles_fail) = true;
      wallet_decline = wallet_decline || d.wallet_action == antom::state::WalletAction::Decline;
      wallet_late = wallet_late || (d.wallet_action == antom::state::WalletAction::Approve && d.wallet_delay);
    }
  }
  CHECK(settles_success);
  CHECK(settles_fail);
  CHECK(wallet_decline);
  CHECK(wallet_late);
  for (auto f : {"DROP", "DELAY", "DUPLICATE", "REORDER", "BEFORE_RESPONSE", "CHANGE_STATUS_ON_DUPLICATE",
                 "BAD_SIGNATURE", "UNKNOWN_KEY_VERSION"})
    CHECK_MESSAGE(faults.contains(f), f);
  for (auto f : {"RESET_AFTER_COMMIT", "STALL_AFTER_COMMIT", "RESET_BEFORE_COMMIT", "HTTP_500", "TRUNCATED_BODY",
                 "MALFORMED_BODY", "MISSING_SIGNATURE", "WRONG_SIGNATURE"})
    CHECK_MESSAGE(http.contains(f), f);
}

TEST_CASE("catalog docs: docs/scenario-catalog.md is generated from the catalog") {
  Engine engine;
  REQUIRE(engine.load_directories({kCatalogDir}).ok());
  std::string md = render_catalog_markdown(engine.list());
  auto doc = kCatalogDir.parent_path().parent_path() / "docs" / "scenario-catalog.md";
  if (const char* update = std::getenv("ANTOM_UPDATE_DOCS"); update && std::string(update) == "1") {
    std::filesystem::create_directories(doc.parent_path());
    std::ofstream(doc, std::ios::binary) << md;
  }
  CHECK_MESSAGE(read_text(doc) == md, "run scripts/gen-docs to regenerate " << doc.string());
  for (const auto& s : engine.list()) CHECK(md.find("| `" + s->name + "` |") != std::string::npos);
}
