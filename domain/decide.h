#pragma once
// decide(): the business rules. Given a command, the ticket's current state
// and the context (actor, now, tenant policy), it returns the new events or
// an error value; it never throws for a business rule and never reads a
// clock. The caller appends the events with the state's version as the
// expected version and retries on a version conflict.

#include <string_view>
#include <vector>

#include "domain/commands.h"
#include "domain/context.h"
#include "domain/events.h"
#include "domain/message.h"
#include "domain/result.h"
#include "domain/ticket_state.h"
#include "domain/types.h"

namespace ticketd::domain {

// The checks run in this order, and the first failure is the answer:
//  1. existence: OpenTicket on an existing ticket is kConflict; any other
//     command on a missing one is kNotFound;
//  2. visibility: a ticket the actor may not see is kNotFound (visible_to),
//     out of a staff member's scope included; an OpenTicket by staff for a
//     tenant outside their scope is kValidation "tenant: no such tenant",
//     as the route answers an unknown tenant;
//  3. role: what the actor's role may do (see the table in decide.cc) is
//     kForbidden otherwise;
//  4. fields: kValidation with every FieldError found;
//  5. a closed ticket refuses everything but a rating (kTicketClosed);
//  6. the command's own rules (kInvalidTransition, kConflict).
// Success may be an empty vector: the command changes nothing (assigning the
// current assignee, adding tags already present, a repeated SLA breach).
// Some commands imply a status change, emitted after their own events as a
// StatusChanged with a reason: assigning an open ticket, or opening one with
// an assignee, moves it to in_progress ("assigned"); a customer's public
// reply reopens a waiting_on_customer or resolved ticket ("customer_reply").
// Every event gets meta {ctx.now, ctx.actor.id, ctx.actor.role}.
// TicketOpened.number is left 0 for the event store to assign.
// The message of every kNotFound for a ticket: a hidden ticket and a missing
// one must answer alike, to the letter.
inline constexpr std::string_view kTicketNotFound = "ticket not found";

Result<std::vector<Event>> decide(const Command& command, const TicketState& state,
                                  const Context& ctx);

// Whether `actor` may see the ticket at all: staff see every ticket of a
// tenant in their scope (in_scope, types.h), a customer_admin every ticket
// of their tenant, a customer the tickets of
// their tenant whose requester has their email or id. False for a ticket
// that does not exist.
bool visible_to(const TicketState& state, const Actor& actor);

// Whether `actor` may see `message` on a ticket they can see: customers
// never see internal notes.
bool message_visible_to(const Message& message, const Actor& actor);

// The status a customer's reply (or a held mail accepted as theirs) leaves a
// ticket in: one that waited on them or was resolved opens again, by a
// StatusChanged with reason "customer_reply" after the message.
Status status_after_customer_reply(Status status);

}  // namespace ticketd::domain
