#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "scenarios/engine.hpp"
#include "scenarios/loader.hpp"

using namespace antom::scenarios;

namespace {

constexpr const char* kGood = R"({
  "name": "good-one",
  "description": "a valid scenario",
  "magic": {"amounts": ["12345"]},
  "rules": [
    {"name": "first", "match": {"operation": ["pay", "refund"], "attempts": {"first": 2},
                                "fields": [{"path": "paymentAmount.value", "min": 100, "max": "200"}]},
     "effect": {"result": "RISK_REJECT", "message": "nope", "latency": {"uniform_ms": [1, 5]}}},
    {"name": "second", "effect": {"processing": {"settle": "SUCCESS", "after_inquiries": 2},
                                  "notifications": ["DELAY:500", "DUPLICATE:2"], "http_fault": "HTTP_503"}}
  ]
})";

std::string refusal(std::string_view text) { return parse_scenario(text, "file.json").error; }

// A scenario text with one rule whose body is `rule`.
std::string with_rule(const std::string& rule) {
  return R"({"name":"x","description":"d","rules":[{"name":"r1","effect":{"result":"SUCCESS"}},)" + rule + "]}";
}

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("antom-scen-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)) + "-" +
            std::to_string(std::rand()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  void write(const std::string& name, const std::string& text) const { std::ofstream(path / name) << text; }
};

}  // namespace

TEST_CASE("a valid scenario file loads with every part") {
  auto parsed = parse_scenario(kGood, "good.json");
  REQUIRE_MESSAGE(parsed.ok(), parsed.error);
  const Scenario& s = parsed.scenario;
  CHECK(s.name == "good-one");
  CHECK(s.magic_amounts == std::vector<std::string>{"12345"});
  REQUIRE(s.rules.size() == 2);
  const Rule& r = s.rules[0];
  CHECK(r.match.operations.size() == 2);
  REQUIRE(r.match.attempts);
  CHECK(r.match.attempts->from == 1);
  CHECK(r.match.attempts->to == 2);
  REQUIRE(r.match.fields.size() == 1);
  CHECK(r.match.fields[0].kind == FieldMatch::Kind::Range);
  CHECK(*r.match.fields[0].max == 200);
  CHECK(r.effect.directive.force == antom::state::ResultCode::RISK_REJECT);
  CHECK(r.effect.directive.force_message == "nope");
  CHECK(r.effect.latency.kind == Latency::Kind::Uniform);
  const Rule& r2 = s.rules[1];
  CHECK(r2.effect.directive.processing);
  CHECK(r2.effect.directive.settle_after_inquiries == 2);
  CHECK(r2.effect.directive.notification_faults == antom::state::NotifyFaults{.delay = antom::state::Millis(500), .duplicates = 2});
  CHECK(r2.effect.http_fault == HttpFault::Http503);
}

TEST_CASE("refused files name the file, the rule and the field") {
  CHECK(refusal(with_rule(R"({"name":"bad","effect":{"result":"NOT_A_CODE"}})")) ==
        "file.json: rule 'bad' (#2): field 'rules[1].effect.result': unknown result code 'NOT_A_CODE'");
  CHECK(refusal(with_rule(R"({"name":"bad","match":{"operation":"payy"},"effect":{}})")) ==
        "file.json: rule 'bad' (#2): field 'rules[1].match.operation': unknown operation 'payy'");
  CHECK(refusal(with_rule(R"({"name":"bad","match":{"fields":[{"path":"a","min":"x"}]},"effect":{}})")) ==
        "file.json: rule 'bad' (#2): field 'rules[1].match.fields[0].min': must be a number");
  CHECK(refusal(with_rule(R"({"name":"bad","effect":{"reslt":"SUCCESS"}})")) ==
        "file.json: rule 'bad' (#2): field 'rules[1].effect.reslt': unknown key");
  CHECK(refusal(with_rule(R"({"name":"bad","effect":{"notifications":["EXPLODE"]}})")) ==
        "file.json: rule 'bad' (#2): field 'rules[1].effect.notifications': unknown notification fault 'EXPLODE' (known: " +
            std::string(antom::state::notify_fault_syntax()) + ")");
  CHECK(refusal(with_rule(R"({"name":"bad","effect":{"notifications":["DELAY:-4"]}})")).find("DELAY:-4") !=
        std::string::npos);
  CHECK(refusal(with_rule(R"({"name":"bad","effect":{"notifications":["DUPLICATE:1000"]}})")).find("DUPLICATE:1000") !=
        std::string::npos);
  CHECK(refusal(with_rule(R"({"name":"bad","effect":{"http_fault":"NONE"}})")) ==
        "file.json: rule 'bad' (#2): field 'rules[1].effect.http_fault': unknown HTTP fault 'NONE'");
  CHECK(refusal(with_rule(R"({"name":"bad","effect":{"result":"SUCCESS","processing":{"settle":"SUCCESS","after_ms":1}}})")) ==
        "file.json: rule 'bad' (#2): field 'rules[1].effect.processing': cannot be combined with result");
  CHECK(refusal(with_rule(R"({"name":"bad","effect":{"processing":{"settle":"UNKNOWN_EXCEPTION","after_ms":1}}})")) ==
        "file.json: rule 'bad' (#2): field 'rules[1].effect.processing.settle': must be SUCCESS or a failure (F) code");
  CHECK(refusal(with_rule(R"({"name":"bad","effect":{"processing":{"settle":"SUCCESS"}}})")) ==
        "file.json: rule 'bad' (#2): field 'rules[1].effect.processing.after_ms': processing needs after_ms or after_inquiries");
  CHECK(refusal(with_rule(R"({"name":"bad","match":{"probability":1.5},"effect":{}})")) ==
        "file.json: rule 'bad' (#2): field 'rules[1].match.probability': must be between 0 and 1");
  CHECK(refusal(with_rule(R"({"name":"bad","match":{"attempts":{"from":3,"to":2}},"effect":{}})")) ==
        "file.json: rule 'bad' (#2): field 'rules[1].match.attempts.to': ends before the first attempt it starts at");
  CHECK(refusal(with_rule(R"({"name":"bad","match":{"window":{"from":"yesterday"}},"effect":{}})")) ==
        "file.json: rule 'bad' (#2): field 'rules[1].match.window.from': must be an ISO 8601 datetime");
  CHECK(refusal(with_rule(R"({"name":"bad","effect":{"wallet":{"action":"MAYBE"}}})")) ==
        "file.json: rule 'bad' (#2): field 'rules[1].effect.wallet.action': must be APPROVE, DECLINE or ABANDON");
  CHECK(refusal(with_rule(R"({"name":"bad","effect":{"latency":{"uniform_ms":[9,3]}}})")) ==
        "file.json: rule 'bad' (#2): field 'rules[1].effect.latency.uniform_ms': must be [low, high] in milliseconds with 0 <= low <= high");
  CHECK(refusal(with_rule(R"({"name":"r1","effect":{}})")) ==
        "file.json: rule 'r1' (#2): field 'rules[1].name': is used by an earlier rule");
  CHECK(refusal(with_rule(R"({"name":"bad"})")) == "file.json: rule 'bad' (#2): field 'rules[1].effect': is required");
  CHECK(refusal(with_rule(R"("just a string")")) == "file.json: rule '' (#2): field 'rules[1]': must be an object");
}

TEST_CASE("refused top-level fields and bad JSON") {
  CHECK(refusal(R"({"description":"d","rules":[]})") == "file.json: field 'name': is required");
  CHECK(refusal(R"({"name":"Bad Name","description":"d","rules":[]})") ==
        "file.json: field 'name': must be 1-48 of [a-z0-9-]");
  CHECK(refusal(R"({"name":"x","description":"","rules":[]})") == "file.json: field 'description': must not be empty");
  CHECK(refusal(R"({"name":"x","description":"d","rules":[]})") == "file.json: field 'rules': needs 1 to 200 rules");
  CHECK(refusal(R"({"name":"x","description":"d","rulez":[]})") == "file.json: field 'rulez': unknown key");
  CHECK(refusal(R"({"name":"x","description":"d","magic":{"amounts":["12.5"]},"rules":[{"name":"a","effect":{}}]})") ==
        "file.json: field 'magic.amounts': '12.5' is not an amount value (digits, minor units)");
  CHECK(refusal(R"({"name":"x",)").starts_with("file.json: not valid JSON at offset"));
  CHECK(refusal("[1,2]") == "file.json: field '': a scenario file must be a JSON object");
  CHECK(refusal(std::string(kMaxScenarioBytes + 1, ' ')).find("larger than") != std::string::npos);
}

TEST_CASE("a directory with one bad file loads nothing and names the file") {
  TempDir dir;
  dir.write("a-good.json", kGood);
  dir.write("b-bad.json", with_rule(R"({"name":"broken","effect":{"result":"NOPE"}})"));
  dir.write("notes.txt", "ignored");
  Engine engine;
  const std::string error = engine.load_directories({dir.path}).reason();
  CHECK(error.find("b-bad.json: rule 'broken' (#2): field 'rules[1].effect.result'") != std::string::npos);
  CHECK(engine.list().empty());  // never half-loads: good-one is not there either

  std::filesystem::remove(dir.path / "b-bad.json");
  CHECK(engine.load_directories({dir.path}).ok());
  REQUIRE(engine.list().size() == 1);
  CHECK(engine.find("good-one")->origin == (dir.path / "a-good.json").string());
}

TEST_CASE("later directories override, same directory duplicates are refused, magic amounts are unique") {
  TempDir one, two;
  one.write("s.json", R"({"name":"s","description":"first","rules":[{"name":"a","effect":{}}]})");
  two.write("s.json", R"({"name":"s","description":"second","rules":[{"name":"a","effect":{}}]})");
  Engine engine;
  REQUIRE(engine.load_directories({one.path, two.path}).ok());
  CHECK(engine.find("s")->description == "second");

  two.write("t.json", R"({"name":"s","description":"dup","rules":[{"name":"a","effect":{}}]})");
  CHECK(engine.load_directories({two.path}).reason().find("scenario 's' is already defined") != std::string::npos);
  std::filesystem::remove(two.path / "t.json");

  CHECK(engine.put("m1", R"({"name":"m1","description":"d","magic":{"amounts":["777"]},"rules":[{"name":"a","effect":{}}]})").ok());
  std::string clash = engine.put("m2", R"({"name":"m2","description":"d","magic":{"amounts":["777"]},"rules":[{"name":"a","effect":{}}]})").reason();
  CHECK(clash.find("amount 777 is already the magic amount of 'm1'") != std::string::npos);
  CHECK(engine.find("m2") == nullptr);
  CHECK(engine.load_directories({std::filesystem::path("/nonexistent/antom")}).reason() == "/nonexistent/antom: not a directory");
}

TEST_CASE("put checks the name in the path and remove forgets") {
  Engine engine;
  CHECK(engine.put("abc", R"({"name":"xyz","description":"d","rules":[{"name":"a","effect":{}}]})").reason() ==
        "PUT /_sim/scenarios/abc: field 'name': 'xyz' differs from the name in the path");
  CHECK(engine.put("abc", R"({"name":"abc","description":"d","rules":[{"name":"a","effect":{}}]})").ok());
  CHECK(engine.find("abc")->origin == "api");
  CHECK(engine.remove("abc"));
  CHECK_FALSE(engine.remove("abc"));
  CHECK(engine.find("abc") == nullptr);
}

TEST_CASE("a transport fault behind a magic amount is refused, naming the rule and field") {
  for (const char* fault : {"RESET_BEFORE_COMMIT", "RESET_AFTER_COMMIT", "STALL_BEFORE_COMMIT", "STALL_AFTER_COMMIT",
                            "TRUNCATED_BODY", "MALFORMED_BODY"}) {
    CAPTURE(fault);
    const std::string text = std::string(R"({"name":"x","description":"a fault on an amount","magic":{"amounts":["4242"]},)") +
                             R"("rules":[{"name":"r","match":{"operation":"pay"},"effect":{"http_fault":")" + fault +
                             R"("}}],"expect":[]})";
    auto parsed = parse_scenario(text, "x.json");
    CHECK_FALSE(parsed.ok());
    CHECK(parsed.error.find("rules[0].effect.http_fault") != std::string::npos);
    CHECK(parsed.error.find("transport fault") != std::string::npos);
  }
  // HTTP 5xx and signature faults answer; an amount may select them.
  auto ok = parse_scenario(R"({"name":"x","description":"a 503 on an amount","magic":{"amounts":["4242"]},)"
                           R"("rules":[{"name":"r","match":{"operation":"pay"},"effect":{"http_fault":"HTTP_503"}}],"expect":[]})",
                           "x.json");
  CHECK(ok.ok());
}

TEST_CASE("duplicate names in a scenario: the last one wins, as in request bodies") {
  const auto p = parse_scenario(
      R"({"name":"first-name","description":"d","rules":[{"name":"r1","effect":{"result":"SUCCESS","result":"RISK_REJECT"}}],"name":"last-name"})",
      "file.json");
  REQUIRE(p.ok());
  CHECK(p.scenario.name == "last-name");
  REQUIRE(p.scenario.rules.size() == 1);
  REQUIRE(p.scenario.rules[0].effect.directive.force.has_value());
  CHECK(*p.scenario.rules[0].effect.directive.force == antom::state::ResultCode::RISK_REJECT);
}

TEST_CASE("a scenario nested deeper than the stack allows is refused, not a crash") {
  std::string deep = R"({"name":"x","description":"d","rules":)";
  std::string closed = deep;
  deep.append(200'000, '[');
  CHECK_FALSE(refusal(deep).empty());
  closed.append(120'000, '[');  // within the size limit, and well-formed
  closed.append(120'000, ']');
  closed += "}";
  CHECK(refusal(closed).find("rules") != std::string::npos);
}
