// Group commit under concurrency: gap-free positions in commit order, per-
// stream versions, optimistic-concurrency retries, and batches in which some
// requests fail while the rest commit.
#include "eventstore/group_commit_writer.h"

#include <boost/test/unit_test.hpp>
#include <map>
#include <set>
#include <thread>

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

AppendRequest request(std::string stream, ExpectedVersion expected, std::string id) {
  AppendRequest r;
  r.streams.push_back(stream_append(std::move(stream), expected, events({std::move(id)})));
  return r;
}

BOOST_AUTO_TEST_SUITE(group_commit_writer_test)

BOOST_AUTO_TEST_CASE(concurrent_appenders_get_gap_free_positions_in_commit_order) {
  TempDir dir;
  auto store = open_store(dir.store());
  constexpr int kThreads = 16;
  constexpr int kPerThread = 60;
  std::vector<std::vector<uint64_t>> positions(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string own = "own-" + std::to_string(t);
      for (int i = 0; i < kPerThread; ++i) {
        const std::string id = std::to_string(t) + "-" + std::to_string(i);
        // Half to the thread's own stream (exact versions), half to a shared one.
        auto r = (i % 2 == 0) ? store->append(own, ExpectedVersion::exactly(i / 2), events({id}))
                              : store->append("shared", ExpectedVersion::any(), events({id}));
        if (!r) {
          BOOST_ERROR("append failed: " << r.error().message);
          return;
        }
        positions[t].push_back(r->first_position);
      }
    });
  }
  for (auto& th : threads) th.join();

  const uint64_t n = uint64_t{kThreads} * kPerThread;
  BOOST_TEST(store->head() == n);
  std::set<uint64_t> all_positions;
  for (int t = 0; t < kThreads; ++t) {
    BOOST_REQUIRE_EQUAL(positions[t].size(), size_t{kPerThread});
    for (int i = 1; i < kPerThread; ++i) BOOST_TEST(positions[t][i] > positions[t][i - 1]);
    all_positions.insert(positions[t].begin(), positions[t].end());
  }
  BOOST_TEST(all_positions.size() == n);
  BOOST_TEST(*all_positions.begin() == 1u);
  BOOST_TEST(*all_positions.rbegin() == n);

  auto log = ok(store->read_all(0, n + 10));
  BOOST_REQUIRE_EQUAL(log.size(), n);
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPerThread; ++i) {
      BOOST_TEST(log[positions[t][i] - 1].event_id == std::to_string(t) + "-" + std::to_string(i));
    }
    auto own = ok(store->read_stream("own-" + std::to_string(t)));
    BOOST_REQUIRE_EQUAL(own.size(), size_t{kPerThread / 2});
    for (size_t v = 0; v < own.size(); ++v) BOOST_TEST(own[v].version == v + 1);
  }
  auto shared = ok(store->read_stream("shared"));
  BOOST_REQUIRE_EQUAL(shared.size(), n / 2);
  for (size_t v = 0; v < shared.size(); ++v) {
    BOOST_TEST(shared[v].version == v + 1);
    if (v > 0) BOOST_TEST(shared[v].position > shared[v - 1].position);
  }
  BOOST_TEST(ok(store->verify()).ok);
}

BOOST_AUTO_TEST_CASE(optimistic_writers_on_one_stream_retry_until_they_win) {
  TempDir dir;
  auto store = open_store(dir.store());
  constexpr int kThreads = 8;
  constexpr int kWins = 15;
  std::atomic<int> conflicts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWins;) {
        auto version = store->stream_version("hot");
        if (!version) return;
        auto r = store->append("hot", ExpectedVersion::exactly(*version),
                               events({std::to_string(t) + "-" + std::to_string(i)}));
        if (r) {
          ++i;
        } else if (r.error().code == StoreErrorCode::kWrongExpectedVersion) {
          ++conflicts;
        } else {
          BOOST_ERROR("append failed: " << r.error().message);
          return;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  auto stream = ok(store->read_stream("hot"));
  BOOST_REQUIRE_EQUAL(stream.size(), size_t{kThreads * kWins});
  for (size_t v = 0; v < stream.size(); ++v) BOOST_TEST(stream[v].version == v + 1);
  BOOST_TEST(store->head() == uint64_t{kThreads * kWins});  // conflicts appended nothing
  BOOST_TEST_MESSAGE("conflicts: " << conflicts.load());
}

BOOST_AUTO_TEST_CASE(a_failing_request_fails_alone_and_the_batch_commits) {
  TempDir dir;
  auto store = open_store(dir.store());
  WriterGate gate(*store, "gate");
  AsyncAppend a(*store, request("a", ExpectedVersion::no_stream(), "a1"));
  AsyncAppend b(*store, request("b", ExpectedVersion::exactly(5), "b1"));
  AsyncAppend c(*store, request("c", ExpectedVersion::no_stream(), "c1"));
  // Versions are checked against earlier requests of the same batch.
  AsyncAppend a2(*store, request("a", ExpectedVersion::exactly(1), "a2"));
  AsyncAppend a_stale(*store, request("a", ExpectedVersion::exactly(1), "a3"));
  AsyncAppend bad(*store, AppendRequest{});
  gate.release();

  BOOST_TEST(ok(a.get()).first_position == 2u);
  BOOST_TEST(error_of(b.get()) == StoreErrorCode::kWrongExpectedVersion);
  BOOST_TEST(ok(c.get()).first_position == 3u);
  auto second = ok(a2.get());
  BOOST_TEST(second.first_position == 4u);
  BOOST_TEST(second.stream_versions[0] == 2u);
  BOOST_TEST(error_of(a_stale.get()) == StoreErrorCode::kWrongExpectedVersion);
  BOOST_TEST(error_of(bad.get()) == StoreErrorCode::kInvalidArgument);
  BOOST_TEST(store->head() == 4u);
  BOOST_TEST(ok(store->verify()).ok);
}

BOOST_AUTO_TEST_CASE(async_callbacks_run_after_the_batch_is_durable) {
  TempDir dir;
  auto store = open_store(dir.store());
  constexpr int kAppends = 200;
  std::mutex mu;
  std::vector<uint64_t> seen;
  std::atomic<int> not_yet_visible{0};
  std::atomic<int> done{0};
  for (int i = 0; i < kAppends; ++i) {
    store->append_async(
        request("s" + std::to_string(i), ExpectedVersion::no_stream(), "e" + std::to_string(i)),
        [&](Result<AppendResult> r) {
          if (r) {
            // Published (and readable) before the caller hears.
            if (store->head() < r->last_position) ++not_yet_visible;
            std::lock_guard lk(mu);
            seen.push_back(r->first_position);
          }
          ++done;
        });
  }
  store->close();
  BOOST_TEST(done.load() == kAppends);
  BOOST_TEST(not_yet_visible.load() == 0);
  BOOST_REQUIRE_EQUAL(seen.size(), size_t{kAppends});
  // One writer completes callers in queue order.
  for (size_t i = 0; i < seen.size(); ++i) BOOST_TEST(seen[i] == i + 1);
}

BOOST_AUTO_TEST_CASE(verify_sees_a_consistent_snapshot_while_appends_continue) {
  TempDir dir;
  auto store = open_store(dir.store());
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; !stop.load(); ++i) {
        AppendRequest r;
        r.streams.push_back(stream_append("w" + std::to_string(t), ExpectedVersion::any(),
                                          events({std::to_string(t) + "/" + std::to_string(i)})));
        r.streams.push_back(stream_append(
            "x" + std::to_string(t) + "-" + std::to_string(i), ExpectedVersion::no_stream(),
            events({"x" + std::to_string(t) + "/" + std::to_string(i)})));
        if (!store->append(std::move(r))) return;
      }
    });
  }
  for (int round = 0; round < 5; ++round) {
    store->wait_for(store->head(), std::chrono::steady_clock::now() + std::chrono::seconds(5));
    auto report = ok(store->verify());
    BOOST_TEST(report.ok, report.problem);
    BOOST_TEST(report.events == report.head);
  }
  stop = true;
  for (auto& th : writers) th.join();
  BOOST_TEST(ok(store->verify()).ok);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::eventstore
