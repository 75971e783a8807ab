// Idempotent appends: a request whose event ids are all stored is answered
// with the original append and stores nothing; a partial overlap is an error.
// (The dedup logic lives in eventstore/batch_committer.cc.)
#include <boost/test/unit_test.hpp>

#include "eventstore/event_store.h"
#include "test_support.h"

namespace ticketd::eventstore {
namespace {

using testing::AsyncAppend;
using testing::error_of;
using testing::events;
using testing::ok;
using testing::open_store;
using testing::stream_append;
using testing::TempDir;
using testing::WriterGate;

AppendRequest request(std::string stream, ExpectedVersion expected,
                      std::initializer_list<std::string> ids) {
  AppendRequest r;
  r.streams.push_back(stream_append(std::move(stream), expected, events(ids)));
  return r;
}

BOOST_AUTO_TEST_SUITE(idempotency_test)

BOOST_AUTO_TEST_CASE(a_retry_returns_the_original_positions_and_stores_nothing) {
  TempDir dir;
  auto store = open_store(dir.store());
  ok(store->append("other", ExpectedVersion::any(), events({"o1"})));
  auto original = ok(store->append(request("s", ExpectedVersion::no_stream(), {"a1", "a2"})));
  ok(store->append("other", ExpectedVersion::any(), events({"o2"})));

  // The retry's expected version is stale by now; it is still the same append.
  auto retry = ok(store->append(request("s", ExpectedVersion::no_stream(), {"a1", "a2"})));
  BOOST_TEST(retry.duplicate);
  BOOST_TEST(retry.first_position == original.first_position);
  BOOST_TEST(retry.last_position == original.last_position);
  BOOST_TEST(retry.stream_versions == original.stream_versions, boost::test_tools::per_element());
  BOOST_TEST(store->head() == 4u);
  BOOST_TEST(ok(store->read_stream("s")).size() == 2u);
  BOOST_TEST(ok(store->verify()).ok);
}

BOOST_AUTO_TEST_CASE(two_identical_requests_in_one_batch_store_once) {
  TempDir dir;
  auto store = open_store(dir.store());
  WriterGate gate(*store, "gate");
  AsyncAppend first(*store, request("t", ExpectedVersion::no_stream(), {"x1", "x2"}));
  AsyncAppend second(*store, request("t", ExpectedVersion::no_stream(), {"x1", "x2"}));
  gate.release();

  auto a = ok(first.get());
  auto b = ok(second.get());
  BOOST_TEST(!a.duplicate);
  BOOST_TEST(b.duplicate);
  BOOST_TEST(a.first_position == 2u);
  BOOST_TEST(b.first_position == a.first_position);
  BOOST_TEST(b.last_position == a.last_position);
  BOOST_TEST(b.stream_versions == a.stream_versions, boost::test_tools::per_element());
  BOOST_TEST(store->head() == 3u);
  BOOST_TEST(ok(store->read_stream("t")).size() == 2u);
  BOOST_TEST(ok(store->verify()).ok);
}

BOOST_AUTO_TEST_CASE(a_partial_overlap_is_a_mismatch_and_stores_nothing) {
  TempDir dir;
  auto store = open_store(dir.store());
  ok(store->append(request("s", ExpectedVersion::no_stream(), {"a1"})));

  auto partial = store->append(request("s", ExpectedVersion::any(), {"a1", "a2"}));
  BOOST_TEST(error_of(partial) == StoreErrorCode::kDuplicateMismatch);
  BOOST_TEST(!ok(store->find_event("a2")).has_value());
  BOOST_TEST(store->head() == 1u);

  // The same inside one batch: the second request overlaps the first.
  WriterGate gate(*store, "gate");
  AsyncAppend first(*store, request("u", ExpectedVersion::no_stream(), {"b1", "b2"}));
  AsyncAppend overlap(*store, request("u", ExpectedVersion::any(), {"b2", "b3"}));
  gate.release();
  BOOST_TEST(ok(first.get()).first_position == 3u);
  BOOST_TEST(error_of(overlap.get()) == StoreErrorCode::kDuplicateMismatch);
  BOOST_TEST(!ok(store->find_event("b3")).has_value());
  BOOST_TEST(store->head() == 4u);
  BOOST_TEST(ok(store->verify()).ok);
}

BOOST_AUTO_TEST_CASE(the_same_ids_in_another_stream_are_a_mismatch) {
  TempDir dir;
  auto store = open_store(dir.store());
  ok(store->append(request("s", ExpectedVersion::no_stream(), {"a1"})));
  auto elsewhere = store->append(request("t", ExpectedVersion::no_stream(), {"a1"}));
  BOOST_TEST(error_of(elsewhere) == StoreErrorCode::kDuplicateMismatch);
  BOOST_TEST(ok(store->stream_version("t")) == 0u);
}

BOOST_AUTO_TEST_CASE(duplicates_are_recognized_after_reopen_with_their_counter_value) {
  TempDir dir;
  AppendResult original;
  {
    auto store = open_store(dir.store());
    ok(store->append(request("n0", ExpectedVersion::no_stream(), {"first"})));
    AppendRequest r = request("n1", ExpectedVersion::no_stream(), {"open-1"});
    r.counter = "ticket_number/acme";
    original = ok(store->append(std::move(r)));
    BOOST_TEST(original.counter_value == 1u);
  }
  auto store = open_store(dir.store());
  AppendRequest retry = request("n1", ExpectedVersion::no_stream(), {"open-1"});
  retry.counter = "ticket_number/acme";
  bool finalized = false;
  retry.finalize = [&](uint64_t, std::vector<StreamAppend>&) { finalized = true; };
  auto again = ok(store->append(std::move(retry)));
  BOOST_TEST(again.duplicate);
  BOOST_TEST(again.first_position == original.first_position);
  BOOST_TEST(again.counter_value == 1u);
  BOOST_TEST(!finalized);  // a duplicate allocates nothing
  BOOST_TEST(ok(store->counter("ticket_number/acme")) == 1u);
  BOOST_TEST(store->head() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::eventstore
