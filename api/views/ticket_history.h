#pragma once
// One ticket's history as of an instant or a log position: its events up
// to that point and the state folded from exactly those events. The HTTP
// endpoint GET /admin/v1/tickets/{id}/history and `ticketctl history` both
// build it here, so they give the same answer:
//
//   {"ticket": <the ticket as the viewer may see it, or null>,
//    "events": [<envelopes up to the point, API.md>]}

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/commands/command_path.h"
#include "domain/json_writer.h"
#include "domain/result.h"
#include "domain/ticket_state.h"
#include "eventstore/event_store.h"

namespace ticketd::api {

struct HistoryPoint {
  // Events that occurred at or before this instant (API.md: `as_of`
  // includes events at that instant).
  std::optional<domain::Instant> as_of;
  // Events at or before this log position.
  std::optional<std::uint64_t> at_position;
};

struct TicketHistory {
  std::vector<eventstore::Envelope> events;  // in stream order
  domain::TicketState state;                 // folded from `events`; !exists when none
};

// Reads `ticket_id`'s stream and folds it up to `point`. kInternal when the
// store fails or an event does not decode.
domain::Result<TicketHistory> load_ticket_history(const eventstore::EventStore& store,
                                                  std::string_view ticket_id,
                                                  const HistoryPoint& point);

// Writes {"ticket", "events"} as above; internal notes only for staff viewers.
void write_ticket_history(domain::JsonWriter& w, const TicketHistory& history,
                          const domain::Actor& viewer);

}  // namespace ticketd::api
