// StateCache: folded ticket states, least recently used out first within a
// byte bound; an entry is served as current only while no commit to its
// stream came after the fold, and a commit the cache is told of
// (on_commit) makes the entries it overtakes stale.

#include "api/commands/state_cache.h"

#include <boost/test/unit_test.hpp>
#include <memory>
#include <string>
#include <vector>

namespace ticketd::api {
namespace {

// A ticket's state at stream version `version`, of a size that depends only
// on `subject`'s length (ids of equal length give equal sizes).
std::shared_ptr<const LoadedTicket> ticket(const std::string& id, std::uint64_t version,
                                           std::string subject = "Printer on fire") {
  auto loaded = std::make_shared<LoadedTicket>();
  loaded->state.exists = true;
  loaded->state.id = id;
  loaded->state.tenant = "acme";
  loaded->state.subject = std::move(subject);
  loaded->state.version = version;
  loaded->position = 100 + version;
  return loaded;
}

// What the store tells on_commit: the streams a batch changed, with their
// new versions.
std::vector<eventstore::StreamHead> commit(
    std::initializer_list<std::pair<std::string_view, std::uint64_t>> heads) {
  std::vector<eventstore::StreamHead> out;
  for (const auto& [stream, version] : heads) out.push_back({stream, version});
  return out;
}

// Stores `loaded` as a read at the head begun now would.
void put_current(StateCache& cache, const std::string& id,
                 std::shared_ptr<const LoadedTicket> loaded) {
  const std::uint64_t epoch = cache.get("no-such-ticket").epoch;
  cache.put(id, std::move(loaded), epoch, /*at_head=*/true);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(state_cache_test)

BOOST_AUTO_TEST_CASE(a_miss_then_a_read_at_the_head_is_served_as_current) {
  StateCache cache(1 << 20);
  const StateCache::Lookup miss = cache.get("t1");
  BOOST_TEST(!miss.loaded);
  BOOST_TEST(!miss.current);

  const auto loaded = ticket("t1", 3);
  cache.put("t1", loaded, miss.epoch, /*at_head=*/true);
  const StateCache::Lookup hit = cache.get("t1");
  BOOST_TEST(hit.loaded == loaded);  // the same object, not a copy
  BOOST_TEST(hit.current);

  const StateCacheStats s = cache.stats();
  BOOST_TEST(s.entries == 1u);
  BOOST_TEST(s.hits == 1u);
  BOOST_TEST(s.misses == 1u);
  BOOST_TEST(s.capacity == std::size_t{1 << 20});
  BOOST_TEST(s.bytes >= sizeof(LoadedTicket));
}

BOOST_AUTO_TEST_CASE(a_read_that_stopped_at_a_version_is_not_current) {
  StateCache cache(1 << 20);
  const std::uint64_t epoch = cache.get("t1").epoch;
  cache.put("t1", ticket("t1", 2), epoch, /*at_head=*/false);
  const StateCache::Lookup hit = cache.get("t1");
  BOOST_REQUIRE(hit.loaded);
  BOOST_TEST(!hit.current);
}

BOOST_AUTO_TEST_CASE(a_commit_to_the_stream_makes_the_entry_stale_but_keeps_it) {
  StateCache cache(1 << 20);
  put_current(cache, "t1", ticket("t1", 3));
  put_current(cache, "t2", ticket("t2", 5));

  // A commit that does not go past the cached version, one to another
  // ticket, and one to a stream that is not a ticket's change nothing.
  cache.on_commit(commit({{"ticket-t1", 3}, {"tenants", 9}, {"ticket-t9", 1}}));
  BOOST_TEST(cache.get("t1").current);
  BOOST_TEST(cache.get("t2").current);

  cache.on_commit(commit({{"ticket-t1", 4}}));
  const StateCache::Lookup stale = cache.get("t1");
  BOOST_REQUIRE(stale.loaded);  // still saves folding events 1..3
  BOOST_TEST(stale.loaded->state.version == 3u);
  BOOST_TEST(!stale.current);
  BOOST_TEST(cache.get("t2").current);
}

BOOST_AUTO_TEST_CASE(a_read_overtaken_by_a_commit_is_never_served_as_current) {
  StateCache cache(1 << 20);
  // The read begins (epoch taken), a commit goes by before the entry is
  // there to be marked, then the read stores what it found.
  const std::uint64_t before = cache.get("t1").epoch;
  cache.on_commit(commit({{"ticket-t1", 4}}));
  cache.put("t1", ticket("t1", 3), before, /*at_head=*/true);
  BOOST_TEST(!cache.get("t1").current);

  // Confirming with the epoch from before the commit does not help either,
  // nor does storing the same version again from such a read.
  cache.confirm("t1", cache.get("t1").loaded.get(), before);
  cache.put("t1", ticket("t1", 3), before, /*at_head=*/true);
  BOOST_TEST(!cache.get("t1").current);
}

BOOST_AUTO_TEST_CASE(confirm_makes_a_stale_entry_current_only_for_the_same_state_and_epoch) {
  StateCache cache(1 << 20);
  put_current(cache, "t1", ticket("t1", 3));
  cache.on_commit(commit({{"ticket-t1", 4}}));
  const StateCache::Lookup stale = cache.get("t1");
  BOOST_REQUIRE(!stale.current);

  // A read begun after the lookup found nothing newer, but for another
  // object than the one cached: not this entry.
  const auto other = ticket("t1", 3);
  cache.confirm("t1", other.get(), stale.epoch);
  BOOST_TEST(!cache.get("t1").current);

  // A commit between the lookup and the confirmation: not current.
  cache.on_commit(commit({{"ticket-t2", 1}}));
  cache.confirm("t1", stale.loaded.get(), stale.epoch);
  BOOST_TEST(!cache.get("t1").current);

  const StateCache::Lookup again = cache.get("t1");
  cache.confirm("t1", again.loaded.get(), again.epoch);
  BOOST_TEST(cache.get("t1").current);
}

BOOST_AUTO_TEST_CASE(put_committed_is_current_unless_the_same_batch_went_further) {
  StateCache cache(1 << 20);
  // The batch that committed t1 at version 2 is told before its appender's
  // callback stores the state it left.
  cache.on_commit(commit({{"ticket-t1", 2}}));
  cache.put_committed("t1", ticket("t1", 2));
  BOOST_TEST(cache.get("t1").current);

  // A batch with two appends to t2: the first appender's state (version 1)
  // is overtaken by the second one in the same batch.
  cache.on_commit(commit({{"ticket-t2", 2}}));
  cache.put_committed("t2", ticket("t2", 1));
  BOOST_TEST(!cache.get("t2").current);
  cache.put_committed("t2", ticket("t2", 2));
  const StateCache::Lookup t2 = cache.get("t2");
  BOOST_TEST(t2.loaded->state.version == 2u);
  BOOST_TEST(t2.current);
}

BOOST_AUTO_TEST_CASE(the_newer_of_two_folds_stays) {
  StateCache cache(1 << 20);
  put_current(cache, "t1", ticket("t1", 5));
  put_current(cache, "t1", ticket("t1", 3));  // a slower reader, finishing late
  BOOST_TEST(cache.get("t1").loaded->state.version == 5u);
  BOOST_TEST(cache.stats().entries == 1u);
}

BOOST_AUTO_TEST_CASE(the_least_recently_used_goes_first_and_the_bytes_stay_within_the_bound) {
  // Find the size of one entry; every entry below has the same size.
  std::size_t one = 0;
  {
    StateCache probe(1 << 20);
    put_current(probe, "t1", ticket("t1", 1));
    one = probe.stats().bytes;
  }
  BOOST_REQUIRE(one > 0u);

  StateCache cache(2 * one + one / 2);  // room for two
  put_current(cache, "t1", ticket("t1", 1));
  put_current(cache, "t2", ticket("t2", 1));
  BOOST_TEST(cache.stats().entries == 2u);
  BOOST_TEST(cache.stats().bytes == 2 * one);

  BOOST_REQUIRE(cache.get("t1").loaded);  // t1 used: t2 is now the oldest
  put_current(cache, "t3", ticket("t3", 1));
  const StateCacheStats s = cache.stats();
  BOOST_TEST(s.entries == 2u);
  BOOST_TEST(s.bytes == 2 * one);
  BOOST_TEST(s.bytes <= s.capacity);
  BOOST_TEST(!cache.get("t2").loaded);
  BOOST_TEST(cache.get("t1").loaded);
  BOOST_TEST(cache.get("t3").loaded);

  // A state that grew replaces its entry's bytes and may push others out.
  const std::string big(3 * one, 'x');
  put_current(cache, "t1", ticket("t1", 2, big));
  const StateCacheStats after = cache.stats();
  BOOST_TEST(after.entries == 1u);  // the entry just used stays, even alone over the bound
  BOOST_TEST(after.bytes > after.capacity);
  BOOST_TEST(cache.get("t1").loaded->state.version == 2u);
  BOOST_TEST(!cache.get("t3").loaded);
}

BOOST_AUTO_TEST_CASE(hits_count_stale_entries_and_misses_count_the_rest) {
  StateCache cache(1 << 20);
  BOOST_TEST(!cache.get("t1").loaded);
  put_current(cache, "t1", ticket("t1", 1));  // its lookup of another id is a miss too
  cache.on_commit(commit({{"ticket-t1", 2}}));
  BOOST_TEST(cache.get("t1").loaded);  // stale, still a hit
  BOOST_TEST(cache.get("t1").loaded);
  const StateCacheStats s = cache.stats();
  BOOST_TEST(s.hits == 2u);
  BOOST_TEST(s.misses == 2u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ticketd::api
