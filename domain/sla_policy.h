#pragma once
// A tenant's service-level agreement: per priority, how long until the first
// agent response and until resolution, counted in the tenant's business hours.

#include <array>

#include "domain/business_calendar.h"
#include "domain/types.h"

namespace ticketd::domain {

// Durations of business time (see BusinessCalendar) allowed for one priority.
struct SlaTargets {
  Millis first_response{0};
  Millis resolution{0};
  friend bool operator==(const SlaTargets&, const SlaTargets&) = default;
};

struct SlaPolicy {
  std::array<SlaTargets, 4> targets;  // index = static_cast<int>(Priority): low .. urgent
  BusinessHours business_hours;       // default: 24x7

  // The targets of priority `p`.
  SlaTargets for_priority(Priority p) const;

  // The policy of a tenant that has not configured one (DESIGN.md): first
  // response urgent 2h, high 4h, medium 24h, low 48h; resolution urgent 4h,
  // high 24h, medium 72h, low 168h; open 24x7.
  static SlaPolicy defaults();

  friend bool operator==(const SlaPolicy&, const SlaPolicy&) = default;
};

}  // namespace ticketd::domain
