#pragma once
// Maps each ticket stream to a dense slot: 0, 1, 2 ... in the log order of
// the stream's first ticket event. Every view indexes its rows and bitmaps by
// slot, and since slots follow from the log alone, a view rebuilt from
// position 0 gets the same slots as the live one (so cursors survive
// rebuilds and restarts). The runtime resolves slots once per envelope for
// all views.
//
// Thread-safety: all members may be called concurrently; a mutex guards the
// map (the applier and a rebuild worker both resolve).

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "domain/result.h"

namespace ticketd::projections {

class TicketDirectory {
 public:
  TicketDirectory() = default;
  TicketDirectory(const TicketDirectory&) = delete;
  TicketDirectory& operator=(const TicketDirectory&) = delete;

  // The slot of `stream` for a ticket event at log `position`. Events must
  // reach the directory in log order per caller; a stream first seen past
  // the newest position resolved so far gets the next slot. A stream
  // unknown at or before that position is an error (kInternal): some caller
  // skipped part of the log.
  domain::Result<std::uint32_t> resolve(std::uint64_t position, std::string_view stream);

  // The number of slots handed out.
  std::uint32_t size() const;

  // Entries added since the last take_unsaved(), for persisting them, and
  // the newest position resolved when they were taken (taken together, so
  // a persisted position never claims entries that were not persisted).
  struct Unsaved {
    std::vector<std::pair<std::uint32_t, std::string>> entries;
    std::uint64_t position = 0;
  };
  Unsaved take_unsaved();

  // Restores a persisted entry (at start-up, in any order). `position` is
  // the newest position the persisted directory had resolved.
  void restore(std::uint32_t slot, std::string stream);
  void restore_position(std::uint64_t position);
  std::uint64_t position() const;

  std::size_t memory_bytes() const;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  mutable std::mutex mu_;
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> slots_;  // guarded by mu_
  std::vector<std::pair<std::uint32_t, std::string>> unsaved_;                   // guarded by mu_
  std::uint64_t position_ = 0;                                                   // guarded by mu_
};

}  // namespace ticketd::projections
