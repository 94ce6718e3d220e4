// The index from a record's key to its position: every key added is found at its position,
// absent keys are not, and a copy of the records with their index stays consistent.
#include <doctest/doctest.h>

#include <deque>
#include <string>

#include "state/key_index.hpp"
#include "state/payments.hpp"

using namespace antom::state;

TEST_CASE("KeyIndex finds each of 100 000 keys at its position and no other key") {
  std::deque<std::string> keys;
  KeyIndex index;
  const auto key_of = [&](std::uint32_t i) -> std::string_view { return keys[i]; };
  CHECK_FALSE(index.find("anything", key_of));
  for (std::uint32_t i = 0; i < 100000; ++i) {
    keys.push_back("pay-" + std::to_string(i * 7919));
    index.insert(keys.back(), i);
  }
  CHECK(index.size() == 100000);
  for (std::uint32_t i = 0; i < 100000; i += 7) REQUIRE(index.find(keys[i], key_of) == i);
  for (int i = 0; i < 1000; ++i) CHECK_FALSE(index.find("pay-" + std::to_string(i * 7919 + 1), key_of));
  CHECK_FALSE(index.find("", key_of));
  // A key added again keeps its first position, as a map's emplace would.
  keys.push_back(keys[42]);
  index.insert(keys.back(), 100000);
  CHECK(index.find(keys[42], key_of) == 42u);
  index.clear();
  CHECK(index.size() == 0);
  CHECK_FALSE(index.find(keys[42], key_of));
}

TEST_CASE("a copied PaymentBook answers from its own records") {
  PaymentBook book;
  for (int i = 0; i < 50; ++i) {
    Payment p;
    p.payment_id = "P" + std::to_string(i);
    p.payment_request_id = "R" + std::to_string(i);
    book.add(std::move(p));
  }
  PaymentBook copy = book;
  book.payment("P7")->payment_request_id = "changed in the original";
  REQUIRE(copy.payment("P7") != nullptr);
  CHECK(copy.payment("P7")->payment_request_id == "R7");
  CHECK(copy.payment_by_request("R49")->payment_id == "P49");
  CHECK(copy.payment("P50") == nullptr);
  CHECK(&copy.payment("P3")->payment_id != &book.payment("P3")->payment_id);
}
