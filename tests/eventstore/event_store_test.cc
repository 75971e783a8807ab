// EventStore: appends with expected versions, multi-stream atomicity, reads,
// reopening, read-only mode and closing.
#include "eventstore/event_store.h"

#include <boost/test/unit_test.hpp>

#include "test_support.h"

namespace ticketd::eventstore {
namespace {

using testing::error_of;
using testing::events;
using testing::make_event;
using testing::ok;
using testing::open_store;
using testing::stream_append;
using testing::TempDir;

BOOST_AUTO_TEST_SUITE(event_store_test)

BOOST_AUTO_TEST_CASE(appends_and_reads_back_a_stream_and_the_log) {
  TempDir dir;
  auto store = open_store(dir.store());
  BOOST_TEST(store->head() == 0u);

  auto first = ok(store->append("ticket-1", ExpectedVersion::no_stream(), events({"a", "b"})));
  BOOST_TEST(first.first_position == 1u);
  BOOST_TEST(first.last_position == 2u);
  BOOST_TEST(first.stream_versions == std::vector<uint64_t>{2}, boost::test_tools::per_element());
  BOOST_TEST(!first.duplicate);
  auto second = ok(store->append("ticket-2", ExpectedVersion::any(), events({"c"})));
  BOOST_TEST(second.first_position == 3u);
  auto third = ok(store->append("ticket-1", ExpectedVersion::exactly(2), events({"d"})));
  BOOST_TEST(third.first_position == 4u);
  BOOST_TEST(third.stream_versions[0] == 3u);
  BOOST_TEST(store->head() == 4u);
  BOOST_TEST(ok(store->stream_version("ticket-1")) == 3u);
  BOOST_TEST(ok(store->stream_version("nobody")) == 0u);

  auto stream = ok(store->read_stream("ticket-1"));
  BOOST_REQUIRE_EQUAL(stream.size(), 3u);
  const std::vector<std::string> ids = {"a", "b", "d"};
  const std::vector<uint64_t> positions = {1, 2, 4};
  for (size_t i = 0; i < stream.size(); ++i) {
    BOOST_TEST(stream[i].event_id == ids[i]);
    BOOST_TEST(stream[i].version == i + 1);
    BOOST_TEST(stream[i].position == positions[i]);
    BOOST_TEST(stream[i].stream == "ticket-1");
  }
  // Every field the caller gave comes back.
  NewEvent a = make_event("a");
  BOOST_TEST(stream[0].type == a.type);
  BOOST_TEST(stream[0].tenant == a.tenant);
  BOOST_TEST((stream[0].actor == a.actor));
  BOOST_TEST(stream[0].occurred_at_ms == a.occurred_at_ms);
  BOOST_TEST(stream[0].correlation_id == a.correlation_id);
  BOOST_TEST(stream[0].schema_version == a.schema_version);
  BOOST_TEST(stream[0].data == a.data);

  auto tail = ok(store->read_stream("ticket-1", 2, 1));
  BOOST_REQUIRE_EQUAL(tail.size(), 1u);
  BOOST_TEST(tail[0].event_id == "b");
  BOOST_TEST(ok(store->read_stream("unknown")).empty());
  BOOST_TEST(ok(store->read_stream("ticket-1", 9)).empty());

  auto all = ok(store->read_all(0, 100));
  BOOST_REQUIRE_EQUAL(all.size(), 4u);
  for (size_t i = 0; i < all.size(); ++i) BOOST_TEST(all[i].position == i + 1);
  BOOST_TEST(all[2].event_id == "c");
  // The chain links each record to the one before it.
  BOOST_TEST(all[0].prev_hash == Hash{});
  for (size_t i = 1; i < all.size(); ++i) BOOST_TEST(all[i].prev_hash == all[i - 1].hash);

  auto page = ok(store->read_all(1, 2));
  BOOST_REQUIRE_EQUAL(page.size(), 2u);
  BOOST_TEST(page[0].position == 2u);
  BOOST_TEST(page[1].position == 3u);
  BOOST_TEST(ok(store->read_all(4, 10)).empty());
  BOOST_TEST(ok(store->find_event("c")).value_or(0) == 3u);
  BOOST_TEST(!ok(store->find_event("zzz")).has_value());
}

BOOST_AUTO_TEST_CASE(expected_version_conflicts_append_nothing) {
  TempDir dir;
  auto store = open_store(dir.store());
  ok(store->append("s", ExpectedVersion::no_stream(), events({"e1"})));

  auto again = store->append("s", ExpectedVersion::no_stream(), events({"e2"}));
  BOOST_TEST(error_of(again) == StoreErrorCode::kWrongExpectedVersion);
  auto stale = store->append("s", ExpectedVersion::exactly(0), events({"e3"}));
  BOOST_TEST(error_of(stale) == StoreErrorCode::kWrongExpectedVersion);
  auto ahead = store->append("s", ExpectedVersion::exactly(2), events({"e4"}));
  BOOST_TEST(error_of(ahead) == StoreErrorCode::kWrongExpectedVersion);
  auto missing = store->append("t", ExpectedVersion::exactly(1), events({"e5"}));
  BOOST_TEST(error_of(missing) == StoreErrorCode::kWrongExpectedVersion);

  BOOST_TEST(store->head() == 1u);
  for (const char* id : {"e2", "e3", "e4", "e5"})
    BOOST_TEST(!ok(store->find_event(id)).has_value());
  // The failed ids were not consumed.
  auto any = ok(store->append("s", ExpectedVersion::any(), events({"e2"})));
  BOOST_TEST(any.first_position == 2u);
  BOOST_TEST(any.stream_versions[0] == 2u);
  BOOST_TEST(ok(store->append("s", ExpectedVersion::exactly(2), events({"e3"}))).first_position ==
             3u);
}

BOOST_AUTO_TEST_CASE(a_multi_stream_append_is_all_or_nothing) {
  TempDir dir;
  auto store = open_store(dir.store());
  ok(store->append("b", ExpectedVersion::no_stream(), events({"b1"})));

  AppendRequest good;
  good.streams.push_back(stream_append("a", ExpectedVersion::no_stream(), events({"a1", "a2"})));
  good.streams.push_back(stream_append("b", ExpectedVersion::exactly(1), events({"b2"})));
  auto r = ok(store->append(std::move(good)));
  BOOST_TEST(r.first_position == 2u);
  BOOST_TEST(r.last_position == 4u);
  BOOST_TEST(r.stream_versions == (std::vector<uint64_t>{2, 2}), boost::test_tools::per_element());

  AppendRequest bad;
  bad.streams.push_back(stream_append("c", ExpectedVersion::no_stream(), events({"c1"})));
  bad.streams.push_back(stream_append("a", ExpectedVersion::exactly(2), events({"a3"})));
  bad.streams.push_back(stream_append("b", ExpectedVersion::exactly(1), events({"b3"})));  // stale
  BOOST_TEST(error_of(store->append(std::move(bad))) == StoreErrorCode::kWrongExpectedVersion);
  BOOST_TEST(store->head() == 4u);
  BOOST_TEST(ok(store->stream_version("c")) == 0u);
  BOOST_TEST(ok(store->stream_version("a")) == 2u);
  BOOST_TEST(ok(store->read_stream("c")).empty());
  BOOST_TEST(!ok(store->find_event("c1")).has_value());
  BOOST_TEST(ok(store->verify()).ok);
}

BOOST_AUTO_TEST_CASE(malformed_requests_are_invalid_arguments) {
  TempDir dir;
  auto store = open_store(dir.store());
  auto code = [&](AppendRequest r) { return error_of(store->append(std::move(r))); };

  BOOST_TEST(code(AppendRequest{}) == StoreErrorCode::kInvalidArgument);
  BOOST_TEST(error_of(store->append("", ExpectedVersion::any(), events({"x"}))) ==
             StoreErrorCode::kInvalidArgument);
  BOOST_TEST(error_of(store->append(std::string("a\0b", 3), ExpectedVersion::any(),
                                    events({"x"}))) == StoreErrorCode::kInvalidArgument);
  BOOST_TEST(error_of(store->append("s", ExpectedVersion::any(), {})) ==
             StoreErrorCode::kInvalidArgument);
  BOOST_TEST(error_of(store->append("s", ExpectedVersion::any(), events({""}))) ==
             StoreErrorCode::kInvalidArgument);
  BOOST_TEST(error_of(store->append("s", ExpectedVersion::any(), events({"x", "x"}))) ==
             StoreErrorCode::kInvalidArgument);
  auto untyped = make_event("x", "{}", "");
  BOOST_TEST(error_of(store->append("s", ExpectedVersion::any(), {untyped})) ==
             StoreErrorCode::kInvalidArgument);
  auto huge = make_event("x", std::string(kMaxDataBytes + 1, 'x'));
  BOOST_TEST(error_of(store->append("s", ExpectedVersion::any(), {huge})) ==
             StoreErrorCode::kInvalidArgument);
  AppendRequest twice;
  twice.streams.push_back(stream_append("s", ExpectedVersion::any(), events({"x"})));
  twice.streams.push_back(stream_append("s", ExpectedVersion::any(), events({"y"})));
  BOOST_TEST(code(std::move(twice)) == StoreErrorCode::kInvalidArgument);
  AppendRequest same_id;
  same_id.streams.push_back(stream_append("s", ExpectedVersion::any(), events({"x"})));
  same_id.streams.push_back(stream_append("t", ExpectedVersion::any(), events({"x"})));
  BOOST_TEST(code(std::move(same_id)) == StoreErrorCode::kInvalidArgument);

  BOOST_TEST(store->head() == 0u);
  BOOST_TEST(ok(store->append("s", ExpectedVersion::any(), events({"x"}))).first_position == 1u);
}

BOOST_AUTO_TEST_CASE(reopening_preserves_everything_and_continues_the_chain) {
  TempDir dir;
  Hash head_hash{};
  {
    auto store = open_store(dir.store());
    ok(store->append("s", ExpectedVersion::no_stream(), events({"e1", "e2"})));
    AppendRequest numbered;
    numbered.streams.push_back(stream_append("t", ExpectedVersion::no_stream(), events({"e3"})));
    numbered.counter = "ticket_number/acme";
    ok(store->append(std::move(numbered)));
    head_hash = ok(store->verify()).head_hash;
  }
  auto store = open_store(dir.store());
  BOOST_TEST(store->head() == 3u);
  BOOST_TEST(ok(store->stream_version("s")) == 2u);
  BOOST_TEST(ok(store->counter("ticket_number/acme")) == 1u);
  BOOST_TEST(ok(store->find_event("e2")).value_or(0) == 2u);
  // The writer's caches start from disk: versions and dedup hold across reopen.
  BOOST_TEST(error_of(store->append("s", ExpectedVersion::exactly(1), events({"e4"}))) ==
             StoreErrorCode::kWrongExpectedVersion);
  BOOST_TEST(ok(store->append("s", ExpectedVersion::any(), events({"e1", "e2"}))).duplicate);
  auto next = ok(store->append("s", ExpectedVersion::exactly(2), events({"e4"})));
  BOOST_TEST(next.first_position == 4u);
  auto all = ok(store->read_all(0, 10));
  BOOST_REQUIRE_EQUAL(all.size(), 4u);
  BOOST_TEST(all[3].prev_hash == head_hash);
  auto report = ok(store->verify());
  BOOST_TEST(report.ok);
  BOOST_TEST(report.events == 4u);
  BOOST_TEST(report.head == 4u);
  BOOST_TEST(report.head_hash == all[3].hash);
}

BOOST_AUTO_TEST_CASE(read_only_opens_read_but_do_not_append) {
  TempDir dir;
  auto writer = open_store(dir.store());
  ok(writer->append("s", ExpectedVersion::any(), events({"e1"})));
  // Readable while the writer still has it open.
  Options read_only;
  read_only.read_only = true;
  auto reader = open_store(dir.store(), read_only);
  BOOST_TEST(reader->head() == 1u);
  BOOST_TEST(ok(reader->read_all(0, 10)).size() == 1u);
  BOOST_TEST(ok(reader->verify()).ok);
  BOOST_TEST(error_of(reader->append("s", ExpectedVersion::any(), events({"e2"}))) ==
             StoreErrorCode::kClosed);

  Options no_create;
  no_create.create_if_missing = false;
  TempDir empty;
  BOOST_TEST(!EventStore::open(empty.path() / "none", no_create).has_value());
}

BOOST_AUTO_TEST_CASE(close_commits_queued_appends_then_refuses_more) {
  TempDir dir;
  auto store = open_store(dir.store());
  std::atomic<int> committed{0};
  for (int i = 0; i < 50; ++i) {
    AppendRequest r;
    r.streams.push_back(stream_append("s" + std::to_string(i), ExpectedVersion::no_stream(),
                                      events({"e" + std::to_string(i)})));
    store->append_async(std::move(r), [&](Result<AppendResult> res) {
      if (res.has_value()) ++committed;
    });
  }
  store->close();
  BOOST_TEST(committed.load() == 50);
  BOOST_TEST(store->head() == 50u);
  BOOST_TEST(error_of(store->append("s", ExpectedVersion::any(), events({"late"}))) ==
             StoreErrorCode::kClosed);
  bool called = false;
  store->append_async(AppendRequest{}, [&](Result<AppendResult> res) {
    called = true;
    BOOST_TEST(error_of(res) == StoreErrorCode::kClosed);
  });
  BOOST_TEST(called);
  // Reads still work after close.
  BOOST_TEST(ok(store->read_all(0, 100)).size() == 50u);
}

BOOST_AUTO_TEST_CASE(a_second_writer_cannot_open_the_same_store) {
  TempDir dir;
  auto store = open_store(dir.store());
  auto second = EventStore::open(dir.store());
  BOOST_TEST(error_of(second) == StoreErrorCode::kIo);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::eventstore
