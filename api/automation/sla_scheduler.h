#pragma once
// The one ordered set of every ticket's pending automatic actions:
// (instant, ticket, kind). The automation thread asks it for the nearest
// instant to sleep until and for the entries that have come due; when a
// ticket changes, its entries are replaced as a whole. Nothing here walks
// all tickets: next() looks at the first entry, take_due() at the due ones.
//
// Thread-safety: none; the automation thread owns it.

#include <cstddef>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/sla_timers.h"

namespace ticketd::api {

class SlaScheduler {
 public:
  struct Entry {
    domain::Instant at{};
    std::string ticket_id;
    domain::TimerKind kind = domain::TimerKind::kFirstResponseBreach;
    domain::Instant due_at{};
    friend bool operator==(const Entry&, const Entry&) = default;
  };

  // Replaces every entry of `ticket_id` by `timers` (none: removes it).
  void replace(std::string_view ticket_id, const std::vector<domain::SlaTimer>& timers);
  void remove(std::string_view ticket_id) { replace(ticket_id, {}); }

  // The earliest instant of any entry; nullopt when empty.
  std::optional<domain::Instant> next() const;

  // Removes and returns the entries with at <= now, earliest first, at most
  // `max` and at most one per ticket (the earliest): a ticket's later entry
  // waits until the earlier one's command has been carried out and the
  // ticket reloaded, so a warning is always appended before its breach.
  std::vector<Entry> take_due(domain::Instant now, std::size_t max);

  std::size_t size() const { return ordered_.size(); }
  std::size_t tickets() const { return tickets_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  // Each ticket's timers, by id. The ordered set below points at these
  // keys (a node-based map does not move them) instead of copying the id
  // into every timer: a ticket with four timers costs about 0.5 KB, not 1.
  using Tickets =
      std::unordered_map<std::string, std::vector<domain::SlaTimer>, Hash, std::equal_to<>>;
  struct Key {
    domain::Instant at{};
    const std::string* ticket_id = nullptr;  // a key of tickets_
    domain::TimerKind kind = domain::TimerKind::kFirstResponseBreach;
    domain::Instant due_at{};
  };
  struct Before {
    bool operator()(const Key& a, const Key& b) const {
      if (a.at != b.at) return a.at < b.at;
      if (a.ticket_id != b.ticket_id && *a.ticket_id != *b.ticket_id)
        return *a.ticket_id < *b.ticket_id;
      return a.kind < b.kind;
    }
  };
  static Key key_of(const Tickets::value_type& ticket, const domain::SlaTimer& t) {
    return Key{t.at, &ticket.first, t.kind, t.due_at};
  }

  std::set<Key, Before> ordered_;
  Tickets tickets_;
};

}  // namespace ticketd::api
