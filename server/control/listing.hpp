#pragma once
// Paged listings of the control API (/_sim/payments, refunds, declarations, buyers): a page size
// with a default and a maximum, an opaque cursor to the next page, and a walk that holds a
// merchant's lock for at most kListSlice records at a time, so listing a million payments never
// stalls that merchant's API calls for long. Entries are copied out under the lock; JSON is
// written outside it.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "server/app.hpp"
#include "server/control/control_router.hpp"
#include "state/fields.hpp"
#include "state/tick.hpp"

namespace antom::server {

inline constexpr std::size_t kDefaultPageSize = 100;
inline constexpr std::size_t kMaxPageSize = 1000;
// Records examined per hold of a merchant's lock.
inline constexpr std::size_t kListSlice = 256;

// Where the next page starts: a merchant and a position in its records, as "<position>.<clientId>".
struct ListCursor {
  std::string client_id;
  std::size_t position = 0;
};
[[nodiscard]] std::string to_string(const ListCursor& cursor);
[[nodiscard]] std::optional<ListCursor> parse_cursor(std::string_view text);

struct PageRequest {
  std::size_t limit = kDefaultPageSize;
  std::optional<ListCursor> cursor;
};
// ?limit= and ?cursor=; `error` names the problem when one is malformed.
[[nodiscard]] std::optional<PageRequest> page_request(const ControlRequest& req, std::string& error);

struct Page {
  std::vector<state::Fields> items;
  std::size_t total = 0;  // matches over the whole listing
  std::optional<ListCursor> next;
};

// One kind of record, for the walk. These run under the merchant's lock:
//   size(m): how many records; match(m, i): record i passes the filters; copy(m, i): a copy of
//   record i; `candidates(m)`, when it has a value, are the only positions that can match (an
//   index found them), in order. render(id, copy) makes the listing entry, outside the lock.
template <class Size, class Match, class Copy, class Candidates, class Render>
Page walk_records(App& app, const std::vector<std::string>& merchants, const PageRequest& page, bool filtered,
                  Size&& size, Match&& match, Copy&& copy, Candidates&& candidates, Render&& render) {
  Page out;
  using Record = std::decay_t<decltype(copy(std::declval<state::MerchantState&>(), std::size_t{}))>;
  std::vector<std::pair<const std::string*, Record>> copies;
  for (const auto& id : merchants) {  // in Client-Id order, as the cursor assumes
    const auto now = app.world.now(id);
    std::size_t from = 0;             // first position this page collects
    bool collecting = true;
    if (page.cursor) {
      if (id < page.cursor->client_id) collecting = false;
      else if (id == page.cursor->client_id) from = page.cursor->position;
    }
    // A filtered listing counts its matches over everything, also before the cursor; an
    // unfiltered one adds sizes and stops at the end of the page.
    std::size_t pos = filtered ? 0 : from;
    bool first = true, done = false;
    while (!done) {
      app.world.with_merchant(id, [&](state::MerchantState& m) {
        if (first) {
          state::advance_payments(m, now);
          if (!filtered) out.total += size(m);
          first = false;
        }
        if (!filtered && (!collecting || out.next)) {
          done = true;
          return;
        }
        const auto only = candidates(m);
        const std::size_t n = only ? only->size() : size(m);
        const std::size_t end = std::min(n, pos + kListSlice);
        for (; pos < end; ++pos) {
          const std::size_t at = only ? (*only)[pos] : pos;
          if (!match(m, at)) continue;
          if (filtered) ++out.total;
          if (!collecting || pos < from) continue;
          if (copies.size() < page.limit) copies.emplace_back(&id, copy(m, at));
          else if (!out.next) out.next = ListCursor{id, pos};
        }
        done = pos >= n || (!filtered && out.next);
      });
    }
  }
  out.items.reserve(copies.size());
  for (const auto& [id, record] : copies) out.items.push_back(render(*id, record));
  return out;
}

// {"<key>":[...], "total": n, "nextCursor": "..."} (nextCursor only when there is more).
[[nodiscard]] RawResponse page_response(const std::string& key, const Page& page);

}  // namespace antom::server
