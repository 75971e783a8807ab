#pragma once
// evolve(): folds one event into a ticket's state. Total and deterministic:
// every event applies to any state (an event that makes no sense in that
// state still just records its facts), and replaying the same events always
// gives the same state, so any ticket can be rebuilt from its stream.

#include <vector>

#include "domain/events.h"
#include "domain/ticket_state.h"

namespace ticketd::domain {

// The state after `event`. Besides the event's own facts it bumps `version`,
// sets `updated_at` to the event's occurred_at and advances the SLA clock in
// the ticket's business hours (snapshot from TicketOpened; 24x7 if those
// hours are invalid):
//  - entering waiting_on_customer or on_hold pauses the resolution clock,
//    entering open or in_progress resumes it (or restarts it after resolved);
//  - resolved sets resolved_at and stops it, reopening clears resolved_at;
//  - closed (by status or by TicketMerged) sets closed_at and stops it;
//  - PriorityChanged retargets both targets;
//  - the first public message by an agent or admin sets first_response_at.
TicketState evolve(TicketState state, const Event& event);

// evolve() over `events` in order, starting from initial_state().
TicketState fold(const std::vector<Event>& events);

}  // namespace ticketd::domain
