#pragma once
// An ordered set of (key, slot) pairs: the sort indexes of the queue view
// (created, updated, due). Pairs order by key, then slot, which makes every
// sort a total order and keyset paging exact. Stored as a list of sorted
// blocks of at most kMaxBlock entries (a one-level B+ tree): inserting or
// erasing moves at most one block, scanning is sequential memory, and the
// footprint stays near 16 bytes per entry.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

namespace ticketd::projections {

// Thread-safety: none; guarded by the owning model.
class OrderedIndex {
 public:
  struct Entry {
    std::int64_t key = 0;
    std::uint32_t slot = 0;
    friend bool operator==(const Entry&, const Entry&) = default;
    friend bool operator<(const Entry& a, const Entry& b) {
      return a.key != b.key ? a.key < b.key : a.slot < b.slot;
    }
  };

  void insert(Entry e);
  // False when `e` was absent.
  bool erase(Entry e);
  std::size_t size() const { return size_; }
  void clear();

  // Replaces the contents with `entries`, which need not be sorted (bulk
  // build after a rebuild or a load).
  void assign(std::vector<Entry> entries);

  // Calls f(entry) in ascending order for entries > *after (all when
  // nullopt) until f returns false.
  template <class F>
  void scan_up(std::optional<Entry> after, F&& f) const;

  // Calls f(entry) in descending order for entries < *before (all when
  // nullopt) until f returns false.
  template <class F>
  void scan_down(std::optional<Entry> before, F&& f) const;

  std::size_t memory_bytes() const;

 private:
  static constexpr std::size_t kMaxBlock = 512;

  // Index of the first block whose last entry is >= e (blocks_.size() if none).
  std::size_t block_for(const Entry& e) const;

  std::vector<std::vector<Entry>> blocks_;  // each sorted, non-empty, in order
  std::size_t size_ = 0;
};

template <class F>
void OrderedIndex::scan_up(std::optional<Entry> after, F&& f) const {
  std::size_t b = 0;
  std::size_t i = 0;
  if (after) {
    b = block_for(*after);
    if (b == blocks_.size()) return;
    const auto& block = blocks_[b];
    i = static_cast<std::size_t>(std::upper_bound(block.begin(), block.end(), *after) -
                                 block.begin());
  }
  for (; b < blocks_.size(); ++b, i = 0) {
    const auto& block = blocks_[b];
    for (; i < block.size(); ++i) {
      if (!f(block[i])) return;
    }
  }
}

template <class F>
void OrderedIndex::scan_down(std::optional<Entry> before, F&& f) const {
  if (blocks_.empty()) return;
  std::size_t b = blocks_.size() - 1;
  std::size_t i = blocks_[b].size();
  if (before) {
    b = block_for(*before);
    if (b == blocks_.size()) {
      b = blocks_.size() - 1;
      i = blocks_[b].size();
    } else {
      const auto& block = blocks_[b];
      i = static_cast<std::size_t>(std::lower_bound(block.begin(), block.end(), *before) -
                                   block.begin());
    }
  }
  for (;;) {
    const auto& block = blocks_[b];
    while (i > 0) {
      if (!f(block[--i])) return;
    }
    if (b == 0) return;
    --b;
    i = blocks_[b].size();
  }
}

}  // namespace ticketd::projections
