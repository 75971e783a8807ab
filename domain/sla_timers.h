#pragma once
// The instants at which the system must act on one ticket by itself: SLA
// warnings (80% of a target elapsed), SLA breaches (a target passed unmet)
// and auto-close (resolved long enough). Pure: the scheduler in api/ keeps
// these instants in order and, when one passes, turns it into the command
// timer_command() names; decide() then checks it against the ticket as it is
// by then (a timer for a due instant that has moved is refused as stale).

#include <vector>

#include "domain/business_calendar.h"
#include "domain/commands.h"
#include "domain/ticket_state.h"
#include "domain/types.h"

namespace ticketd::domain {

// A warning is due when this share of a target has elapsed.
inline constexpr int kSlaWarningPercent = 80;

enum class TimerKind {
  kFirstResponseWarning,
  kFirstResponseBreach,
  kResolutionWarning,
  kResolutionBreach,
  kAutoClose,
};

// "first_response_warning", ..., "auto_close".
std::string_view to_string(TimerKind kind);

struct SlaTimer {
  TimerKind kind = TimerKind::kFirstResponseBreach;
  Instant at{};      // when to act
  Instant due_at{};  // the target's due instant (warnings, breaches); `at` for auto-close
  friend bool operator==(const SlaTimer&, const SlaTimer&) = default;
};

// The timers of `state`, earliest first, computed in `calendar` (the
// ticket's business hours). `auto_close_after` is the tenant's setting
// (zero: never). Rules:
// - a closed ticket (or one that does not exist) has none;
// - a resolved ticket has only its auto-close, at resolved_at +
//   auto_close_after (a customer reply reopens it, so that span is "without
//   customer reply");
// - first response, until it is given or breached: a warning when 80% of its
//   target has elapsed since the opening (unless already warned) and the
//   breach at its due instant;
// - resolution, while its clock runs and it is not breached: a warning when
//   80% of the target has been used (counting earlier running stretches;
//   at once when that share is already used) and the breach at its due.
//   A paused clock has no due and so no timers.
// A warning is left out when it would not come before its breach.
std::vector<SlaTimer> ticket_timers(const TicketState& state, const BusinessCalendar& calendar,
                                    Millis auto_close_after);

// The system command that carries out `timer`.
Command timer_command(const SlaTimer& timer);

}  // namespace ticketd::domain
