#pragma once
// Ready-made JSON of ticket summaries, so a list page copies bytes instead
// of writing every summary afresh (writing them was the largest part of a
// queue page's CPU: README, Benchmarks).
//
// An entry is keyed by a row's slot and audience and holds the row version
// it was rendered from. Every event moves the row's version and a summary
// is a function of the row alone (pool strings never change), so a cached
// entry whose version matches is exactly what rendering would produce, and
// one that does not is rendered again: the cache cannot serve a stale
// summary. It belongs to one model; a rebuilt model starts with its own.
//
// Bounded by bytes, with two generations of at most half the budget each:
// entries go into the young one; when it is full, the old one is dropped
// and the young one becomes old; a hit in the old generation moves the
// entry back to the young one. Hot summaries stay, cold ones leave within two turns, and no
// per-hit bookkeeping is needed for the common hit in the young generation.
//
// Thread-safety: every member may be called from any thread (queries run
// concurrently under the projector's shared lock).

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <shared_mutex>
#include <span>
#include <string>
#include <unordered_map>

namespace ticketd::projections {

struct SummaryCacheStats {
  std::size_t entries = 0;
  std::size_t bytes = 0;     // approximate, including bookkeeping
  std::size_t capacity = 0;  // the budget
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;
};

class SummaryJsonCache {
 public:
  // One summary to write: which row, in which form, at which version.
  struct Item {
    std::uint32_t slot = 0;
    bool customer = false;  // the customers' form (tenant view) or the agents'
    std::uint64_t version = 0;
  };
  // Appends the JSON object of `item` to `out`.
  using Render = std::function<void(const Item& item, std::string& out)>;

  // A budget of 0 turns caching off (every summary is rendered).
  explicit SummaryJsonCache(std::size_t budget_bytes) : budget_(budget_bytes) {}

  SummaryJsonCache(const SummaryJsonCache&) = delete;
  SummaryJsonCache& operator=(const SummaryJsonCache&) = delete;

  // Appends a JSON array of the summaries of `items`, in order, to `out`:
  // cached ones copied, the others rendered with `render` (outside the
  // cache's lock) and cached. Reserves room for the caller to close its
  // answer after the array without growing `out` again.
  void append_array(std::string& out, std::span<const Item> items, const Render& render);

  SummaryCacheStats stats() const;

 private:
  using Json = std::shared_ptr<const std::string>;
  struct Entry {
    std::uint64_t version = 0;
    Json json;
  };
  using Generation = std::unordered_map<std::uint64_t, Entry>;

  static std::uint64_t key_of(const Item& item) {
    return (std::uint64_t{item.slot} << 1) | (item.customer ? 1 : 0);
  }
  static std::size_t cost_of(const std::string& json) { return json.capacity() + kEntryOverhead; }
  // Looks `key` up at `version` (shared lock held); null when absent or
  // stale. `old` tells whether it was found in the old generation.
  Json find(std::uint64_t key, std::uint64_t version, bool& old) const;
  // Puts an entry into the young generation (exclusive lock held).
  void insert(std::uint64_t key, std::uint64_t version, Json json);

  // Node, control block and string header of one entry, roughly.
  static constexpr std::size_t kEntryOverhead = 128;

  const std::size_t budget_;
  mutable std::shared_mutex mutex_;
  Generation young_;
  Generation old_;
  std::size_t young_bytes_ = 0;
  std::size_t old_bytes_ = 0;
  mutable std::atomic<std::uint64_t> hits_{0};
  mutable std::atomic<std::uint64_t> misses_{0};
};

}  // namespace ticketd::projections
