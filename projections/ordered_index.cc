#include "projections/ordered_index.h"

namespace ticketd::projections {

std::size_t OrderedIndex::block_for(const Entry& e) const {
  auto it = std::lower_bound(
      blocks_.begin(), blocks_.end(), e,
      [](const std::vector<Entry>& block, const Entry& x) { return block.back() < x; });
  return static_cast<std::size_t>(it - blocks_.begin());
}

void OrderedIndex::insert(Entry e) {
  if (blocks_.empty()) {
    blocks_.emplace_back().push_back(e);
    ++size_;
    return;
  }
  std::size_t b = block_for(e);
  if (b == blocks_.size()) b = blocks_.size() - 1;  // past the end: append to the last block
  auto& block = blocks_[b];
  block.insert(std::upper_bound(block.begin(), block.end(), e), e);
  ++size_;
  if (block.size() > kMaxBlock) {
    std::vector<Entry> upper(block.begin() + kMaxBlock / 2, block.end());
    block.resize(kMaxBlock / 2);
    blocks_.insert(blocks_.begin() + static_cast<std::ptrdiff_t>(b) + 1, std::move(upper));
  }
}

bool OrderedIndex::erase(Entry e) {
  const std::size_t b = block_for(e);
  if (b == blocks_.size()) return false;
  auto& block = blocks_[b];
  auto it = std::lower_bound(block.begin(), block.end(), e);
  if (it == block.end() || !(*it == e)) return false;
  block.erase(it);
  --size_;
  if (block.empty()) {
    blocks_.erase(blocks_.begin() + static_cast<std::ptrdiff_t>(b));
  } else if (block.size() < kMaxBlock / 8 && b + 1 < blocks_.size() &&
             block.size() + blocks_[b + 1].size() <= kMaxBlock) {
    // Merge small neighbours so that churn cannot leave many tiny blocks.
    auto& next = blocks_[b + 1];
    block.insert(block.end(), next.begin(), next.end());
    blocks_.erase(blocks_.begin() + static_cast<std::ptrdiff_t>(b) + 1);
  }
  return true;
}

void OrderedIndex::clear() {
  blocks_.clear();
  size_ = 0;
}

void OrderedIndex::assign(std::vector<Entry> entries) {
  std::sort(entries.begin(), entries.end());
  clear();
  size_ = entries.size();
  const std::size_t fill = kMaxBlock * 3 / 4;  // room to grow before splitting
  for (std::size_t i = 0; i < entries.size(); i += fill) {
    const std::size_t end = std::min(entries.size(), i + fill);
    blocks_.emplace_back(entries.begin() + static_cast<std::ptrdiff_t>(i),
                         entries.begin() + static_cast<std::ptrdiff_t>(end));
  }
}

std::size_t OrderedIndex::memory_bytes() const {
  std::size_t bytes = blocks_.capacity() * sizeof(std::vector<Entry>);
  for (const auto& block : blocks_) bytes += block.capacity() * sizeof(Entry);
  return bytes;
}

}  // namespace ticketd::projections
