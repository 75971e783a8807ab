#pragma once
// Compares the views with the naive reference over many queries: every
// filter alone and in combinations, every sort, several page sizes, paging
// through every page with cursors. Failures are reported with the query.

#include "command_driver.h"
#include "naive_views.h"
#include "projections/projections.h"

namespace ticketd::projections::testing {

// The queue's filters exercised by check_queue (some name unknown values).
std::vector<QueueQuery> queue_filters(const CommandDriver& driver);

// Pages through `query` and returns every item; checks page sizes and that
// next_cursor is null exactly on the last page.
std::vector<TicketSummary> all_pages(const QueueView& view, QueueQuery query, std::int64_t limit);
std::vector<TicketSummary> all_pages(const TenantView& view, TenantQuery query, std::int64_t limit);
std::vector<AgentWorkload> all_pages(const MetricsView& view, AgentsQuery query,
                                     std::int64_t limit);

// Pages through `query` (sort "" = -created) `limit` items at a time and
// compares every item with the naive view's answer.
void check_queue_query(const QueueView& view, const NaiveViews& naive, const QueueQuery& query,
                       std::int64_t limit);
void check_queue(const QueueView& view, const NaiveViews& naive, const CommandDriver& driver);
void check_tenant(const TenantView& view, const NaiveViews& naive, const CommandDriver& driver);
void check_metrics(const MetricsView& view, const NaiveViews& naive, const CommandDriver& driver);

// All three.
void check_views(Projections& projections, const NaiveViews& naive, const CommandDriver& driver);

// The customers the tenant checks query as: the driver's customers plus
// variants (other-case email, id only, email only, other tenant).
std::vector<domain::Actor> customer_callers(const CommandDriver& driver);

std::string describe(const QueueQuery& q);

}  // namespace ticketd::projections::testing
