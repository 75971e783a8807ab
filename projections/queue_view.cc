#include "projections/queue_view.h"

#include "projections/page_cursor.h"
#include "projections/queue_model.h"

namespace ticketd::projections {

QueryResult<TicketPage> QueueView::query(const QueueQuery& query) const {
  const std::optional<QueueSort> sort = parse_queue_sort(query.sort.empty() ? "-created" : query.sort);
  if (!sort) {
    return query_error(QueryErrorCode::kValidation, "sort", "unknown sort \"" + query.sort + "\"");
  }
  QueryResult<std::size_t> limit = page_limit(query.limit);
  if (!limit) return limit.error();
  std::optional<PageCursor> after;
  if (!query.cursor.empty()) {
    after = decode_cursor(query.cursor);
    if (!after || after->kind != cursor_kind(*sort)) {
      return query_error(QueryErrorCode::kBadCursor, "cursor", "cursor is not valid for this listing");
    }
  }
  TicketPage page;
  const bool served = projector_.read([&](const ReadModel& model, std::uint64_t position) {
    page = static_cast<const QueueModel&>(model).search(query, *sort, after, *limit);
    page.position = position;
  });
  if (!served) return query_error(QueryErrorCode::kNotReady, "", "the queue view is still being built");
  return page;
}

std::optional<std::string> QueueView::id_for_key(std::string_view tenant,
                                                 std::uint64_t number) const {
  std::optional<std::string> id;
  projector_.read([&](const ReadModel& model, std::uint64_t) {
    id = static_cast<const QueueModel&>(model).id_for_key(tenant, number);
  });
  return id;
}

Projector::Factory queue_model_factory() {
  return [] { return std::make_unique<QueueModel>(); };
}

}  // namespace ticketd::projections
