// Streaming reads of the log: the cursor and scan() built on it.
#include "eventstore/log_cursor.h"

#include <boost/test/unit_test.hpp>

#include "eventstore/event_store.h"
#include "test_support.h"

namespace ticketd::eventstore {
namespace {

using testing::events;
using testing::ok;
using testing::open_store;
using testing::TempDir;

void fill(EventStore& store, int n) {
  for (int i = 0; i < n; ++i) {
    ok(store.append("s" + std::to_string(i % 7), ExpectedVersion::any(),
                    events({"e" + std::to_string(i)})));
  }
}

BOOST_AUTO_TEST_SUITE(log_cursor_test)

BOOST_AUTO_TEST_CASE(a_cursor_walks_the_log_in_order_up_to_the_head_at_creation) {
  TempDir dir;
  auto store = open_store(dir.store());
  fill(*store, 30);
  LogCursor cursor = store->cursor(10);
  fill(*store, 5);  // after the cursor was made: not seen
  uint64_t expected = 11;
  for (;;) {
    auto more = cursor.next();
    BOOST_REQUIRE(more.has_value());
    if (!*more) break;
    BOOST_TEST(cursor.envelope().position == expected);
    BOOST_TEST(cursor.position() == expected);
    BOOST_TEST(cursor.envelope().event_id == "e" + std::to_string(expected - 1));
    ++expected;
  }
  BOOST_TEST(expected == 31u);
  BOOST_TEST(!ok(cursor.next()));  // stays at the end
  BOOST_TEST(!ok(store->cursor(35).next()));
  BOOST_TEST(!ok(store->cursor(1000).next()));
}

BOOST_AUTO_TEST_CASE(a_cursor_after_the_largest_position_is_empty_not_broken) {
  // after + 1 wraps to 0 at the top of the range: the cursor must answer
  // "nothing more" rather than "position 0 is missing".
  TempDir dir;
  auto store = open_store(dir.store());
  fill(*store, 3);
  BOOST_TEST(!ok(store->cursor(UINT64_MAX).next()));
  BOOST_TEST(!ok(store->cursor(UINT64_MAX - 1).next()));
  BOOST_TEST(ok(store->read_all(UINT64_MAX, 10)).empty());
}

BOOST_AUTO_TEST_CASE(scan_stops_when_told_and_resumes_from_its_answer) {
  TempDir dir;
  auto store = open_store(dir.store());
  fill(*store, 25);
  std::vector<uint64_t> seen;
  auto visit = [&](const Envelope& e) {
    seen.push_back(e.position);
    return seen.size() % 10 != 0;  // stop after every tenth
  };
  uint64_t at = ok(store->scan(0, visit));
  BOOST_TEST(at == 10u);
  at = ok(store->scan(at, visit));
  BOOST_TEST(at == 20u);
  at = ok(store->scan(at, visit));
  BOOST_TEST(at == 25u);
  BOOST_TEST(ok(store->scan(at, visit)) == 25u);
  BOOST_REQUIRE_EQUAL(seen.size(), 25u);
  for (size_t i = 0; i < seen.size(); ++i) BOOST_TEST(seen[i] == i + 1);
}

BOOST_AUTO_TEST_CASE(a_cursor_can_be_moved) {
  TempDir dir;
  auto store = open_store(dir.store());
  fill(*store, 3);
  LogCursor a = store->cursor(0);
  BOOST_TEST(ok(a.next()));
  LogCursor b = std::move(a);
  BOOST_TEST(ok(b.next()));
  BOOST_TEST(b.envelope().position == 2u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::eventstore
