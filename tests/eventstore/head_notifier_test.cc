// The committed head and the ways to learn it moved: wait_for() and
// subscriptions, directly and through the EventStore.
#include "eventstore/head_notifier.h"

#include <boost/test/unit_test.hpp>
#include <future>
#include <map>
#include <mutex>
#include <thread>

#include "eventstore/event_store.h"
#include "test_support.h"

namespace ticketd::eventstore {
namespace {

using namespace std::chrono_literals;
using testing::events;
using testing::ok;
using testing::open_store;
using testing::stream_append;
using testing::TempDir;

std::chrono::steady_clock::time_point in(std::chrono::milliseconds d) {
  return std::chrono::steady_clock::now() + d;
}

BOOST_AUTO_TEST_SUITE(head_notifier_test)

BOOST_AUTO_TEST_CASE(wait_for_wakes_when_an_append_commits) {
  TempDir dir;
  auto store = open_store(dir.store());
  ok(store->append("s", ExpectedVersion::any(), events({"e1"})));

  std::promise<void> waiting;
  auto woke = std::async(std::launch::async, [&] {
    waiting.set_value();
    return store->wait_for(1, in(60s));
  });
  waiting.get_future().wait();
  ok(store->append("s", ExpectedVersion::any(), events({"e2"})));
  BOOST_TEST(woke.get());
  BOOST_TEST(store->head() == 2u);
  // Already past: returns at once.
  BOOST_TEST(store->wait_for(0, in(0ms)));
}

BOOST_AUTO_TEST_CASE(wait_for_times_out_without_appends_and_returns_false_on_close) {
  TempDir dir;
  auto store = open_store(dir.store());
  BOOST_TEST(!store->wait_for(0, in(20ms)));

  auto waiter = std::async(std::launch::async, [&] { return store->wait_for(0, in(60s)); });
  store->close();
  BOOST_TEST(!waiter.get());
}

BOOST_AUTO_TEST_CASE(subscribers_see_every_head_in_increasing_order) {
  TempDir dir;
  auto store = open_store(dir.store());
  std::mutex mu;
  std::vector<uint64_t> heads;
  auto id = store->subscribe([&](uint64_t head) {
    std::lock_guard lk(mu);
    heads.push_back(head);
  });

  constexpr int kThreads = 8;
  constexpr int kPerThread = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto r = store->append("s" + std::to_string(t), ExpectedVersion::any(),
                               events({std::to_string(t) + "-" + std::to_string(i)}));
        if (!r) BOOST_ERROR(r.error().message);
      }
    });
  }
  for (auto& th : threads) th.join();

  store->unsubscribe(id);
  ok(store->append("s0", ExpectedVersion::any(), events({"after"})));

  std::lock_guard lk(mu);
  BOOST_REQUIRE(!heads.empty());
  for (size_t i = 1; i < heads.size(); ++i) BOOST_TEST(heads[i] > heads[i - 1]);
  // Subscribers run before appenders are answered, so the last head is in;
  // after unsubscribe, no more calls.
  BOOST_TEST(heads.back() == uint64_t{kThreads * kPerThread});
}

BOOST_AUTO_TEST_CASE(commit_observers_hear_each_changed_stream_before_the_head_moves) {
  TempDir dir;
  auto store = open_store(dir.store());
  std::mutex mu;
  std::map<std::string, uint64_t> seen;  // stream -> last version told
  uint64_t told_events = 0;              // every event is in a stream told
  bool told_before_head = true;
  int early_answers = 0;  // answered before the observer was told (or failed)
  auto id = store->observe_commits([&](const std::vector<StreamHead>& heads) {
    std::lock_guard lk(mu);
    for (const StreamHead& h : heads) {
      auto& v = seen[std::string(h.stream)];
      if (h.version <= v) told_before_head = false;  // out of order
      told_events += h.version - v;
      v = h.version;
    }
  });
  // Head subscribers run once the head moved: the observers were told first.
  auto sub = store->subscribe([&](uint64_t head) {
    std::lock_guard lk(mu);
    if (told_events < head) told_before_head = false;
  });

  constexpr int kThreads = 6;
  constexpr int kPerThread = 20;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string key = std::to_string(t) + "-" + std::to_string(i);
        // The callback runs after the batch's observers: the observer has
        // already been told this stream's new version.
        store->append_async(
            [&] {
              AppendRequest r;
              r.streams.push_back(
                  stream_append("a" + std::to_string(t), ExpectedVersion::any(), events({key})));
              r.streams.push_back(stream_append("b" + std::to_string(t), ExpectedVersion::any(),
                                                events({key + "b"})));
              return r;
            }(),
            [&, t](Result<AppendResult> r) {
              std::lock_guard lk(mu);
              if (!r || seen["a" + std::to_string(t)] < r->stream_versions[0] ||
                  seen["b" + std::to_string(t)] < r->stream_versions[1]) {
                ++early_answers;
              }
            });
      }
    });
  }
  for (auto& th : threads) th.join();
  ok(store->append("a0", ExpectedVersion::any(), events({"sync"})));
  {
    std::lock_guard lk(mu);
    BOOST_TEST(seen.size() == std::size_t{2 * kThreads});
    BOOST_TEST(seen["a0"] == uint64_t{kPerThread + 1});
    BOOST_TEST(seen["b5"] == uint64_t{kPerThread});
    BOOST_TEST(told_before_head);
    BOOST_TEST(early_answers == 0);
  }
  // A failed append and a duplicate change nothing and are not told; after
  // unobserve_commits nothing is.
  BOOST_TEST(!store->append("a0", ExpectedVersion::exactly(1), events({"late"})));
  ok(store->append("a0", ExpectedVersion::any(), events({"sync"})));
  {
    std::lock_guard lk(mu);
    BOOST_TEST(seen["a0"] == uint64_t{kPerThread + 1});
  }
  store->unobserve_commits(id);
  store->unsubscribe(sub);
  ok(store->append("c", ExpectedVersion::any(), events({"after"})));
  std::lock_guard lk(mu);
  BOOST_TEST(seen.count("c") == 0u);
}

BOOST_AUTO_TEST_CASE(a_subscriber_may_unsubscribe_itself) {
  HeadNotifier notifier(0);
  int calls = 0;
  SubscriptionId id = 0;
  id = notifier.subscribe([&](uint64_t) {
    ++calls;
    notifier.unsubscribe(id);
  });
  int other_calls = 0;
  notifier.subscribe([&](uint64_t) { ++other_calls; });
  notifier.publish(1);
  notifier.publish(2);
  BOOST_TEST(calls == 1);
  BOOST_TEST(other_calls == 2);
  BOOST_TEST(notifier.head() == 2u);
}

BOOST_AUTO_TEST_CASE(unsubscribe_waits_for_a_running_callback) {
  HeadNotifier notifier(0);
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<bool> finished{false};
  SubscriptionId id = notifier.subscribe([&](uint64_t) {
    entered.set_value();
    released.wait();
    finished = true;
  });
  std::thread publisher([&] { notifier.publish(1); });
  entered.get_future().wait();
  auto unsubscribed = std::async(std::launch::async, [&] {
    notifier.unsubscribe(id);
    return finished.load();
  });
  // Blocked while the callback runs.
  BOOST_TEST((unsubscribed.wait_for(50ms) == std::future_status::timeout));
  release.set_value();
  BOOST_TEST(unsubscribed.get());  // it returned only after the callback finished
  publisher.join();
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::eventstore
