#include "projections/tenant_view.h"

#include "projections/tenant_model.h"

namespace ticketd::projections {

QueryResult<TenantQuery> parse_tenant_query(const QueryParams& params, domain::Actor caller) {
  TenantQuery query;
  query.caller = std::move(caller);
  if (const std::optional<std::string_view> status = params("status")) {
    query.status = domain::parse_status(*status);
    if (!query.status) {
      return query_error(QueryErrorCode::kValidation, "status",
                         "unknown status \"" + std::string(*status) + "\"");
    }
  }
  query.cursor = std::string(params("cursor").value_or(""));
  auto limit = parse_limit(params("limit"));
  if (!limit) return limit.error();
  query.limit = *limit;
  return query;
}

template <class Page, class Fill>
QueryResult<Page> TenantView::run(const TenantQuery& query, Fill fill) const {
  if (!domain::is_customer(query.caller.role) || query.caller.tenant.empty()) {
    return query_error(QueryErrorCode::kForbidden, "", "the tenant view is for customer roles");
  }
  QueryResult<std::size_t> limit = page_limit(query.limit);
  if (!limit) return limit.error();
  std::optional<PageCursor> after;
  if (!query.cursor.empty()) {
    after = decode_cursor(query.cursor);
    if (!after || after->kind != kTenantCursorKind) {
      return query_error(QueryErrorCode::kBadCursor, "cursor",
                         "cursor is not valid for this listing");
    }
  }
  Page page;
  const bool served = projector_.read([&](const ReadModel& model, std::uint64_t position) {
    const auto& tenant = static_cast<const TenantModel&>(model);
    PageRows rows = tenant.search(query, after, *limit);
    fill(tenant, rows.slots, page);
    page.next_cursor = std::move(rows.next_cursor);
    page.position = position;
  });
  if (!served)
    return query_error(QueryErrorCode::kNotReady, "", "the tenant view is still being built");
  return page;
}

QueryResult<TicketPage> TenantView::query(const TenantQuery& query) const {
  return run<TicketPage>(query, [](const TenantModel& model, const auto& slots, TicketPage& page) {
    page.items = model.summaries(slots, Audience::kCustomer);
  });
}

QueryResult<TicketPageJson> TenantView::query_json(const TenantQuery& query,
                                                   std::string out) const {
  return run<TicketPageJson>(
      query, [&out](const TenantModel& model, const auto& slots, TicketPageJson& page) {
        page.items = std::move(out);
        model.write_summaries(slots, Audience::kCustomer, page.items);
      });
}

SummaryCacheStats TenantView::summary_cache_stats() const {
  SummaryCacheStats stats;
  projector_.read([&](const ReadModel& model, std::uint64_t) {
    stats = static_cast<const TenantModel&>(model).summary_cache_stats();
  });
  return stats;
}

Projector::Factory tenant_model_factory(std::size_t summary_cache_bytes) {
  return [summary_cache_bytes] { return std::make_unique<TenantModel>(summary_cache_bytes); };
}

}  // namespace ticketd::projections
