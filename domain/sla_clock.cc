#include "domain/sla_clock.h"

#include "domain/workflow.h"

namespace ticketd::domain {
namespace {

// The due of a clock that runs from `since` having consumed `consumed` of
// `target`: `since` itself when nothing remains, so a due is never invented
// in the future for a clock that is already overdue.
Instant due_from(const BusinessCalendar& calendar, Instant since, Millis consumed, Millis target) {
  if (consumed >= target) return since;
  return calendar.add(since, target - consumed);
}

void run_from(SlaClock& clock, const BusinessCalendar& calendar, Instant at) {
  clock.paused = false;
  clock.stopped = false;
  clock.running_since = at;
  clock.resolution_due = due_from(calendar, at, clock.resolution_consumed, clock.resolution_target);
}

// Folds the current running stretch, if any, into resolution_consumed.
void fold_running(SlaClock& clock, const BusinessCalendar& calendar, Instant at) {
  if (!clock.running_since) return;
  clock.resolution_consumed += calendar.between(*clock.running_since, at);
  clock.running_since.reset();
}

}  // namespace

SlaClock sla_start(const BusinessCalendar& calendar, SlaTargets targets, Instant opened_at) {
  SlaClock clock;
  clock.first_response_target = targets.first_response;
  clock.resolution_target = targets.resolution;
  clock.first_response_due = calendar.add(opened_at, targets.first_response);
  run_from(clock, calendar, opened_at);
  return clock;
}

void sla_pause(SlaClock& clock, const BusinessCalendar& calendar, Instant at) {
  if (clock.paused || clock.stopped) return;
  fold_running(clock, calendar, at);
  clock.resolution_due.reset();
  clock.paused = true;
}

void sla_resume(SlaClock& clock, const BusinessCalendar& calendar, Instant at) {
  if (!clock.paused || clock.stopped) return;
  run_from(clock, calendar, at);
}

void sla_stop(SlaClock& clock, const BusinessCalendar& calendar, Instant at) {
  if (clock.stopped) return;
  fold_running(clock, calendar, at);
  clock.paused = false;
  clock.stopped = true;
}

void sla_restart(SlaClock& clock, const BusinessCalendar& calendar, Instant at) {
  if (!clock.stopped) return;
  run_from(clock, calendar, at);
}

void sla_retarget(SlaClock& clock, const BusinessCalendar& calendar, SlaTargets targets,
                  Instant opened_at, Instant /*at*/) {
  clock.first_response_target = targets.first_response;
  clock.resolution_target = targets.resolution;
  clock.first_response_due = calendar.add(opened_at, targets.first_response);
  if (clock.paused || clock.stopped || !clock.running_since) return;
  clock.resolution_due =
      due_from(calendar, *clock.running_since, clock.resolution_consumed, targets.resolution);
}

Millis sla_resolution_elapsed(const SlaClock& clock, const BusinessCalendar& calendar, Instant at) {
  Millis elapsed = clock.resolution_consumed;
  if (clock.running_since && !clock.paused && !clock.stopped) {
    elapsed += calendar.between(*clock.running_since, at);
  }
  return elapsed;
}

void sla_enter_status(SlaClock& clock, const BusinessCalendar& calendar, Status to, Instant at) {
  if (is_active_status(to)) {
    if (clock.stopped) {
      sla_restart(clock, calendar, at);
    } else {
      sla_resume(clock, calendar, at);
    }
  } else if (is_paused_status(to)) {
    if (clock.stopped) sla_restart(clock, calendar, at);
    sla_pause(clock, calendar, at);
  } else {
    sla_stop(clock, calendar, at);
  }
}

}  // namespace ticketd::domain
