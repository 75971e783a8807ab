// SlotSet against std::set under random inserts and erases that cross the
// array/bitmap switch, with ordered iteration from arbitrary points.
#include "projections/slot_set.h"

#include <boost/test/unit_test.hpp>
#include <random>
#include <set>

namespace ticketd::projections {
namespace {

std::vector<std::uint32_t> up_from(const SlotSet& s, std::uint32_t first, std::size_t max) {
  std::vector<std::uint32_t> out;
  s.for_each_from(first, [&](std::uint32_t slot) {
    out.push_back(slot);
    return out.size() < max;
  });
  return out;
}

std::vector<std::uint32_t> down_from(const SlotSet& s, std::uint32_t last, std::size_t max) {
  std::vector<std::uint32_t> out;
  s.for_each_down_from(last, [&](std::uint32_t slot) {
    out.push_back(slot);
    return out.size() < max;
  });
  return out;
}

BOOST_AUTO_TEST_SUITE(slot_set_test)

BOOST_AUTO_TEST_CASE(behaves_like_an_ordered_set) {
  std::mt19937 rng(42);
  SlotSet set;
  std::set<std::uint32_t> model;
  // Dense phases push chunks over the bitmap threshold, sparse ones back.
  for (int phase = 0; phase < 6; ++phase) {
    const std::uint32_t span = phase % 2 == 0 ? 9000 : 200000;
    const bool inserting = phase < 4 || phase == 5;
    for (int i = 0; i < 20000; ++i) {
      const std::uint32_t slot = std::uniform_int_distribution<std::uint32_t>(0, span)(rng);
      if (inserting && rng() % 4 != 0) {
        BOOST_REQUIRE_EQUAL(set.insert(slot), model.insert(slot).second);
      } else {
        BOOST_REQUIRE_EQUAL(set.erase(slot), model.erase(slot) == 1);
      }
    }
    BOOST_REQUIRE_EQUAL(set.size(), model.size());
    for (int probe = 0; probe < 200; ++probe) {
      const std::uint32_t at = std::uniform_int_distribution<std::uint32_t>(0, 210000)(rng);
      BOOST_REQUIRE_EQUAL(set.contains(at), model.contains(at));
      std::vector<std::uint32_t> expected_up(model.lower_bound(at), model.end());
      expected_up.resize(std::min<std::size_t>(expected_up.size(), 50));
      BOOST_REQUIRE(up_from(set, at, 50) == expected_up);
      std::vector<std::uint32_t> expected_down;
      for (auto it = model.upper_bound(at); it != model.begin() && expected_down.size() < 50;) {
        expected_down.push_back(*--it);
      }
      BOOST_REQUIRE(down_from(set, at, 50) == expected_down);
    }
  }
  const std::vector<std::uint32_t> all = up_from(set, 0, SIZE_MAX);
  BOOST_TEST(all == std::vector<std::uint32_t>(model.begin(), model.end()));
  BOOST_TEST(down_from(set, UINT32_MAX, SIZE_MAX).size() == model.size());
}

// The members of `model[0]` in every other model, from `bound` up (or down).
std::vector<std::uint32_t> naive_common(const std::vector<std::set<std::uint32_t>>& model,
                                        std::uint32_t bound, bool down, std::size_t max) {
  std::vector<std::uint32_t> out;
  auto in_all = [&](std::uint32_t slot) {
    for (std::size_t k = 1; k < model.size(); ++k) {
      if (!model[k].contains(slot)) return false;
    }
    return true;
  };
  if (down) {
    for (auto it = model[0].upper_bound(bound); it != model[0].begin() && out.size() < max;) {
      if (in_all(*--it)) out.push_back(*it);
    }
  } else {
    for (auto it = model[0].lower_bound(bound); it != model[0].end() && out.size() < max; ++it) {
      if (in_all(*it)) out.push_back(*it);
    }
  }
  return out;
}

BOOST_AUTO_TEST_CASE(iterates_the_intersection_with_other_sets) {
  // Sets of different densities per chunk, so every mix of bitmap and array
  // chunks meets: dense low chunks, a sparse third, a chunk only some have.
  std::mt19937 rng(7);
  for (int round = 0; round < 12; ++round) {
    const std::size_t count = 2 + round % 4;
    std::vector<SlotSet> sets(count);
    std::vector<std::set<std::uint32_t>> model(count);
    for (std::size_t k = 0; k < count; ++k) {
      const int dense_percent = static_cast<int>((rng() % 5) * 20 + 10);
      for (std::uint32_t slot = 0; slot < 3 * 65536; slot += 1 + rng() % 3) {
        const bool third = slot >= 2 * 65536;
        if (third && k % 2 == 1 && round % 3 == 0) continue;  // chunk absent from this set
        if (static_cast<int>(rng() % 100) < (third ? dense_percent / 8 : dense_percent)) {
          sets[k].insert(slot);
          model[k].insert(slot);
        }
      }
    }
    std::vector<const SlotSet*> others;
    for (std::size_t k = 1; k < count; ++k) others.push_back(&sets[k]);
    for (int probe = 0; probe < 40; ++probe) {
      const std::uint32_t bound =
          probe == 0   ? 0
          : probe == 1 ? UINT32_MAX
                       : std::uniform_int_distribution<std::uint32_t>(0, 3 * 65536 + 100)(rng);
      const std::size_t max = probe % 3 == 0 ? SIZE_MAX : 1 + rng() % 200;
      std::vector<std::uint32_t> up;
      sets[0].for_each_common_from(bound, others, [&](std::uint32_t slot) {
        up.push_back(slot);
        return up.size() < max;
      });
      BOOST_REQUIRE(up == naive_common(model, bound, false, max));
      std::vector<std::uint32_t> down;
      sets[0].for_each_common_down_from(bound, others, [&](std::uint32_t slot) {
        down.push_back(slot);
        return down.size() < max;
      });
      BOOST_REQUIRE(down == naive_common(model, bound, true, max));
    }
  }
}

BOOST_AUTO_TEST_CASE(empty_set_iterates_nothing) {
  SlotSet set;
  BOOST_TEST(up_from(set, 0, 10).empty());
  BOOST_TEST(down_from(set, UINT32_MAX, 10).empty());
  BOOST_TEST(!set.erase(3));
  BOOST_TEST(set.insert(UINT32_MAX));
  BOOST_TEST(down_from(set, UINT32_MAX, 10) == std::vector<std::uint32_t>{UINT32_MAX});
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::projections
