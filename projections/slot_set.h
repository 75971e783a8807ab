#pragma once
// A compressed set of ticket slots (dense 32-bit ordinals), the posting list
// behind every filter index of the views. The slot space is cut into chunks
// of 2^16 slots, as in Roaring bitmaps: a chunk holds a sorted array of
// 16-bit offsets while sparse (2 bytes per member) and switches to a 8 KiB
// bitmap when dense, so a filter value that covers a few tickets costs a few
// bytes and one that covers half of them one bit per ticket.

#include <algorithm>
#include <bit>
#include <cstdint>
#include <memory>
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

  std::vector<Chunk> chunks_;  // sorted by high
  std::size_t size_ = 0;
};

template <class F>
void SlotSet::for_each_from(std::uint32_t first, F&& f) const {
  const std::uint32_t first_high = first >> kChunkBits;
  for (std::size_t ci = lower_chunk(first_high); ci < chunks_.size(); ++ci) {
    const Chunk& c = chunks_[ci];
    const std::uint32_t base = c.high << kChunkBits;
    const std::uint32_t low = c.high == first_high ? (first & 0xFFFF) : 0;
    if (c.bits) {
      for (std::uint32_t w = low / 64; w < kWords; ++w) {
        std::uint64_t word = c.bits[w];
        if (w == low / 64) word &= ~std::uint64_t{0} << (low % 64);
        while (word != 0) {
          const int bit = std::countr_zero(word);
          word &= word - 1;
          if (!f(base + w * 64 + static_cast<std::uint32_t>(bit))) return;
        }
      }
    } else {
      auto it = std::lower_bound(c.array.begin(), c.array.end(), low);
      for (; it != c.array.end(); ++it) {
        if (!f(base + *it)) return;
      }
    }
  }
}

template <class F>
void SlotSet::for_each_down_from(std::uint32_t last, F&& f) const {
  const std::uint32_t last_high = last >> kChunkBits;
  std::size_t end = lower_chunk(last_high);
  if (end < chunks_.size() && chunks_[end].high == last_high) ++end;
  for (std::size_t ci = end; ci-- > 0;) {
    const Chunk& c = chunks_[ci];
    const std::uint32_t base = c.high << kChunkBits;
    const std::uint32_t high_low = c.high == last_high ? (last & 0xFFFF) : 0xFFFF;
    if (c.bits) {
      for (std::uint32_t w = high_low / 64 + 1; w-- > 0;) {
        std::uint64_t word = c.bits[w];
        if (w == high_low / 64 && high_low % 64 != 63) {
          word &= (std::uint64_t{1} << (high_low % 64 + 1)) - 1;
        }
        while (word != 0) {
          const int bit = 63 - std::countl_zero(word);
          word &= ~(std::uint64_t{1} << bit);
          if (!f(base + w * 64 + static_cast<std::uint32_t>(bit))) return;
        }
      }
    } else {
      auto it = std::upper_bound(c.array.begin(), c.array.end(), high_low);
      while (it != c.array.begin()) {
        --it;
        if (!f(base + *it)) return;
      }
    }
  }
}

}  // namespace ticketd::projections
