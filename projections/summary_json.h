#pragma once
// JSON for a TicketSummary, in the field order and shape of API.md's ticket
// representation (without `messages`). The HTTP layer writes list items with
// it and may continue the same object for detail answers.

#include "domain/json_writer.h"
#include "projections/ticket_summary.h"

namespace ticketd::projections {

// Writes `summary` as one complete JSON object.
void write_ticket_summary(domain::JsonWriter& w, const TicketSummary& summary);

// Writes the members of `summary` into an object the caller has begun and
// will end (so a detail answer can append "messages").
void write_ticket_summary_members(domain::JsonWriter& w, const TicketSummary& summary);

}  // namespace ticketd::projections
