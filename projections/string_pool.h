#pragma once
// Interning of the strings that repeat across tickets (tenants, assignees,
// tags, requesters): each distinct string is stored once and rows hold a
// 32-bit id. Ids are dense from 0 in order of first appearance, which makes
// them usable as vector indexes and deterministic for a given log.

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ticketd::projections {

// Thread-safety: none; the owning model guards it (writes under its
// exclusive lock, reads under its shared lock).
class StringPool {
 public:
  static constexpr std::uint32_t kNone = UINT32_MAX;

  StringPool() = default;
  StringPool(const StringPool&) = delete;
  StringPool& operator=(const StringPool&) = delete;

  // The id of `s`, adding it if new.
  std::uint32_t intern(std::string_view s);

  // The id of `s` if present; never adds.
  std::optional<std::uint32_t> find(std::string_view s) const;

  // The string of a valid id (the reference stays valid for the pool's life).
  const std::string& at(std::uint32_t id) const { return strings_[id]; }

  std::uint32_t size() const { return static_cast<std::uint32_t>(strings_.size()); }

  // Persistence bookkeeping: ids >= saved() were added since mark_saved().
  std::uint32_t saved() const { return saved_; }
  void mark_saved() { saved_ = size(); }

  // Heap bytes used, approximately (for memory reports).
  std::size_t memory_bytes() const;

 private:
  std::deque<std::string> strings_;  // stable addresses for the map's keys
  std::unordered_map<std::string_view, std::uint32_t> ids_;
  std::uint32_t saved_ = 0;
};

}  // namespace ticketd::projections
