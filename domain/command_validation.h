#pragma once
// The field rules of each command: decide() reports them all at once as a
// kValidation error after the role check. Field names are those of the API
// JSON ("subject", "tags.add[0]", "requester.email", "into").

#include "domain/commands.h"
#include "domain/ticket_state.h"
#include "domain/validation.h"

namespace ticketd::domain {

// Every field problem of `command`, in field order; empty when it is valid.
// `state` is consulted only where a field refers to the ticket itself (a
// merge into or from the same ticket). Limits are in validation.h.
FieldErrors validate_command(const Command& command, const TicketState& state);

}  // namespace ticketd::domain
