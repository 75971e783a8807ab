// OrderedIndex against std::set: inserts, erases, bulk assign and scans in
// both directions from arbitrary entries, across block splits and merges.
#include "projections/ordered_index.h"

#include <boost/test/unit_test.hpp>
#include <random>
#include <set>

namespace ticketd::projections {
namespace {

using Entry = OrderedIndex::Entry;

BOOST_AUTO_TEST_SUITE(ordered_index_test)

BOOST_AUTO_TEST_CASE(behaves_like_an_ordered_set) {
  std::mt19937 rng(7);
  OrderedIndex index;
  std::set<Entry> model;
  auto random_entry = [&] {
    return Entry{std::uniform_int_distribution<std::int64_t>(-50, 3000)(rng),
                 std::uniform_int_distribution<std::uint32_t>(0, 40)(rng)};
  };
  for (int round = 0; round < 8; ++round) {
    for (int i = 0; i < 6000; ++i) {
      const Entry e = random_entry();
      if (round % 3 != 2 && rng() % 3 != 0) {
        if (model.insert(e).second) index.insert(e);
      } else {
        BOOST_REQUIRE_EQUAL(index.erase(e), model.erase(e) == 1);
      }
    }
    if (round == 4) index.assign(std::vector<Entry>(model.rbegin(), model.rend()));
    BOOST_REQUIRE_EQUAL(index.size(), model.size());
    for (int probe = 0; probe < 100; ++probe) {
      const std::optional<Entry> from =
          probe == 0 ? std::nullopt : std::optional<Entry>(random_entry());
      std::vector<Entry> up;
      index.scan_up(from, [&](const Entry& e) {
        up.push_back(e);
        return up.size() < 40;
      });
      std::vector<Entry> expected_up;
      for (auto it = from ? model.upper_bound(*from) : model.begin();
           it != model.end() && expected_up.size() < 40; ++it) {
        expected_up.push_back(*it);
      }
      BOOST_REQUIRE(up == expected_up);
      std::vector<Entry> down;
      index.scan_down(from, [&](const Entry& e) {
        down.push_back(e);
        return down.size() < 40;
      });
      std::vector<Entry> expected_down;
      for (auto it = from ? model.lower_bound(*from) : model.end();
           it != model.begin() && expected_down.size() < 40;) {
        expected_down.push_back(*--it);
      }
      BOOST_REQUIRE(down == expected_down);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::projections
