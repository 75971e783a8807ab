#pragma once
// The command path's cache of folded ticket states: least recently used out
// first, bounded by the states' approximate size. Thread-safe.
//
// An entry is *current* while no event was appended to its stream after the
// state folded: a load then needs no read of the store at all. The store
// tells every commit (on_commit, via EventStore::observe_commits) before it
// answers an appender or moves its head, and a commit marks the entries it
// overtakes stale; a stale entry still saves the fold of the events before.
// A state read from the store while a commit went by could miss it without
// the commit finding the entry (it was not there yet), so every commit also
// moves an epoch, and a state counts as current only if no commit happened
// between taking the epoch before its read and storing it.

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "domain/ticket_state.h"
#include "eventstore/append_request.h"

namespace ticketd::api {

// A ticket's state folded from its stream, and the log position of the
// last event folded (0 when the stream is empty: the state does not exist).
struct LoadedTicket {
  domain::TicketState state;
  std::uint64_t position = 0;
};

struct StateCacheStats {
  std::size_t entries = 0;
  std::size_t bytes = 0;     // approximate, as bounded
  std::size_t capacity = 0;  // the bound (0: no cache)
  std::uint64_t hits = 0;    // lookups that found a state (stale or not)
  std::uint64_t misses = 0;
};

class StateCache {
 public:
  explicit StateCache(std::size_t capacity_bytes) : capacity_(capacity_bytes) {}

  struct Lookup {
    std::shared_ptr<const LoadedTicket> loaded;  // null: not cached
    bool current = false;                        // nothing was appended after it
    std::uint64_t epoch = 0;                     // to store what a read after the lookup finds
  };
  Lookup get(std::string_view id);

  StateCacheStats stats();

  // Stores a state read from the store after `read_epoch` was taken.
  // `at_head`: the read went to the end of the stream, not just up to a
  // version.
  void put(const std::string& id, std::shared_ptr<const LoadedTicket> loaded,
           std::uint64_t read_epoch, bool at_head);

  // Stores the state a commit left, from the commit's append callback: the
  // store runs it after telling on_commit of the commit's batch and before
  // telling the next, so the state is current unless an append later in the
  // same batch went to the same ticket.
  void put_committed(const std::string& id, std::shared_ptr<const LoadedTicket> loaded);

  // The store found nothing after `loaded` in a read begun after
  // `read_epoch` was taken: it is current again unless a commit went by.
  void confirm(std::string_view id, const LoadedTicket* loaded, std::uint64_t read_epoch);

  // A durable commit (EventStore::observe_commits): the states of its ticket
  // streams it overtakes are stale.
  void on_commit(const std::vector<eventstore::StreamHead>& heads);

 private:
  struct Entry {
    std::shared_ptr<const LoadedTicket> loaded;
    std::list<std::string>::iterator position;
    std::size_t bytes = 0;
    bool current = false;
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  // With mu_ held.
  void store(const std::string& id, std::shared_ptr<const LoadedTicket> loaded, std::size_t bytes,
             bool current);

  std::size_t capacity_;
  std::size_t used_ = 0;
  std::uint64_t hits_ = 0;
  std::uint64_t misses_ = 0;
  std::uint64_t epoch_ = 0;
  // The ticket streams of the last batch told, with their new versions.
  std::vector<std::pair<std::string, std::uint64_t>> last_batch_;
  std::size_t last_batch_size_ = 0;
  std::mutex mu_;
  std::list<std::string> lru_;  // most recent first
  std::unordered_map<std::string, Entry, Hash, std::equal_to<>> entries_;
};

}  // namespace ticketd::api
