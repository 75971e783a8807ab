#include "projections/string_pool.h"

namespace ticketd::projections {

std::uint32_t StringPool::intern(std::string_view s) {
  if (auto it = ids_.find(s); it != ids_.end()) return it->second;
  const auto id = static_cast<std::uint32_t>(strings_.size());
  const std::string& stored = strings_.emplace_back(s);
  ids_.emplace(std::string_view(stored), id);
  return id;
}

std::optional<std::uint32_t> StringPool::find(std::string_view s) const {
  if (auto it = ids_.find(s); it != ids_.end()) return it->second;
  return std::nullopt;
}

std::size_t StringPool::memory_bytes() const {
  std::size_t bytes = ids_.bucket_count() * sizeof(void*) + ids_.size() * 48;
  for (const std::string& s : strings_) {
    bytes += sizeof(std::string) + (s.capacity() > 15 ? s.capacity() + 1 : 0);
  }
  return bytes;
}

}  // namespace ticketd::projections
