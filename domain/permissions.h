#pragma once
// Which role may issue which command. decide() checks this after
// visibility and before the command's fields:
//
//   command                    customer / customer_admin     agent, admin,  system
//                                                            tenant_admin
//   OpenTicket                 own tenant; a customer only   yes            no
//                              for themselves; no assignee
//   PostMessage                public replies only           yes            no
//   AcceptHeldMessage          no                            yes            no
//   ChangeStatus               only to closed, without note  yes            no
//   RateSatisfaction           yes                           no             no
//   Assign, Escalate           no                            yes            yes
//   RecordSlaWarning/Breach,   no                            no             yes
//   AutoClose
//   everything else            no                            yes            no
//
// Customers and scoped staff act only on tickets they can see (visible_to
// in decide.h), so the table needs no tenant check except for OpenTicket
// (decide() checks a staff member's scope for it).

#include <string_view>

#include "domain/commands.h"
#include "domain/types.h"

namespace ticketd::domain {

// Empty when `actor`'s role may issue `command`; otherwise a short reason
// for the kForbidden error. Looks only at the role and at the command's own
// fields (an internal note, a status target, an OpenTicket's tenant and
// requester), never at the ticket.
std::string_view role_denial(const Command& command, const Actor& actor);

// Whether `actor` is the person `requester` names: the same email (ASCII
// case-insensitive) and, when the requester has an id, the same id. A
// customer may only open tickets for themselves.
bool acts_as(const Requester& requester, const Actor& actor);

}  // namespace ticketd::domain
