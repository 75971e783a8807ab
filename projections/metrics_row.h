#pragma once
// MetricsRow: one ticket as the metrics view keeps it -- TicketCore plus
// what workload and satisfaction need. No strings: about 200 bytes.
//
// Handle time, precisely: for a ticket that is resolved now (resolved_at
// set) and had an assignee at the instant it was (last) resolved, handle
// time = resolved_at - assigned_at, where assigned_at is the instant of the
// latest TicketAssigned before that resolution (or created_at when it was
// opened with that assignee and never reassigned). The agent credited with
// the resolution (`resolved_by`) is that assignee. Reopening a ticket
// withdraws the credit until it is resolved again; closing keeps it.

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/events.h"
#include "projections/ticket_core.h"

namespace ticketd::projections {

struct MetricsRow {
  TicketCore core;
  std::int64_t assigned_at = kNoInstant;  // when the current assignee got it
  std::int64_t rated_at = kNoInstant;     // of the current rating
  std::int64_t handle_ms = 0;             // meaningful when resolved_by is set
  std::uint32_t resolved_by = StringPool::kNone;
  std::uint8_t rating = 0;  // 1..5, 0 = not rated
  bool dirty = false;
};

// Folds `event` into `row` (see the handle-time definition above).
void apply_metrics_row(MetricsRow& row, const domain::Event& event, CorePools& pools);

void encode_metrics_row(std::string& out, const MetricsRow& row);
bool decode_metrics_row(std::string_view bytes, MetricsRow& row, const CorePools& pools);

}  // namespace ticketd::projections
