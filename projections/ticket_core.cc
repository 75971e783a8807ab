#include "projections/ticket_core.h"

#include <algorithm>
#include <type_traits>
#include <variant>

#include "domain/workflow.h"

namespace ticketd::projections {
namespace {

using domain::Status;

// The clock through the domain's own rule (sla_enter_status), the
// timestamps as evolve() sets them.
void enter_status(TicketCore& c, Status to, domain::Instant at,
                  const domain::BusinessCalendar& calendar) {
  domain::sla_enter_status(c.sla, calendar, to, at);
  if (domain::is_active_status(to) || domain::is_paused_status(to)) c.resolved_at = kNoInstant;
  if (to == Status::kResolved) c.resolved_at = to_ms(at);
  if (to == Status::kClosed) c.closed_at = to_ms(at);
  c.status = to;
}

void put_optional(ByteWriter& w, const std::optional<domain::Instant>& t) {
  w.svarint(t ? to_ms(*t) : kNoInstant);
}

std::optional<domain::Instant> get_optional(ByteReader& r) { return to_optional(r.svarint()); }

}  // namespace

std::int64_t TicketCore::next_due() const {
  if (sla.stopped) return kNoInstant;
  std::int64_t due = kNoInstant;
  if (first_response_at == kNoInstant && sla.first_response_due) {
    due = to_ms(*sla.first_response_due);
  }
  if (sla.resolution_due) {
    const std::int64_t r = to_ms(*sla.resolution_due);
    if (due == kNoInstant || r < due) due = r;
  }
  return due;
}

void apply_core(TicketCore& c, const domain::Event& event, CorePools& pools) {
  const domain::Instant at = event.meta.occurred_at;
  std::visit(
      [&](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, domain::TicketOpened>) {
          c.exists = true;
          c.tenant = pools.tenants.intern(e.tenant);
          c.priority = e.priority;
          c.category = e.category;
          c.assignee = e.assignee ? pools.agents.intern(*e.assignee) : StringPool::kNone;
          c.status = Status::kOpen;
          c.created_at = to_ms(at);
          c.calendar = pools.calendars.intern(e.business_hours);
          c.sla = domain::sla_start(pools.calendars.calendar(c.calendar), e.sla_targets, at);
        } else if constexpr (std::is_same_v<E, domain::MessagePosted>) {
          const bool agent = domain::works_tickets(e.author.role);
          if (c.first_response_at == kNoInstant && !e.internal && agent) {
            c.first_response_at = to_ms(at);
          }
        } else if constexpr (std::is_same_v<E, domain::TicketAssigned>) {
          c.assignee = pools.agents.intern(e.assignee);
        } else if constexpr (std::is_same_v<E, domain::TicketUnassigned>) {
          c.assignee = StringPool::kNone;
        } else if constexpr (std::is_same_v<E, domain::StatusChanged>) {
          enter_status(c, e.to, at, pools.calendars.calendar(c.calendar));
        } else if constexpr (std::is_same_v<E, domain::PriorityChanged>) {
          c.priority = e.to;
          domain::sla_retarget(c.sla, pools.calendars.calendar(c.calendar), e.sla_targets,
                               to_instant(c.created_at), at);
        } else if constexpr (std::is_same_v<E, domain::CategoryChanged>) {
          c.category = e.to;
        } else if constexpr (std::is_same_v<E, domain::TicketEscalated>) {
          c.escalation_level = e.level;
        } else if constexpr (std::is_same_v<E, domain::TicketMerged>) {
          enter_status(c, Status::kClosed, at, pools.calendars.calendar(c.calendar));
        } else if constexpr (std::is_same_v<E, domain::SlaBreached>) {
          (e.target == domain::SlaTargetKind::kFirstResponse ? c.first_response_breached
                                                             : c.resolution_breached) = true;
        }
        // TagsChanged, MergeReceived, SatisfactionRated and SlaWarning touch
        // nothing kept here.
      },
      event.body);
  ++c.version;
  c.updated_at = to_ms(at);
}

void encode_core(ByteWriter& w, const TicketCore& c) {
  w.svarint(c.sla.first_response_target.count());
  w.svarint(c.sla.resolution_target.count());
  put_optional(w, c.sla.first_response_due);
  put_optional(w, c.sla.resolution_due);
  w.svarint(c.sla.resolution_consumed.count());
  put_optional(w, c.sla.running_since);
  w.svarint(c.created_at);
  w.svarint(c.updated_at);
  w.svarint(c.first_response_at);
  w.svarint(c.resolved_at);
  w.svarint(c.closed_at);
  w.varint(c.version);
  w.varint(c.tenant);
  w.varint(c.assignee);
  w.varint(c.calendar);
  w.svarint(c.escalation_level);
  w.u8(static_cast<std::uint8_t>(c.status));
  w.u8(static_cast<std::uint8_t>(c.priority));
  w.u8(static_cast<std::uint8_t>(c.category));
  w.u8(static_cast<std::uint8_t>((c.exists ? 1 : 0) | (c.first_response_breached ? 2 : 0) |
                                 (c.resolution_breached ? 4 : 0) | (c.sla.paused ? 8 : 0) |
                                 (c.sla.stopped ? 16 : 0)));
}

bool decode_core(ByteReader& r, TicketCore& c) {
  c.sla.first_response_target = domain::Millis(r.svarint());
  c.sla.resolution_target = domain::Millis(r.svarint());
  c.sla.first_response_due = get_optional(r);
  c.sla.resolution_due = get_optional(r);
  c.sla.resolution_consumed = domain::Millis(r.svarint());
  c.sla.running_since = get_optional(r);
  c.created_at = r.svarint();
  c.updated_at = r.svarint();
  c.first_response_at = r.svarint();
  c.resolved_at = r.svarint();
  c.closed_at = r.svarint();
  c.version = r.varint();
  c.tenant = static_cast<std::uint32_t>(r.varint());
  c.assignee = static_cast<std::uint32_t>(r.varint());
  c.calendar = static_cast<std::uint32_t>(r.varint());
  c.escalation_level = static_cast<std::int32_t>(r.svarint());
  const std::uint8_t status = r.u8();
  const std::uint8_t priority = r.u8();
  const std::uint8_t category = r.u8();
  const std::uint8_t flags = r.u8();
  if (!r.ok() || status > 5 || priority > 3 || category > 5) return false;
  c.status = static_cast<domain::Status>(status);
  c.priority = static_cast<domain::Priority>(priority);
  c.category = static_cast<domain::Category>(category);
  c.exists = flags & 1;
  c.first_response_breached = flags & 2;
  c.resolution_breached = flags & 4;
  c.sla.paused = flags & 8;
  c.sla.stopped = flags & 16;
  return true;
}

}  // namespace ticketd::projections
