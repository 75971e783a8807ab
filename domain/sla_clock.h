#pragma once
// The SLA clocks of one ticket, kept in its state and advanced by evolve on
// every status or priority change. All functions are pure: the instant of the
// change comes from the event, business time from the tenant's calendar.
//
// The first-response clock never pauses. The resolution clock runs while the
// ticket is active (open, in_progress), pauses while it waits on the customer
// or is on hold, and stops when it is resolved or closed; the business time it
// has run so far is kept so that resuming or restarting continues where it
// left off.

#include <optional>

#include "domain/business_calendar.h"
#include "domain/sla_policy.h"
#include "domain/types.h"

namespace ticketd::domain {

// A ticket's SLA clocks. The resolution clock is in one of three modes:
// running (running_since and resolution_due set), paused (paused, no due) or
// stopped (stopped, the due of its last running stretch kept for reporting).
// A clock whose target is already used up when it starts running is due at
// that instant: a due is never pushed into the future for an overdue ticket.
struct SlaClock {
  Millis first_response_target{0};
  Millis resolution_target{0};
  // opened_at + first_response_target in business time; never pauses.
  std::optional<Instant> first_response_due;
  // When the resolution target falls due; nullopt while paused.
  std::optional<Instant> resolution_due;
  // Business time the resolution clock ran before running_since.
  Millis resolution_consumed{0};
  // Start of the current running stretch; set only while running.
  std::optional<Instant> running_since;
  bool paused = false;   // waiting_on_customer / on_hold
  bool stopped = false;  // resolved / closed
  friend bool operator==(const SlaClock&, const SlaClock&) = default;
};

// Both clocks of a ticket opened at `opened_at`, running from then.
SlaClock sla_start(const BusinessCalendar& calendar, SlaTargets targets, Instant opened_at);

// Entering waiting_on_customer or on_hold: the business time run until `at`
// is added to resolution_consumed and the due is cleared. Does nothing when
// the clock is already paused or stopped.
void sla_pause(SlaClock& clock, const BusinessCalendar& calendar, Instant at);

// Leaving a paused status for an active one: the clock runs from `at` and is
// due when the remaining target has elapsed, or at `at` itself when nothing
// remains (it is already overdue). Does nothing unless paused and not stopped.
void sla_resume(SlaClock& clock, const BusinessCalendar& calendar, Instant at);

// Resolved or closed: a running clock adds its business time until `at` to
// resolution_consumed and keeps its due for reporting; a paused one keeps no
// due. Does nothing when already stopped.
void sla_stop(SlaClock& clock, const BusinessCalendar& calendar, Instant at);

// Resolved back to open: the clock runs again from `at` with what remains of
// the target (due at `at` if nothing remains). Does nothing unless stopped.
void sla_restart(SlaClock& clock, const BusinessCalendar& calendar, Instant at);

// What entering status `to` at `at` does to the clock, keyed on the target
// status and the clock's own mode so that even a transition the workflow
// would refuse leaves a consistent clock: an active status resumes it (or
// restarts a stopped one), a paused status pauses it (restarting a stopped
// one first), resolved and closed stop it. evolve() and the projections'
// ticket rows both fold status changes through this one function.
void sla_enter_status(SlaClock& clock, const BusinessCalendar& calendar, Status to, Instant at);

// Priority changed: both targets are replaced. The first-response due is
// recomputed from `opened_at`. A running resolution clock is due when the new
// target is used up counting from the time already consumed (possibly in the
// past, exactly when it fell due during the current running stretch, or
// running_since when it was used up before it). A paused clock stays without
// a due and a stopped one keeps its last due; both use the new target once
// they run again. `at` is the instant of the change; a running clock's due
// does not depend on it because the consumed time is exact.
void sla_retarget(SlaClock& clock, const BusinessCalendar& calendar, SlaTargets targets,
                  Instant opened_at, Instant at);

// Business time the resolution clock has run by `at`: resolution_consumed
// plus the current running stretch up to `at`.
Millis sla_resolution_elapsed(const SlaClock& clock, const BusinessCalendar& calendar, Instant at);

}  // namespace ticketd::domain
