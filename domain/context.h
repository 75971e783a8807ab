#pragma once
// What decide() knows besides the command and the ticket: who acts, when,
// and the SLA policy of the ticket's tenant. Time enters the domain only
// here and in event timestamps, so rules are testable without a clock.

#include "domain/sla_policy.h"
#include "domain/types.h"

namespace ticketd::domain {

struct Context {
  Actor actor;
  Instant now{};
  // The tenant's current policy: TicketOpened snapshots it, PriorityChanged
  // takes the new priority's targets from it. Defaults to DESIGN.md's
  // defaults for a tenant that has configured none.
  SlaPolicy policy = SlaPolicy::defaults();
};

}  // namespace ticketd::domain
