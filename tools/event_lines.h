#pragma once
// One readable line per ticket event for `ticketctl history`, e.g.
// "assigned to agent-7" or "status open -> resolved (note: fixed)".

#include <string>

#include "domain/events.h"
#include "domain/ticket_state.h"

namespace ticketd::tools {

// What the event did, in a few words; message bodies are cut to 80 chars.
std::string describe_event(const domain::EventBody& body);

// A one-line summary of the state: status, priority, category, assignee,
// escalation, tags, messages, SLA, version.
std::string describe_state(const domain::TicketState& state);

}  // namespace ticketd::tools
