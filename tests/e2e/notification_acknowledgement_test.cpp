// The acknowledgement rule by its boundary, end to end: a real receiver answers each notification
// with one answer just off Antom's documented acknowledgement (HTTP 200 with result.resultCode
// SUCCESS and result.resultStatus S, https://docs.antom.com/ac/ams/notifyauth), and the simulator
// must count it as not received and resend on Antom's schedule until a real acknowledgement comes.
#include <doctest/doctest.h>

#include "tests/e2e/notification_support.hpp"

using namespace antom;
using namespace antom::test;
using namespace std::chrono_literals;

namespace {

struct Answer {
  const char* name;
  int status;
  std::string body;
};

std::string ack_with(const std::string& code, const std::string& status) {
  return R"({"result":{"resultCode":)" + code + R"(,"resultStatus":)" + status + R"(,"resultMessage":"success"}})";
}

}  // namespace

TEST_CASE("every answer but HTTP 200 with SUCCESS / S is not an acknowledgement and is resent on Antom's schedule") {
  const std::string ack = ack_with("\"SUCCESS\"", "\"S\"");
  const std::vector<Answer> answers = {
      {"status U", 200, ack_with("\"SUCCESS\"", "\"U\"")},
      {"status F", 200, ack_with("\"SUCCESS\"", "\"F\"")},
      {"status empty", 200, ack_with("\"SUCCESS\"", "\"\"")},
      {"status lower-case s", 200, ack_with("\"SUCCESS\"", "\"s\"")},
      {"status null", 200, ack_with("\"SUCCESS\"", "null")},
      {"status missing", 200, R"({"result":{"resultCode":"SUCCESS","resultMessage":"success"}})"},
      {"code FAIL", 200, ack_with("\"FAIL\"", "\"S\"")},
      {"code lower-case", 200, ack_with("\"success\"", "\"S\"")},
      {"code missing", 200, R"({"result":{"resultStatus":"S","resultMessage":"success"}})"},
      {"no result object", 200, R"({"resultCode":"SUCCESS","resultStatus":"S"})"},
      {"unparsable body", 200, R"({"result":{"resultCode":"SUCCESS","resultStatus":"S")"},
      {"empty body", 200, ""},
      {"HTTP 201", 201, ack},
      {"HTTP 204", 204, ""},
      {"HTTP 301", 301, ack},
      {"HTTP 302", 302, ack},
      {"HTTP 500", 500, ack},
  };
  for (const auto& answer : answers) {
    CAPTURE(answer.name);
    SimFixture fx;
    NotifyReceiver receiver(antom_public_key(fx.app().keys.antom_private));
    receiver.set_custom_answer(answer.status, answer.body);
    const std::string merchant = fx.app().merchants.find(fx.demo_client_id())->client_id;
    const auto id = inject(fx, merchant, state::NotifyKind::Payment, "PAYMENT_RESULT", receiver.url());
    REQUIRE(flush(fx));
    CHECK(receiver.count() == 2);  // the first delivery and the 0 s resend
    auto j = journal(fx, id);
    CHECK(text(j, "state") == "PENDING");
    REQUIRE(j["attempts"].Size() == 2);
    for (const auto& a : j["attempts"].GetArray()) {
      CHECK_FALSE(a["acknowledged"].GetBool());
      CHECK(a["httpStatus"].GetInt() == answer.status);
      CHECK_FALSE(text(a, "error").empty());
    }
    fx.advance(2min - 1s);
    REQUIRE(flush(fx));
    CHECK(receiver.count() == 2);  // not before its time
    fx.advance(1s);
    REQUIRE(flush(fx));
    CHECK(receiver.count() == 3);  // the 2 min resend
    // A real acknowledgement at the next resend (10 min later) ends it.
    receiver.set_custom_answer(200, ack);
    fx.advance(10min);
    REQUIRE(flush(fx));
    CHECK(receiver.count() == 4);
    j = journal(fx, id);
    CHECK(text(j, "state") == "DELIVERED");
    REQUIRE(j["attempts"].Size() == 4);
    CHECK(j["attempts"][3]["acknowledged"].GetBool());
    fx.advance(48h);
    REQUIRE(flush(fx));
    CHECK(receiver.count() == 4);  // nothing after the acknowledgement
  }
}

TEST_CASE("the documented acknowledgement, with or without resultMessage, ends delivery at the first attempt") {
  for (const std::string& body : {ack_with("\"SUCCESS\"", "\"S\""), std::string(R"({"result":{"resultStatus":"S","resultCode":"SUCCESS"}})"),
                                 std::string(R"({"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"ok"},"extra":1})")}) {
    CAPTURE(body);
    SimFixture fx;
    NotifyReceiver receiver(antom_public_key(fx.app().keys.antom_private));
    receiver.set_custom_answer(200, body);
    const std::string merchant = fx.app().merchants.find(fx.demo_client_id())->client_id;
    const auto id = inject(fx, merchant, state::NotifyKind::Refund, "REFUND_RESULT", receiver.url());
    REQUIRE(flush(fx));
    fx.advance(25h);
    REQUIRE(flush(fx));
    CHECK(receiver.count() == 1);
    auto j = journal(fx, id);
    CHECK(text(j, "state") == "DELIVERED");
    CHECK(j["attempts"].Size() == 1);
  }
}

TEST_CASE("an answer that never comes (timeout) is not an acknowledgement: resent at once, then acknowledged") {
  SimFixture fx;
  NotifyReceiver receiver(antom_public_key(fx.app().keys.antom_private));
  receiver.set_slow_delay(8s);  // past the 5 s attempt timeout
  receiver.script({ReceiverMode::Slow});
  const std::string merchant = fx.app().merchants.find(fx.demo_client_id())->client_id;
  const auto id = inject(fx, merchant, state::NotifyKind::Payment, "PAYMENT_RESULT", receiver.url());
  REQUIRE(flush(fx, "20s"));
  CHECK(receiver.count() == 2);
  auto j = journal(fx, id);
  CHECK(text(j, "state") == "DELIVERED");
  REQUIRE(j["attempts"].Size() == 2);
  CHECK_FALSE(j["attempts"][0]["acknowledged"].GetBool());
  CHECK(j["attempts"][0]["httpStatus"].IsNull());
  CHECK(text(j["attempts"][0], "error").find("timed out") != std::string::npos);
  CHECK(j["attempts"][1]["acknowledged"].GetBool());
}
