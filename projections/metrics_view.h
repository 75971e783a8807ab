#pragma once
// The metrics view (GET /admin/v1/metrics and GET /admin/v1/agents): see
// metrics_report.h for every figure's definition and metrics_model.h for
// its cost.
//
// Thread-safety: every member may be called from any thread.

#include <cstdint>
#include <string_view>

#include "projections/metrics_report.h"
#include "projections/projector.h"
#include "projections/query_error.h"

namespace ticketd::projections {

inline constexpr std::string_view kMetricsProjection = "metrics";
inline constexpr std::uint32_t kMetricsProjectionVersion = 1;

class MetricsView {
 public:
  explicit MetricsView(Projector& projector) : projector_(projector) {}

  // Errors: kValidation (to before from), kNotReady.
  QueryResult<MetricsReport> report(const MetricsQuery& query) const;

  // Errors: kValidation (limit < 1, to before from), kBadCursor, kNotReady.
  QueryResult<AgentsPage> agents(const AgentsQuery& query) const;

  bool wait_for(std::uint64_t position, Projector::Clock::time_point deadline) const {
    return projector_.wait_for(position, deadline);
  }
  void async_wait(std::uint64_t position, Projector::Clock::time_point deadline,
                  PositionWaiters::Callback callback) const {
    projector_.async_wait(position, deadline, std::move(callback));
  }

  Projector& projector() const { return projector_; }

 private:
  Projector& projector_;
};

Projector::Factory metrics_model_factory();

}  // namespace ticketd::projections
