#include "domain/sla_timers.h"

#include <algorithm>

namespace ticketd::domain {
namespace {

Millis warning_share(Millis target) { return target * kSlaWarningPercent / 100; }

void add_target(std::vector<SlaTimer>& out, TimerKind warning, TimerKind breach,
                std::optional<Instant> warn_at, Instant due) {
  if (warn_at && *warn_at < due) out.push_back(SlaTimer{warning, *warn_at, due});
  out.push_back(SlaTimer{breach, due, due});
}

}  // namespace

std::string_view to_string(TimerKind kind) {
  switch (kind) {
    case TimerKind::kFirstResponseWarning:
      return "first_response_warning";
    case TimerKind::kFirstResponseBreach:
      return "first_response_breach";
    case TimerKind::kResolutionWarning:
      return "resolution_warning";
    case TimerKind::kResolutionBreach:
      return "resolution_breach";
    case TimerKind::kAutoClose:
      return "auto_close";
  }
  return "unknown";
}

std::vector<SlaTimer> ticket_timers(const TicketState& state, const BusinessCalendar& calendar,
                                    Millis auto_close_after) {
  std::vector<SlaTimer> out;
  if (!state.exists || state.status == Status::kClosed) return out;
  if (state.status == Status::kResolved) {
    if (state.resolved_at && auto_close_after > Millis::zero()) {
      const Instant at = *state.resolved_at + auto_close_after;
      out.push_back(SlaTimer{TimerKind::kAutoClose, at, at});
    }
    return out;
  }
  const SlaClock& clock = state.sla;
  if (!clock.stopped && !state.first_response_at && !state.first_response_breached &&
      clock.first_response_due) {
    std::optional<Instant> warn_at;
    if (!state.first_response_warned) {
      warn_at = calendar.add(state.created_at, warning_share(clock.first_response_target));
    }
    add_target(out, TimerKind::kFirstResponseWarning, TimerKind::kFirstResponseBreach, warn_at,
               *clock.first_response_due);
  }
  if (!clock.stopped && !clock.paused && clock.running_since && clock.resolution_due &&
      !state.resolution_breached) {
    std::optional<Instant> warn_at;
    if (!state.resolution_warned) {
      const Millis share = warning_share(clock.resolution_target);
      warn_at = clock.resolution_consumed >= share
                    ? *clock.running_since
                    : calendar.add(*clock.running_since, share - clock.resolution_consumed);
    }
    add_target(out, TimerKind::kResolutionWarning, TimerKind::kResolutionBreach, warn_at,
               *clock.resolution_due);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const SlaTimer& a, const SlaTimer& b) { return a.at < b.at; });
  return out;
}

Command timer_command(const SlaTimer& timer) {
  switch (timer.kind) {
    case TimerKind::kFirstResponseWarning:
      return RecordSlaWarning{SlaTargetKind::kFirstResponse, timer.due_at};
    case TimerKind::kFirstResponseBreach:
      return RecordSlaBreach{SlaTargetKind::kFirstResponse, timer.due_at};
    case TimerKind::kResolutionWarning:
      return RecordSlaWarning{SlaTargetKind::kResolution, timer.due_at};
    case TimerKind::kResolutionBreach:
      return RecordSlaBreach{SlaTargetKind::kResolution, timer.due_at};
    case TimerKind::kAutoClose:
      break;
  }
  return AutoClose{};
}

}  // namespace ticketd::domain
