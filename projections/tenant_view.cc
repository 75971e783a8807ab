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

QueryResult<TicketPage> TenantView::query(const TenantQuery& query) const {
  if (!domain::is_customer(query.caller.role) || query.caller.tenant.empty()) {
    return query_error(QueryErrorCode::kForbidden, "", "the tenant view is for customer roles");
  }
  QueryResult<std::size_t> limit = page_limit(query.limit);
  if (!limit) return limit.error();
  std::optional<PageCursor> after;
  if (!query.cursor.empty()) {
    after = decode_cursor(query.cursor);
    if (!after || after->kind != kTenantCursorKind) {
      return query_error(QueryErrorCode::kBadCursor, "cursor", "cursor is not valid for this listing");
    }
  }
  TicketPage page;
  const bool served = projector_.read([&](const ReadModel& model, std::uint64_t position) {
    page = static_cast<const TenantModel&>(model).search(query, after, *limit);
    page.position = position;
  });
  if (!served) return query_error(QueryErrorCode::kNotReady, "", "the tenant view is still being built");
  return page;
}

Projector::Factory tenant_model_factory() {
  return [] { return std::make_unique<TenantModel>(); };
}

}  // namespace ticketd::projections
