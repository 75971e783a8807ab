#include "projections/queue_view.h"

#include "projections/page_cursor.h"
#include "projections/queue_model.h"

namespace ticketd::projections {

template <class Page, class Fill>
QueryResult<Page> QueueView::run(const QueueQuery& query, Fill fill) const {
  const std::optional<QueueSort> sort =
      parse_queue_sort(query.sort.empty() ? "-created" : query.sort);
  if (!sort) {
    return query_error(QueryErrorCode::kValidation, "sort", "unknown sort \"" + query.sort + "\"");
  }
  QueryResult<std::size_t> limit = page_limit(query.limit);
  if (!limit) return limit.error();
  std::optional<PageCursor> after;
  if (!query.cursor.empty()) {
    after = decode_cursor(query.cursor);
    if (!after || after->kind != cursor_kind(*sort)) {
      return query_error(QueryErrorCode::kBadCursor, "cursor",
                         "cursor is not valid for this listing");
    }
  }
  Page page;
  const bool served = projector_.read([&](const ReadModel& model, std::uint64_t position) {
    const auto& queue = static_cast<const QueueModel&>(model);
    PageRows rows = queue.search(query, *sort, after, *limit);
    fill(queue, rows.slots, page);
    page.next_cursor = std::move(rows.next_cursor);
    page.position = position;
  });
  if (!served)
    return query_error(QueryErrorCode::kNotReady, "", "the queue view is still being built");
  return page;
}

QueryResult<TicketPage> QueueView::query(const QueueQuery& query) const {
  return run<TicketPage>(query, [](const QueueModel& model, const auto& slots, TicketPage& page) {
    page.items = model.summaries(slots, Audience::kAgent);
  });
}

QueryResult<TicketPageJson> QueueView::query_json(const QueueQuery& query, std::string out) const {
  return run<TicketPageJson>(
      query, [&out](const QueueModel& model, const auto& slots, TicketPageJson& page) {
        page.items = std::move(out);
        model.write_summaries(slots, Audience::kAgent, page.items);
      });
}

SummaryCacheStats QueueView::summary_cache_stats() const {
  SummaryCacheStats stats;
  projector_.read([&](const ReadModel& model, std::uint64_t) {
    stats = static_cast<const QueueModel&>(model).summary_cache_stats();
  });
  return stats;
}

std::optional<std::string> QueueView::id_for_key(std::string_view tenant,
                                                 std::uint64_t number) const {
  std::optional<std::string> id;
  projector_.read([&](const ReadModel& model, std::uint64_t) {
    id = static_cast<const QueueModel&>(model).id_for_key(tenant, number);
  });
  return id;
}

Projector::Factory queue_model_factory(std::size_t summary_cache_bytes) {
  return [summary_cache_bytes] { return std::make_unique<QueueModel>(summary_cache_bytes); };
}

}  // namespace ticketd::projections
