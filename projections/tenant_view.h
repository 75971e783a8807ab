#pragma once
// The customers' view (GET /v1/tickets): their tenant's tickets as they may
// see them -- no internal notes, message_count of public messages only,
// updated_at and version of the latest change they can see (so neither the
// time nor the number of internal notes shows) -- see tenant_query.h and
// tenant_model.h. The HTTP layer must use the same customer version for
// customers' ETag and If-Match (the stream version as of the latest event a
// customer can see; ticket_row.h defines which those are).
//
// Thread-safety: every member may be called from any thread.

#include <cstdint>
#include <string_view>

#include "projections/projector.h"
#include "projections/summary_json_cache.h"
#include "projections/tenant_query.h"

namespace ticketd::projections {

inline constexpr std::string_view kTenantProjection = "tenant";
inline constexpr std::uint32_t kTenantProjectionVersion = 1;

class TenantView {
 public:
  explicit TenantView(Projector& projector) : projector_(projector) {}

  // One page for query.caller. Errors: kForbidden (caller not a customer
  // role, or without a tenant), kValidation (limit < 1), kBadCursor,
  // kNotReady.
  QueryResult<TicketPage> query(const TenantQuery& query) const;
  // The same page as JSON, through the model's summary cache (what the
  // HTTP layer serves), its items array appended to `out`.
  QueryResult<TicketPageJson> query_json(const TenantQuery& query, std::string out = {}) const;
  SummaryCacheStats summary_cache_stats() const;

  bool wait_for(std::uint64_t position, Projector::Clock::time_point deadline) const {
    return projector_.wait_for(position, deadline);
  }
  void async_wait(std::uint64_t position, Projector::Clock::time_point deadline,
                  PositionWaiters::Callback callback) const {
    projector_.async_wait(position, deadline, std::move(callback));
  }

  Projector& projector() const { return projector_; }

 private:
  // Checks the query, then runs fill(model, rows, page) on its page's rows
  // under the read lock.
  template <class Page, class Fill>
  QueryResult<Page> run(const TenantQuery& query, Fill fill) const;

  Projector& projector_;
};

// Makes an empty TenantModel whose summary cache holds up to
// `summary_cache_bytes`.
Projector::Factory tenant_model_factory(std::size_t summary_cache_bytes);

}  // namespace ticketd::projections
