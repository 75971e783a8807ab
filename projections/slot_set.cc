#include "projections/slot_set.h"

namespace ticketd::projections {

std::size_t SlotSet::lower_chunk(std::uint32_t high) const {
  // Slots mostly grow, so the last chunk is the common answer.
  if (!chunks_.empty() && chunks_.back().high == high) return chunks_.size() - 1;
  auto it = std::lower_bound(chunks_.begin(), chunks_.end(), high,
                             [](const Chunk& c, std::uint32_t h) { return c.high < h; });
  return static_cast<std::size_t>(it - chunks_.begin());
}

void SlotSet::to_bitmap(Chunk& c) {
  c.bits = std::make_unique<std::uint64_t[]>(kWords);  // zeroed
  for (std::uint16_t low : c.array) c.bits[low / 64] |= std::uint64_t{1} << (low % 64);
  std::vector<std::uint16_t>().swap(c.array);
}

void SlotSet::to_array(Chunk& c) {
  c.array.reserve(c.count);
  for (std::uint32_t w = 0; w < kWords; ++w) {
    std::uint64_t word = c.bits[w];
    while (word != 0) {
      const int bit = std::countr_zero(word);
      word &= word - 1;
      c.array.push_back(static_cast<std::uint16_t>(w * 64 + static_cast<std::uint32_t>(bit)));
    }
  }
  c.bits.reset();
}

bool SlotSet::insert(std::uint32_t slot) {
  const std::uint32_t high = slot >> kChunkBits;
  const auto low = static_cast<std::uint16_t>(slot & 0xFFFF);
  std::size_t ci = lower_chunk(high);
  if (ci == chunks_.size() || chunks_[ci].high != high) {
    Chunk fresh;
    fresh.high = high;
    chunks_.insert(chunks_.begin() + static_cast<std::ptrdiff_t>(ci), std::move(fresh));
  }
  Chunk& c = chunks_[ci];
  if (c.bits) {
    std::uint64_t& word = c.bits[low / 64];
    const std::uint64_t mask = std::uint64_t{1} << (low % 64);
    if (word & mask) return false;
    word |= mask;
  } else {
    auto it = c.array.end();
    if (!c.array.empty() && c.array.back() >= low) {
      it = std::lower_bound(c.array.begin(), c.array.end(), low);
      if (it != c.array.end() && *it == low) return false;
    }
    c.array.insert(it, low);
    if (c.array.size() > kToBitmap) to_bitmap(c);
  }
  ++c.count;
  ++size_;
  return true;
}

bool SlotSet::erase(std::uint32_t slot) {
  const std::uint32_t high = slot >> kChunkBits;
  const auto low = static_cast<std::uint16_t>(slot & 0xFFFF);
  const std::size_t ci = lower_chunk(high);
  if (ci == chunks_.size() || chunks_[ci].high != high) return false;
  Chunk& c = chunks_[ci];
  if (c.bits) {
    std::uint64_t& word = c.bits[low / 64];
    const std::uint64_t mask = std::uint64_t{1} << (low % 64);
    if (!(word & mask)) return false;
    word &= ~mask;
    if (c.count - 1 < kToArray) {
      --c.count;
      --size_;
      to_array(c);
      return true;
    }
  } else {
    auto it = std::lower_bound(c.array.begin(), c.array.end(), low);
    if (it == c.array.end() || *it != low) return false;
    c.array.erase(it);
  }
  --size_;
  if (--c.count == 0) chunks_.erase(chunks_.begin() + static_cast<std::ptrdiff_t>(ci));
  return true;
}

bool SlotSet::contains(std::uint32_t slot) const {
  const std::uint32_t high = slot >> kChunkBits;
  const auto low = static_cast<std::uint16_t>(slot & 0xFFFF);
  const std::size_t ci = lower_chunk(high);
  if (ci == chunks_.size() || chunks_[ci].high != high) return false;
  return chunk_contains(chunks_[ci], low);
}

std::size_t SlotSet::memory_bytes() const {
  std::size_t bytes = chunks_.capacity() * sizeof(Chunk);
  for (const Chunk& c : chunks_) {
    bytes += c.bits ? kWords * sizeof(std::uint64_t) : c.array.capacity() * sizeof(std::uint16_t);
  }
  return bytes;
}

}  // namespace ticketd::projections
