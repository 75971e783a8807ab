#pragma once
// The reference the property tests compare the views with: every stream of
// the log folded with domain::evolve into a full TicketState, and every
// query answered by brute force over all tickets -- no indexes, no pools,
// no incremental maintenance -- straight from the definitions in
// queue_query.h, tenant_query.h and metrics_report.h (customer visibility
// from domain::visible_to).

#include <optional>
#include <string>
#include <vector>

#include "domain/ticket_state.h"
#include "eventstore/event_store.h"
#include "projections/metrics_report.h"
#include "projections/queue_query.h"
#include "projections/tenant_query.h"
#include "projections/ticket_summary.h"

namespace ticketd::projections::testing {

struct NaiveTicket {
  domain::TicketState state;
  std::uint32_t slot = 0;  // order of the stream's first ticket event in the log
  domain::Instant visible_updated_at{};
  std::uint64_t visible_version = 0;
  std::optional<domain::Instant> assigned_at;
  std::optional<std::string> resolved_by;
  domain::Millis handle{0};
  std::optional<domain::Instant> rated_at;
  int rating = 0;
};

class NaiveViews {
 public:
  // Reads and folds the whole log.
  explicit NaiveViews(const eventstore::EventStore& store);

  // Every matching ticket, in the query's sort order (paging ignored).
  std::vector<TicketSummary> queue(const QueueQuery& query, QueueSort sort) const;
  std::vector<TicketSummary> tenant(const TenantQuery& query) const;
  MetricsReport metrics(const MetricsQuery& query) const;
  std::vector<AgentWorkload> agents(const AgentsQuery& query) const;

  const std::vector<NaiveTicket>& tickets() const { return tickets_; }
  std::uint64_t position() const { return position_; }

  static TicketSummary summary(const NaiveTicket& t, bool customer);

 private:
  std::vector<NaiveTicket> tickets_;  // by slot; exists or not
  std::vector<std::string> agents_;   // everyone ever assigned, sorted
  std::uint64_t position_ = 0;
};

}  // namespace ticketd::projections::testing
