#pragma once
// The ticket workflow of DESIGN.md as a transition table:
//
//   open                -> in_progress | waiting_on_customer | on_hold | resolved
//   in_progress         -> open | waiting_on_customer | on_hold | resolved
//   waiting_on_customer -> in_progress | resolved
//   on_hold             -> in_progress | open | resolved
//   resolved            -> closed | open
//   closed              -> (terminal)
//
// Transitions implied by other commands are decided elsewhere: a customer
// reply moves waiting_on_customer to open (decide.cc) and a merge closes the
// source from any open status.

#include "domain/types.h"

namespace ticketd::domain {

// Whether an explicit status change from `from` to `to` is allowed. A change
// to the same status is not a transition and is never allowed.
bool allowed(Status from, Status to);

// The statuses in which the resolution clock is paused.
constexpr bool is_paused_status(Status s) {
  return s == Status::kWaitingOnCustomer || s == Status::kOnHold;
}

// The statuses in which work is still expected (the SLA clock may run).
constexpr bool is_active_status(Status s) { return s == Status::kOpen || s == Status::kInProgress; }

}  // namespace ticketd::domain
