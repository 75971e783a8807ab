// A failed RocksDB write: every request of the batch fails with kIo, and the
// writer's in-memory state (head, chain, stream versions, counters) rolls
// back, so nothing is skipped or reused -- in this process or after reopen.
// Faults are injected into WAL writes through a wrapping file system.
#include <rocksdb/env.h>

#include <boost/test/unit_test.hpp>

#include "eventstore/event_store.h"
#include "faulty_file_system.h"
#include "test_support.h"

namespace ticketd::eventstore {
namespace {

using testing::AsyncAppend;
using testing::error_of;
using testing::events;
using testing::FaultyFileSystem;
using testing::ok;
using testing::open_store;
using testing::stream_append;
using testing::TempDir;
using testing::WriterGate;

AppendRequest numbered(const std::string& id) {
  AppendRequest r;
  r.streams.push_back(stream_append("ticket-" + id, ExpectedVersion::no_stream(), events({id})));
  r.streams.push_back(stream_append("shared", ExpectedVersion::any(), events({id + "-shared"})));
  r.counter = "ticket_number/acme";
  return r;
}

BOOST_AUTO_TEST_SUITE(write_failure_test)

BOOST_AUTO_TEST_CASE(a_failed_write_fails_the_batch_and_rolls_back) {
  TempDir dir;
  auto fs = std::make_shared<FaultyFileSystem>();
  std::unique_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(fs);
  std::vector<std::string> logged;
  std::mutex log_mu;
  Options options;
  options.env = env.get();
  options.log = [&](std::string_view line) {
    std::lock_guard lk(log_mu);
    logged.emplace_back(line);
  };

  bool resumed = false;
  {
    auto store = open_store(dir.store(), options);
    ok(store->append(numbered("a")));
    ok(store->append(numbered("b")));
    BOOST_TEST(store->head() == 4u);

    // One batch of three requests (one stale) while the disk fails: the
    // first request's finalize arms the fault, just before the batch write.
    std::optional<AsyncAppend> c, d, stale;
    {
      WriterGate gate(*store, "gate");  // commits position 5 before the fault
      AppendRequest arming = numbered("c");
      arming.finalize = [&](uint64_t, std::vector<StreamAppend>&) { fs->armed = true; };
      c.emplace(*store, std::move(arming));
      d.emplace(*store, numbered("d"));
      AppendRequest old = numbered("e");
      old.streams[0].expected = ExpectedVersion::exactly(3);
      stale.emplace(*store, std::move(old));
      gate.release();
    }
    BOOST_TEST(error_of(c->get()) == StoreErrorCode::kIo);
    BOOST_TEST(error_of(d->get()) == StoreErrorCode::kIo);
    BOOST_TEST(error_of(stale->get()) == StoreErrorCode::kWrongExpectedVersion);
    BOOST_TEST(store->head() == 5u);
    {
      std::lock_guard lk(log_mu);
      BOOST_TEST(!logged.empty());  // the failure was logged
    }

    fs->armed = false;
    auto after = store->append(numbered("c"));
    if (after) {
      // RocksDB resumed: the writer continues exactly where the disk is.
      resumed = true;
      BOOST_TEST(after->first_position == 6u);
      BOOST_TEST(after->last_position == 7u);
      BOOST_TEST(after->counter_value == 3u);
      BOOST_TEST(after->stream_versions == (std::vector<uint64_t>{1, 3}),
                 boost::test_tools::per_element());
    } else {
      // RocksDB could not resume: the store refuses writes until reopened.
      BOOST_TEST(after.error().code == StoreErrorCode::kIo);
    }
    BOOST_TEST_MESSAGE("resumed in process: " << resumed);
    std::lock_guard lk(log_mu);
    for (const auto& line : logged) BOOST_TEST_MESSAGE("store log: " << line);
  }

  auto store = open_store(dir.store());
  auto report = ok(store->verify());
  BOOST_TEST(report.ok, report.problem);
  BOOST_TEST(!ok(store->find_event("d")).has_value());
  BOOST_TEST(!ok(store->find_event("e")).has_value());
  const uint64_t head = resumed ? 7 : 5;
  BOOST_TEST(store->head() == head);
  BOOST_TEST(ok(store->counter("ticket_number/acme")) == (resumed ? 3u : 2u));
  BOOST_TEST(ok(store->stream_version("shared")) == (resumed ? 3u : 2u));
  auto next = ok(store->append(numbered("f")));
  BOOST_TEST(next.first_position == head + 1);
  BOOST_TEST(next.counter_value == (resumed ? 4u : 3u));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::eventstore
