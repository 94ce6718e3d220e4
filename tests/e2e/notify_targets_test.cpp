// Where notifications may go (#21): the allow-list is checked on the addresses a URL's host
// resolves to when the sender connects; a refused attempt is journaled and nothing is sent. And a
// header value with a control character is refused where header lines are written.
#include <doctest/doctest.h>

#include "tests/e2e/notification_support.hpp"

using namespace antom;
using namespace antom::test;

namespace {

std::string first_error(SimFixture& fx, const std::string& id) {
  auto j = journal(fx, id);
  REQUIRE(j["attempts"].Size() >= 1);
  return text(j["attempts"][0], "error");
}

}  // namespace

TEST_CASE("notify allow-list: private and link-local targets are refused by default, loopback is not") {
  SimFixture fx;
  NotifyReceiver receiver(antom_public_key(fx.app().keys.antom_private));
  const std::string merchant = fx.demo_client_id();
  const auto to_private = inject(fx, merchant, state::NotifyKind::Payment, "PAYMENT_RESULT", "http://10.255.255.1:9/n");
  const auto to_link_local = inject(fx, merchant, state::NotifyKind::Payment, "PAYMENT_RESULT", "http://169.254.169.254/latest");
  const auto to_v6 = inject(fx, merchant, state::NotifyKind::Payment, "PAYMENT_RESULT", "http://[fe80::1]:9/n");
  const auto to_loopback = inject(fx, merchant, state::NotifyKind::Payment, "PAYMENT_RESULT", receiver.url());
  REQUIRE(flush(fx));
  for (const auto& id : {to_private, to_link_local, to_v6}) {
    CAPTURE(id);
    const auto error = first_error(fx, id);
    CHECK(error.find("refused") != std::string::npos);
    CHECK(error.find("--notify-allow loopback") != std::string::npos);
  }
  CHECK(first_error(fx, to_private).find("10.255.255.1") != std::string::npos);
  CHECK(text(journal(fx, to_loopback), "state") == "DELIVERED");
  CHECK(receiver.count() == 1);
}

TEST_CASE("notify allow-list: a name that resolves into a forbidden network is refused; an allowed name is trusted") {
  {
    SimFixture fx({.notify_allow = "10.0.0.0/8"});  // loopback not allowed
    NotifyReceiver receiver(antom_public_key(fx.app().keys.antom_private));
    const auto by_name = inject(fx, fx.demo_client_id(), state::NotifyKind::Payment, "PAYMENT_RESULT",
                                "http://localhost:" + std::to_string(receiver.port()) + "/n");
    const auto by_address = inject(fx, fx.demo_client_id(), state::NotifyKind::Payment, "PAYMENT_RESULT", receiver.url());
    REQUIRE(flush(fx));
    const auto error = first_error(fx, by_name);
    CHECK(error.find("refused: localhost resolves to 127.0.0.1") != std::string::npos);
    CHECK(first_error(fx, by_address).find("refused") != std::string::npos);
    CHECK(receiver.count() == 0);
  }
  {
    SimFixture fx({.notify_allow = "localhost"});
    NotifyReceiver receiver(antom_public_key(fx.app().keys.antom_private));
    const auto by_name = inject(fx, fx.demo_client_id(), state::NotifyKind::Payment, "PAYMENT_RESULT",
                                "http://localhost:" + std::to_string(receiver.port()) + "/n");
    REQUIRE(flush(fx));
    CHECK(text(journal(fx, by_name), "state") == "DELIVERED");
    CHECK(receiver.count() == 1);
  }
}

TEST_CASE("notify allow-list: bad entries are refused at start-up, naming the entry") {
  for (const char* bad : {"10.0.0.0/33", "nonsense entry", "::1/200", ""}) {
    CAPTURE(bad);
    server::Options o;
    const char* argv[] = {"antom-sim", "--notify-allow", bad};
    const auto parsed = server::parse_options(3, argv);
    CHECK(parsed.error.find("--notify-allow") != std::string::npos);
  }
  const char* argv[] = {"antom-sim", "--notify-allow", "loopback,private,192.0.2.7,fd00::/8,*.merchant.test"};
  CHECK(server::parse_options(3, argv).error.empty());
}

TEST_CASE("header injection: a Client-Id with CR/LF that got in anyway is refused where headers are written") {
  SimFixture fx;
  NotifyReceiver receiver(antom_public_key(fx.app().keys.antom_private));
  // Registration refuses it (control_hardening_test); this one is put in behind the control API's back.
  server::Merchant m = *fx.app().merchants.find(fx.demo_client_id());
  m.client_id = "SANDBOX_EVIL\r\nInjected: yes";
  m.notify_url = receiver.url();
  fx.app().merchants.upsert(m);
  const auto id = inject(fx, m.client_id, state::NotifyKind::Payment, "PAYMENT_RESULT", receiver.url());
  REQUIRE(flush(fx));
  const auto j = journal(fx, id, "SANDBOX_EVIL%0D%0AInjected%3A%20yes");
  REQUIRE(j["attempts"].Size() >= 1);
  CHECK(text(j["attempts"][0], "error").find("refused: the client-id header would hold a control character") !=
        std::string::npos);
  CHECK(receiver.count() == 0);
}
