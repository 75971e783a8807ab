#pragma once
// The customers' ticket list (GET /v1/tickets, API.md): a `customer` sees
// the tickets of their tenant whose requester has their email (ASCII
// case-insensitive) or their id, a `customer_admin` every ticket of their
// tenant -- the same rule as domain::visible_to. Newest first (created_at,
// then slot, descending), optional status filter, cursor paging.

#include <cstdint>
#include <optional>
#include <string>

#include "domain/types.h"
#include "projections/queue_query.h"

namespace ticketd::projections {

struct TenantQuery {
  domain::Actor caller;  // role customer or customer_admin, with tenant, id, email
  std::optional<domain::Status> status;
  std::string cursor;  // "" = first page
  std::optional<std::int64_t> limit;
};

// Builds a TenantQuery for `caller` from `status, cursor, limit`
// (kValidation for an unknown status or a non-numeric limit).
QueryResult<TenantQuery> parse_tenant_query(const QueryParams& params, domain::Actor caller);

}  // namespace ticketd::projections
