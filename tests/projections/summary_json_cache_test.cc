// SummaryJsonCache: hits copy what was rendered for the same row version,
// a new version or the other audience renders again, the byte bound holds
// and hot entries survive turnover, and concurrent readers always get what
// rendering would give.
#include "projections/summary_json_cache.h"

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace ticketd::projections {
namespace {

using Item = SummaryJsonCache::Item;

// Renders an item as an object naming slot, form and version, padded to
// `pad` bytes so tests can reason about sizes; counts its calls.
struct Renderer {
  std::size_t pad = 0;
  std::atomic<int> calls{0};
  static std::string text(const Item& item, std::size_t pad = 0) {
    return "{\"slot\":" + std::to_string(item.slot) +
           ",\"customer\":" + (item.customer ? "true" : "false") +
           ",\"v\":" + std::to_string(item.version) + ",\"pad\":\"" + std::string(pad, 'x') + "\"}";
  }
  SummaryJsonCache::Render fn() {
    return [this](const Item& item, std::string& out) {
      ++calls;
      out += text(item, pad);
    };
  }
};

std::string expected_array(const std::vector<Item>& items, std::size_t pad = 0) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ",";
    out += Renderer::text(items[i], pad);
  }
  return out + "]";
}

std::string page(SummaryJsonCache& cache, const std::vector<Item>& items, Renderer& r) {
  std::string out;
  cache.append_array(out, items, r.fn());
  return out;
}

BOOST_AUTO_TEST_SUITE(summary_json_cache_test)

BOOST_AUTO_TEST_CASE(hits_copy_the_rendered_json_of_the_same_version) {
  SummaryJsonCache cache(1 << 20);
  Renderer r;
  const std::vector<Item> items{{3, false, 7}, {1, false, 2}, {9, false, 1}};
  BOOST_TEST(page(cache, items, r) == expected_array(items));
  BOOST_TEST(r.calls == 3);
  BOOST_TEST(page(cache, items, r) == expected_array(items));
  BOOST_TEST(r.calls == 3);  // all three from the cache
  const SummaryCacheStats s = cache.stats();
  BOOST_TEST(s.entries == 3u);
  BOOST_TEST(s.hits == 3u);
  BOOST_TEST(s.misses == 3u);
  BOOST_TEST(s.bytes > 0u);
  BOOST_TEST(s.capacity == std::size_t{1} << 20);
}

BOOST_AUTO_TEST_CASE(a_new_version_or_the_other_audience_renders_again) {
  SummaryJsonCache cache(1 << 20);
  Renderer r;
  page(cache, {{4, false, 1}}, r);
  // The row moved on: the old JSON must not be served.
  const std::vector<Item> moved{{4, false, 2}};
  BOOST_TEST(page(cache, moved, r) == expected_array(moved));
  BOOST_TEST(r.calls == 2);
  BOOST_TEST(page(cache, moved, r) == expected_array(moved));
  BOOST_TEST(r.calls == 2);
  // Customers' form of the same row and version is a different entry.
  const std::vector<Item> customer{{4, true, 2}};
  BOOST_TEST(page(cache, customer, r) == expected_array(customer));
  BOOST_TEST(r.calls == 3);
  BOOST_TEST(page(cache, moved, r) == expected_array(moved));
  BOOST_TEST(r.calls == 3);
  BOOST_TEST(cache.stats().entries == 2u);  // the stale entry was replaced
}

BOOST_AUTO_TEST_CASE(an_empty_page_and_a_cache_turned_off) {
  SummaryJsonCache off(0);
  Renderer r;
  BOOST_TEST(page(off, {}, r) == "[]");
  const std::vector<Item> items{{1, false, 1}, {2, true, 1}};
  BOOST_TEST(page(off, items, r) == expected_array(items));
  BOOST_TEST(page(off, items, r) == expected_array(items));
  BOOST_TEST(r.calls == 4);
  BOOST_TEST(off.stats().entries == 0u);
  BOOST_TEST(off.stats().bytes == 0u);
}

BOOST_AUTO_TEST_CASE(the_byte_bound_holds_and_hot_entries_survive_turnover) {
  // Entries of ~1 KB (with bookkeeping) in a 64 KiB cache: a few dozen fit.
  constexpr std::size_t kBudget = 64 << 10;
  SummaryJsonCache cache(kBudget);
  Renderer r;
  r.pad = 900;
  const std::vector<Item> hot{{0, false, 1}, {1, false, 1}};
  for (std::uint32_t slot = 10; slot < 2010; ++slot) {
    BOOST_TEST_REQUIRE(page(cache, {{slot, false, 1}}, r) ==
                       expected_array({{slot, false, 1}}, 900));
    BOOST_TEST_REQUIRE(page(cache, hot, r) == expected_array(hot, 900));
    BOOST_TEST_REQUIRE(cache.stats().bytes <= kBudget);
  }
  // 2000 cold rows went through; the two read between them every time were
  // rendered once each.
  BOOST_TEST(r.calls == 2000 + 2);
  const SummaryCacheStats s = cache.stats();
  BOOST_TEST(s.entries < 70u);
  BOOST_TEST(s.entries > 20u);
  // Cold rows long gone render again.
  page(cache, {{10, false, 1}}, r);
  BOOST_TEST(r.calls == 2000 + 3);
}

BOOST_AUTO_TEST_CASE(concurrent_pages_always_equal_rendering) {
  // Four threads read random pages of 100 rows in both forms while the
  // "rows" move to new versions between pages, through a cache small enough
  // to turn over all the time.
  SummaryJsonCache cache(32 << 10);
  Renderer r;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(static_cast<unsigned>(t));
      for (int round = 0; round < 2000; ++round) {
        std::vector<Item> items;
        for (int i = 0; i < 20; ++i) {
          const auto slot = static_cast<std::uint32_t>(rng() % 100);
          items.push_back(
              {slot, rng() % 2 == 0, 1 + static_cast<std::uint64_t>(round / 50 + rng() % 3)});
        }
        if (page(cache, items, r) != expected_array(items)) ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  BOOST_TEST(wrong == 0);
  BOOST_TEST(cache.stats().hits > 0u);
  BOOST_TEST(cache.stats().bytes <= std::size_t{32} << 10);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::projections
