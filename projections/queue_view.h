#pragma once
// The agents' cross-tenant queue (GET /admin/v1/tickets): every ticket's
// summary with filters, sorts and cursor paging (see queue_query.h for the
// semantics and queue_model.h for how pages are found without scanning).
//
// Thread-safety: every member may be called from any thread; a query holds
// the projector's shared lock only while it builds its page.

#include <cstdint>

#include "projections/projector.h"
#include "projections/queue_query.h"
#include "projections/summary_json_cache.h"

namespace ticketd::projections {

inline constexpr std::string_view kQueueProjection = "queue";
inline constexpr std::uint32_t kQueueProjectionVersion = 1;

class QueueView {
 public:
  // `projector` must be the one registered with queue_model_factory() and
  // outlive the view.
  explicit QueueView(Projector& projector) : projector_(projector) {}

  // One page. Errors: kValidation (unknown sort, limit < 1), kBadCursor (a
  // cursor that does not decode or was made for another sort), kNotReady
  // (the first build has not finished).
  QueryResult<TicketPage> query(const QueueQuery& query) const;
  // The same page as JSON, through the model's summary cache (what the
  // HTTP layer serves), its items array appended to `out`.
  QueryResult<TicketPageJson> query_json(const QueueQuery& query, std::string out = {}) const;
  SummaryCacheStats summary_cache_stats() const;

  // The id of the ticket whose key is "<tenant>-<number>"; nullopt when the
  // view holds no such ticket (yet: the caller may wait for the log head).
  std::optional<std::string> id_for_key(std::string_view tenant, std::uint64_t number) const;

  // Read-your-writes: see Projector::wait_for / async_wait.
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
  QueryResult<Page> run(const QueueQuery& query, Fill fill) const;

  Projector& projector_;
};

// Makes an empty QueueModel (for ProjectionRuntime::add) whose summary cache
// holds up to `summary_cache_bytes`.
Projector::Factory queue_model_factory(std::size_t summary_cache_bytes);

}  // namespace ticketd::projections
