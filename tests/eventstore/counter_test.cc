// Per-key counters (ticket numbers): allocated in the writer only for
// requests that commit, so values are unique, gap-free and survive restarts;
// finalize puts them into payloads before encoding.
#include <boost/test/unit_test.hpp>
#include <mutex>
#include <set>
#include <thread>

#include "eventstore/event_store.h"
#include "test_support.h"

namespace ticketd::eventstore {
namespace {

using testing::error_of;
using testing::events;
using testing::ok;
using testing::open_store;
using testing::stream_append;
using testing::TempDir;

constexpr std::string_view kCounter = "ticket_number/acme";

// Opens a ticket stream and takes the next number, written into the payload.
AppendRequest open_ticket(const std::string& id,
                          ExpectedVersion expected = ExpectedVersion::no_stream()) {
  AppendRequest r;
  r.streams.push_back(stream_append("ticket-" + id, expected, events({"opened-" + id})));
  r.counter = std::string(kCounter);
  r.finalize = [](uint64_t number, std::vector<StreamAppend>& streams) {
    streams[0].events[0].data = "{\"number\":" + std::to_string(number) + "}";
  };
  return r;
}

BOOST_AUTO_TEST_SUITE(counter_test)

BOOST_AUTO_TEST_CASE(concurrent_allocations_are_exactly_one_to_n) {
  TempDir dir;
  auto store = open_store(dir.store());
  constexpr int kThreads = 16;
  constexpr int kPerThread = 40;
  std::mutex mu;
  std::vector<uint64_t> values;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string id = std::to_string(t) + "-" + std::to_string(i);
        // Every third request also races on a version it cannot have: it must
        // fail without consuming a number.
        if (i % 3 == 0) {
          auto lost = store->append(open_ticket("x" + id, ExpectedVersion::exactly(7)));
          if (lost || lost.error().code != StoreErrorCode::kWrongExpectedVersion) {
            BOOST_ERROR("a stale request did not fail with kWrongExpectedVersion");
          }
        }
        auto r = store->append(open_ticket(id));
        if (!r) {
          BOOST_ERROR("append failed: " << r.error().message);
          return;
        }
        std::lock_guard lk(mu);
        values.push_back(r->counter_value);
      }
    });
  }
  for (auto& th : threads) th.join();

  const uint64_t n = uint64_t{kThreads} * kPerThread;
  std::set<uint64_t> unique(values.begin(), values.end());
  BOOST_TEST(values.size() == n);
  BOOST_TEST(unique.size() == n);
  BOOST_TEST(*unique.begin() == 1u);
  BOOST_TEST(*unique.rbegin() == n);
  BOOST_TEST(ok(store->counter(kCounter)) == n);

  // The payloads carry the numbers they were given.
  std::set<std::string> payloads;
  ok(store->scan(0, [&](const Envelope& e) {
    payloads.insert(e.data);
    return true;
  }));
  for (uint64_t v = 1; v <= n; ++v)
    BOOST_TEST(payloads.count("{\"number\":" + std::to_string(v) + "}") == 1u);
}

BOOST_AUTO_TEST_CASE(counters_survive_reopen_and_are_independent_per_key) {
  TempDir dir;
  {
    auto store = open_store(dir.store());
    for (int i = 0; i < 3; ++i) ok(store->append(open_ticket(std::to_string(i))));
    AppendRequest other;
    other.streams.push_back(stream_append("other", ExpectedVersion::any(), events({"o1"})));
    other.counter = "ticket_number/globex";
    BOOST_TEST(ok(store->append(std::move(other))).counter_value == 1u);
  }
  auto store = open_store(dir.store());
  BOOST_TEST(ok(store->counter(kCounter)) == 3u);
  BOOST_TEST(ok(store->counter("ticket_number/globex")) == 1u);
  BOOST_TEST(ok(store->counter("never")) == 0u);
  auto next = ok(store->append(open_ticket("3")));
  BOOST_TEST(next.counter_value == 4u);
  auto stream = ok(store->read_stream("ticket-3"));
  BOOST_REQUIRE_EQUAL(stream.size(), 1u);
  BOOST_TEST(stream[0].data == "{\"number\":4}");
  BOOST_TEST(ok(store->verify()).ok);
}

BOOST_AUTO_TEST_CASE(a_bad_finalize_fails_its_request_without_consuming_a_number) {
  TempDir dir;
  auto store = open_store(dir.store());
  ok(store->append(open_ticket("a")));

  AppendRequest throws = open_ticket("b");
  throws.finalize = [](uint64_t, std::vector<StreamAppend>&) { throw std::runtime_error("boom"); };
  BOOST_TEST(error_of(store->append(std::move(throws))) == StoreErrorCode::kInvalidArgument);

  AppendRequest renames = open_ticket("c");
  renames.finalize = [](uint64_t, std::vector<StreamAppend>& s) {
    s[0].events[0].event_id = "other";
  };
  BOOST_TEST(error_of(store->append(std::move(renames))) == StoreErrorCode::kInvalidArgument);

  AppendRequest adds = open_ticket("d");
  adds.finalize = [](uint64_t, std::vector<StreamAppend>& s) { s.push_back(s[0]); };
  BOOST_TEST(error_of(store->append(std::move(adds))) == StoreErrorCode::kInvalidArgument);

  BOOST_TEST(ok(store->counter(kCounter)) == 1u);
  BOOST_TEST(store->head() == 1u);
  BOOST_TEST(ok(store->append(open_ticket("e"))).counter_value == 2u);
}

BOOST_AUTO_TEST_CASE(finalize_without_a_counter_sees_zero) {
  TempDir dir;
  auto store = open_store(dir.store());
  AppendRequest r;
  r.streams.push_back(stream_append("s", ExpectedVersion::any(), events({"e1"})));
  uint64_t seen = 99;
  r.finalize = [&](uint64_t v, std::vector<StreamAppend>& s) {
    seen = v;
    s[0].events[0].data = "{\"stamped\":true}";
  };
  auto result = ok(store->append(std::move(r)));
  BOOST_TEST(seen == 0u);
  BOOST_TEST(result.counter_value == 0u);
  BOOST_TEST(ok(store->read_stream("s"))[0].data == "{\"stamped\":true}");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::eventstore
