#include "projections/metrics_row.h"

#include <type_traits>
#include <variant>

namespace ticketd::projections {
namespace {

constexpr std::uint8_t kMetricsRowFormat = 1;

}  // namespace

void apply_metrics_row(MetricsRow& row, const domain::Event& event, CorePools& pools) {
  apply_core(row.core, event, pools);
  const std::int64_t at = to_ms(event.meta.occurred_at);
  std::visit(
      [&](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, domain::TicketOpened>) {
          row.assigned_at = e.assignee ? at : kNoInstant;
        } else if constexpr (std::is_same_v<E, domain::TicketAssigned>) {
          row.assigned_at = at;
        } else if constexpr (std::is_same_v<E, domain::TicketUnassigned>) {
          row.assigned_at = kNoInstant;
        } else if constexpr (std::is_same_v<E, domain::SatisfactionRated>) {
          row.rating = static_cast<std::uint8_t>(e.rating < 0     ? 0
                                                 : e.rating > 255 ? 255
                                                                  : e.rating);
          row.rated_at = at;
        } else if constexpr (std::is_same_v<E, domain::StatusChanged>) {
          if (e.to == domain::Status::kResolved) {
            const bool credited =
                row.core.assignee != StringPool::kNone && row.assigned_at != kNoInstant;
            row.resolved_by = credited ? row.core.assignee : StringPool::kNone;
            row.handle_ms = credited ? row.core.resolved_at - row.assigned_at : 0;
          }
        }
      },
      event.body);
  if (row.core.resolved_at == kNoInstant) {
    row.resolved_by = StringPool::kNone;
    row.handle_ms = 0;
  }
  row.dirty = true;
}

void encode_metrics_row(std::string& out, const MetricsRow& row) {
  ByteWriter w(out);
  w.u8(kMetricsRowFormat);
  encode_core(w, row.core);
  w.svarint(row.assigned_at);
  w.svarint(row.rated_at);
  w.svarint(row.handle_ms);
  w.varint(row.resolved_by);
  w.u8(row.rating);
}

bool decode_metrics_row(std::string_view bytes, MetricsRow& row, const CorePools& pools) {
  ByteReader r(bytes);
  if (r.u8() != kMetricsRowFormat || !decode_core(r, row.core)) return false;
  row.assigned_at = r.svarint();
  row.rated_at = r.svarint();
  row.handle_ms = r.svarint();
  row.resolved_by = static_cast<std::uint32_t>(r.varint());
  row.rating = r.u8();
  const TicketCore& c = row.core;
  const auto known = [](std::uint32_t id, const StringPool& pool) {
    return id == StringPool::kNone || id < pool.size();
  };
  return r.done() && (!c.exists || c.tenant < pools.tenants.size()) &&
         known(c.assignee, pools.agents) && known(row.resolved_by, pools.agents) &&
         c.calendar < pools.calendars.size();
}

}  // namespace ticketd::projections
