#pragma once
// The ticket representation of API.md, as the caller may see it: customers
// never see internal notes, and their message_count counts public messages.

#include <string>
#include <string_view>

#include "domain/json_writer.h"
#include "domain/ticket_state.h"
#include "domain/types.h"

namespace ticketd::api {

// Writes the ticket (with its visible messages when `with_messages`).
void write_ticket(domain::JsonWriter& w, const domain::TicketState& ticket,
                  const domain::Actor& viewer, bool with_messages = true);

std::string ticket_json(const domain::TicketState& ticket, const domain::Actor& viewer);

// Where an attachment of a ticket is downloaded: under /v1 for a customer,
// /admin/v1 for staff.
std::string attachment_path(std::string_view ticket_id, std::string_view attachment_id,
                            bool customer);

}  // namespace ticketd::api
