#pragma once
// A compressed set of ticket slots (dense 32-bit ordinals), the posting list
// behind every filter index of the views. The slot space is cut into chunks
// of 2^16 slots, as in Roaring bitmaps: a chunk holds a sorted array of
// 16-bit offsets while sparse (2 bytes per member) and switches to a 8 KiB
// bitmap when dense, so a filter value that covers a few tickets costs a few
// bytes and one that covers half of them one bit per ticket.

#include <algorithm>
#include <bit>
#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace ticketd::projections {

// Thread-safety: none; guarded by the owning model.
class SlotSet {
 public:
  SlotSet() = default;
  SlotSet(SlotSet&&) noexcept = default;
  SlotSet& operator=(SlotSet&&) noexcept = default;

  // Adds `slot`; false when it was already present.
  bool insert(std::uint32_t slot);
  // Removes `slot`; false when it was absent.
  bool erase(std::uint32_t slot);
  bool contains(std::uint32_t slot) const;
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // Calls f(slot) for the members >= first in ascending order until f
  // returns false.
  template <class F>
  void for_each_from(std::uint32_t first, F&& f) const;

  // Calls f(slot) for the members <= last in descending order until f
  // returns false.
  template <class F>
  void for_each_down_from(std::uint32_t last, F&& f) const;

  // As for_each_from and for_each_down_from, over the members that are in
  // every set of `others` too. Chunks that are bitmaps in every set are
  // intersected a 64-bit word at a time; otherwise the smallest array
  // drives and the others are probed, so a filter of several large
  // conditions with few common members costs words, not members.
  template <class F>
  void for_each_common_from(std::uint32_t first, std::span<const SlotSet* const> others,
                            F&& f) const;
  template <class F>
  void for_each_common_down_from(std::uint32_t last, std::span<const SlotSet* const> others,
                                 F&& f) const;

  // Heap bytes used, approximately.
  std::size_t memory_bytes() const;

 private:
  static constexpr std::uint32_t kChunkBits = 16;
  static constexpr std::uint32_t kWords = (1u << kChunkBits) / 64;
  static constexpr std::uint32_t kToBitmap = 4096;  // array members before switching
  static constexpr std::uint32_t kToArray = 2048;   // bitmap members before switching back

  struct Chunk {
    std::uint32_t high = 0;
    std::uint32_t count = 0;
    std::vector<std::uint16_t> array;  // sorted; used while bits is null
    std::unique_ptr<std::uint64_t[]> bits;
  };

  // The chunk holding `high`, or the index where it would be inserted.
  std::size_t lower_chunk(std::uint32_t high) const;
  static void to_bitmap(Chunk& c);
  static void to_array(Chunk& c);
  static bool chunk_contains(const Chunk& c, std::uint16_t low) {
    if (c.bits) return (c.bits[low / 64] >> (low % 64)) & 1;
    return std::binary_search(c.array.begin(), c.array.end(), low);
  }
  // The members of this set and of `others` from `bound` up (or down, to it).
  template <bool Down, class F>
  void scan(std::uint32_t bound, std::span<const SlotSet* const> others, F& f) const;

  std::vector<Chunk> chunks_;  // sorted by high
  std::size_t size_ = 0;
};

template <class F>
void SlotSet::for_each_from(std::uint32_t first, F&& f) const {
  scan<false>(first, {}, f);
}

template <class F>
void SlotSet::for_each_down_from(std::uint32_t last, F&& f) const {
  scan<true>(last, {}, f);
}

template <class F>
void SlotSet::for_each_common_from(std::uint32_t first, std::span<const SlotSet* const> others,
                                   F&& f) const {
  scan<false>(first, others, f);
}

template <class F>
void SlotSet::for_each_common_down_from(std::uint32_t last, std::span<const SlotSet* const> others,
                                        F&& f) const {
  scan<true>(last, others, f);
}

template <bool Down, class F>
void SlotSet::scan(std::uint32_t bound, std::span<const SlotSet* const> others, F& f) const {
  const std::uint32_t bound_high = bound >> kChunkBits;
  std::size_t first_ci = lower_chunk(bound_high);
  std::size_t end_ci = chunks_.size();
  if constexpr (Down) {
    end_ci = first_ci + (first_ci < chunks_.size() && chunks_[first_ci].high == bound_high);
    first_ci = 0;
  }
  // This chunk and the others' chunks of the same slots: bitmaps first,
  // then arrays, largest first.
  boost::container::small_vector<const Chunk*, 10> parts;
  for (std::size_t n = first_ci; n < end_ci; ++n) {
    const Chunk& c = chunks_[Down ? end_ci - 1 - (n - first_ci) : n];
    parts.assign(1, &c);
    bool absent = false;
    for (const SlotSet* o : others) {
      const std::size_t oi = o->lower_chunk(c.high);
      if (oi == o->chunks_.size() || o->chunks_[oi].high != c.high) {
        absent = true;  // no slot of this chunk is in `o`
        break;
      }
      parts.push_back(&o->chunks_[oi]);
    }
    if (absent) continue;
    std::sort(parts.begin(), parts.end(), [](const Chunk* a, const Chunk* b) {
      return (a->bits != nullptr) != (b->bits != nullptr) ? a->bits != nullptr
                                                          : a->count > b->count;
    });
    const bool at_bound = c.high == bound_high;
    const std::uint32_t lo = !Down && at_bound ? (bound & 0xFFFF) : 0;
    const std::uint32_t hi = Down && at_bound ? (bound & 0xFFFF) : 0xFFFF;
    const std::uint32_t base = c.high << kChunkBits;
    if (!parts.back()->bits) {
      // Walk the smallest array; test the other parts.
      const Chunk& driver = *parts.back();
      auto in_rest = [&](std::uint16_t low) {
        for (std::size_t k = 0; k + 1 < parts.size(); ++k) {
          if (!chunk_contains(*parts[k], low)) return false;
        }
        return true;
      };
      if constexpr (Down) {
        auto it = std::upper_bound(driver.array.begin(), driver.array.end(), hi);
        while (it != driver.array.begin()) {
          --it;
          if (in_rest(*it) && !f(base + *it)) return;
        }
      } else {
        for (auto it = std::lower_bound(driver.array.begin(), driver.array.end(), lo);
             it != driver.array.end(); ++it) {
          if (in_rest(*it) && !f(base + *it)) return;
        }
      }
      continue;
    }
    // Every part is a bitmap: intersect them a word at a time.
    auto word_at = [&](std::uint32_t w) {
      std::uint64_t word = parts[0]->bits[w];
      for (std::size_t k = 1; k < parts.size(); ++k) word &= parts[k]->bits[w];
      if (w == lo / 64) word &= ~std::uint64_t{0} << (lo % 64);
      if (w == hi / 64) word &= ~std::uint64_t{0} >> (63 - hi % 64);
      return word;
    };
    for (std::uint32_t n_w = 0; n_w <= hi / 64 - lo / 64; ++n_w) {
      const std::uint32_t w = Down ? hi / 64 - n_w : lo / 64 + n_w;
      std::uint64_t word = word_at(w);
      while (word != 0) {
        int bit;
        if constexpr (Down) {
          bit = 63 - std::countl_zero(word);
          word &= ~(std::uint64_t{1} << bit);
        } else {
          bit = std::countr_zero(word);
          word &= word - 1;
        }
        if (!f(base + w * 64 + static_cast<std::uint32_t>(bit))) return;
      }
    }
  }
}

}  // namespace ticketd::projections
