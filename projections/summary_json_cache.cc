#include "projections/summary_json_cache.h"

#include <mutex>
#include <utility>
#include <vector>

namespace ticketd::projections {

SummaryJsonCache::Json SummaryJsonCache::find(std::uint64_t key, std::uint64_t version,
                                              bool& old) const {
  old = false;
  if (auto it = young_.find(key); it != young_.end()) {
    return it->second.version == version ? it->second.json : nullptr;
  }
  if (auto it = old_.find(key); it != old_.end() && it->second.version == version) {
    old = true;
    return it->second.json;
  }
  return nullptr;
}

void SummaryJsonCache::insert(std::uint64_t key, std::uint64_t version, Json json) {
  auto erase = [key](Generation& generation, std::size_t& bytes) {
    if (auto it = generation.find(key); it != generation.end()) {
      bytes -= cost_of(*it->second.json);
      generation.erase(it);
    }
  };
  erase(old_, old_bytes_);
  erase(young_, young_bytes_);
  const std::size_t cost = cost_of(*json);
  const std::size_t half = budget_ / 2;
  if (cost > half) return;  // would not fit a generation
  if (young_bytes_ + cost > half) {
    old_ = std::exchange(young_, Generation{});
    old_bytes_ = std::exchange(young_bytes_, 0);
  }
  young_.emplace(key, Entry{version, std::move(json)});
  young_bytes_ += cost;
}

void SummaryJsonCache::append_array(std::string& out, std::span<const Item> items,
                                    const Render& render) {
  std::vector<Json> found(items.size());
  // Entries to (re)insert: rendered now, or found in the old generation.
  std::vector<std::size_t> keep;
  if (budget_ > 0) {
    std::shared_lock lock(mutex_);
    for (std::size_t i = 0; i < items.size(); ++i) {
      bool old = false;
      found[i] = find(key_of(items[i]), items[i].version, old);
      if (old) keep.push_back(i);
    }
  }
  std::uint64_t missed = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (found[i]) continue;
    auto json = std::make_shared<std::string>();
    render(items[i], *json);
    found[i] = std::move(json);
    keep.push_back(i);
    ++missed;
  }
  hits_.fetch_add(items.size() - missed, std::memory_order_relaxed);
  misses_.fetch_add(missed, std::memory_order_relaxed);
  if (budget_ > 0 && !keep.empty()) {
    std::unique_lock lock(mutex_);
    for (std::size_t i : keep) insert(key_of(items[i]), items[i].version, found[i]);
  }

  constexpr std::size_t kClosingRoom = 160;  // e.g. `,"next_cursor":"..."}`
  std::size_t size = 2 + kClosingRoom;
  for (const Json& json : found) size += json->size() + 1;
  out.reserve(out.size() + size);
  out.push_back('[');
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.append(*found[i]);
  }
  out.push_back(']');
}

SummaryCacheStats SummaryJsonCache::stats() const {
  std::shared_lock lock(mutex_);
  return SummaryCacheStats{young_.size() + old_.size(), young_bytes_ + old_bytes_, budget_,
                           hits_.load(std::memory_order_relaxed),
                           misses_.load(std::memory_order_relaxed)};
}

}  // namespace ticketd::projections
