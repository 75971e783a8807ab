#pragma once
// The one ordered set of every ticket's pending automatic actions:
// (instant, ticket, kind). The automation thread asks it for the nearest
// instant to sleep until and for the entries that have come due; when a
// ticket changes, its entries are replaced as a whole. Nothing here walks
// all tickets: next() looks at the first entry, take_due() at the due ones.
//
// Thread-safety: none; the automation thread owns it.

#include <cstddef>
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
  std::size_t tickets() const { return by_ticket_.size(); }

 private:
  struct Before {
    bool operator()(const Entry& a, const Entry& b) const {
      if (a.at != b.at) return a.at < b.at;
      if (a.ticket_id != b.ticket_id) return a.ticket_id < b.ticket_id;
      return a.kind < b.kind;
    }
  };
  std::set<Entry, Before> ordered_;
  std::unordered_map<std::string, std::vector<Entry>> by_ticket_;
};

}  // namespace ticketd::api
