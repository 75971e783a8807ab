#pragma once
// TicketCore: the part of a ticket's state that every view needs (status,
// priority, category, tenant, assignee, timestamps, SLA clock and breaches),
// in a compact form. apply_core() folds one event into it exactly as
// domain::evolve() does for the same fields -- the property test checks the
// two against each other -- but without keeping messages, so a view holds
// about 200 bytes per ticket instead of the whole TicketState.

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "domain/events.h"
#include "domain/sla_clock.h"
#include "domain/types.h"
#include "projections/byte_codec.h"
#include "projections/calendar_pool.h"
#include "projections/string_pool.h"

namespace ticketd::projections {

// Instants are UTC milliseconds; kNoInstant stands for "not set".
inline constexpr std::int64_t kNoInstant = std::numeric_limits<std::int64_t>::min();

inline std::int64_t to_ms(domain::Instant t) { return t.time_since_epoch().count(); }
inline domain::Instant to_instant(std::int64_t ms) { return domain::Instant(domain::Millis(ms)); }
inline std::optional<domain::Instant> to_optional(std::int64_t ms) {
  if (ms == kNoInstant) return std::nullopt;
  return to_instant(ms);
}

// The interned strings and calendars a model's rows refer to.
struct CorePools {
  StringPool tenants;
  StringPool agents;  // assignees
  CalendarPool calendars;
};

struct TicketCore {
  domain::SlaClock sla{};
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;  // occurred_at of the latest event
  std::int64_t first_response_at = kNoInstant;
  std::int64_t resolved_at = kNoInstant;
  std::int64_t closed_at = kNoInstant;
  std::uint64_t version = 0;  // events applied: the stream version
  std::uint32_t tenant = StringPool::kNone;
  std::uint32_t assignee = StringPool::kNone;  // kNone = unassigned
  std::uint32_t calendar = CalendarPool::kDefault;
  std::int32_t escalation_level = 0;
  domain::Status status = domain::Status::kOpen;
  domain::Priority priority = domain::Priority::kMedium;
  domain::Category category = domain::Category::kGeneral;
  bool exists = false;  // TicketOpened seen
  bool first_response_breached = false;
  bool resolution_breached = false;

  bool breached() const { return first_response_breached || resolution_breached; }
  // Not resolved or closed: work is still expected.
  bool open() const {
    return status != domain::Status::kResolved && status != domain::Status::kClosed;
  }
  // The soonest due instant of a target still being measured (first
  // response not given yet, resolution clock running), breached or not;
  // kNoInstant when none is.
  std::int64_t next_due() const;
};

// Folds `event` (occurred at meta.occurred_at) into `core`, as evolve() does.
void apply_core(TicketCore& core, const domain::Event& event, CorePools& pools);

// Row persistence: appends core's fields / reads them back (false on
// malformed input). Pool ids are stored as they are; the pools are saved
// alongside.
void encode_core(ByteWriter& w, const TicketCore& core);
bool decode_core(ByteReader& r, TicketCore& core);

}  // namespace ticketd::projections
