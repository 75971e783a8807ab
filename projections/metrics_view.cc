#include "projections/metrics_view.h"

#include "projections/metrics_model.h"
#include "projections/queue_query.h"

namespace ticketd::projections {
namespace {

QueryResult<void> check_range(const std::optional<domain::Instant>& from,
                              const std::optional<domain::Instant>& to) {
  if (from && to && *to < *from) {
    return query_error(QueryErrorCode::kValidation, "to", "to must not be before from");
  }
  return {};
}

QueryError not_ready() {
  return query_error(QueryErrorCode::kNotReady, "", "the metrics view is still being built");
}

}  // namespace

QueryResult<MetricsReport> MetricsView::report(const MetricsQuery& query) const {
  if (auto ok = check_range(query.from, query.to); !ok) return ok.error();
  MetricsReport report;
  const bool served = projector_.read([&](const ReadModel& model, std::uint64_t position) {
    report = static_cast<const MetricsModel&>(model).report(query);
    report.position = position;
  });
  if (!served) return not_ready();
  return report;
}

QueryResult<AgentsPage> MetricsView::agents(const AgentsQuery& query) const {
  if (auto ok = check_range(query.from, query.to); !ok) return ok.error();
  QueryResult<std::size_t> limit = page_limit(query.limit);
  if (!limit) return limit.error();
  std::optional<PageCursor> after;
  if (!query.cursor.empty()) {
    after = decode_cursor(query.cursor);
    if (!after || after->kind != kAgentsCursorKind) {
      return query_error(QueryErrorCode::kBadCursor, "cursor",
                         "cursor is not valid for this listing");
    }
  }
  AgentsPage page;
  const bool served = projector_.read([&](const ReadModel& model, std::uint64_t position) {
    page = static_cast<const MetricsModel&>(model).agents(query, after, *limit);
    page.position = position;
  });
  if (!served) return not_ready();
  return page;
}

Projector::Factory metrics_model_factory() {
  return [] { return std::make_unique<MetricsModel>(); };
}

}  // namespace ticketd::projections
