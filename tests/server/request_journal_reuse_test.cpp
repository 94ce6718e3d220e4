// The request journal refills entries it dropped (RequestJournal::blank_entry), but never one a
// reader still holds: GET /_sim/requests writes its JSON from entries it copied out under the lock,
// after letting the lock go.
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "server/request_journal.hpp"

using antom::server::JournalEntry;
using antom::server::RequestJournal;

namespace {

// Adds an entry for merchant "m" with `path`, and returns its sequence number.
std::uint64_t add(RequestJournal& journal, const std::string& path) {
  auto e = journal.blank_entry();
  e->merchant = std::string("m");  // (moved in: GCC 12 warns falsely on assigning a literal here)
  e->path = std::string(path);
  const JournalEntry* raw = e.get();
  journal.add(std::move(e));
  return raw->seq;
}

}  // namespace

TEST_CASE("a dropped journal entry that a reader still holds is not refilled") {
  RequestJournal journal(2);
  const std::uint64_t first = add(journal, "/first");
  add(journal, "/second");
  const std::shared_ptr<const JournalEntry> held = journal.find(first);
  REQUIRE(held);

  add(journal, "/third");  // drops /first, which `held` still points to
  CHECK_FALSE(journal.find(first));
  for (int i = 0; i < 4; ++i) {
    const auto fresh = journal.blank_entry();
    CHECK(fresh.get() != held.get());
  }
  add(journal, "/fourth");  // drops /second, which nobody holds
  add(journal, "/fifth");
  CHECK(held->path == "/first");
  CHECK(held->seq == first);
}

TEST_CASE("a dropped journal entry nobody holds is refilled, and lists as the new request") {
  RequestJournal journal(1);
  const std::uint64_t first = add(journal, "/first");
  const JournalEntry* first_address = journal.find(first).get();
  add(journal, "/second");  // drops /first; nobody holds it
  const auto reused = journal.blank_entry();
  CHECK(reused.get() == first_address);
  reused->merchant = std::string("m");
  reused->path = std::string("/third");
  journal.add(reused);
  const auto listing = journal.list(RequestJournal::Query{});
  REQUIRE(listing.entries.size() == 1);
  CHECK(listing.entries.front()->path == "/third");
  CHECK(listing.entries.front()->seq > first);
}
