#pragma once
// The read side in one object: a ProjectionRuntime over the event store
// with the queue, tenant and metrics projectors registered and started, and
// their views. What the server and the tools open.
//
//   auto projections = Projections::open(*store, data_dir / "projections");
//   auto page = (*projections)->queue().query(query);
//
// Thread-safety: every member may be called from any thread; the destructor
// must not race with other calls.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>

#include "domain/result.h"
#include "eventstore/event_store.h"
#include "projections/metrics_view.h"
#include "projections/projection_runtime.h"
#include "projections/queue_view.h"
#include "projections/tenant_view.h"

namespace ticketd::projections {

class Projections {
 public:
  struct Options {
    ProjectionRuntime::Options runtime;
    // The projectors' versions; bump one (in code) to rebuild it on start.
    std::uint32_t queue_version = kQueueProjectionVersion;
    std::uint32_t tenant_version = kTenantProjectionVersion;
    std::uint32_t metrics_version = kMetricsProjectionVersion;
    // Bound of the rendered-summary caches (summary_json_cache.h): three
    // quarters for the queue view, the rest for the tenant view.
    std::size_t summary_cache_bytes = std::size_t{32} << 20;
  };

  // Opens the projection store in `dir` (a directory of its own, e.g.
  // DATA/projections), loads and starts the projectors. `store` must
  // outlive the result.
  static domain::Result<std::unique_ptr<Projections>> open(eventstore::EventStore& store,
                                                           const std::filesystem::path& dir,
                                                           Options options);
  static domain::Result<std::unique_ptr<Projections>> open(eventstore::EventStore& store,
                                                           const std::filesystem::path& dir) {
    return open(store, dir, Options{});
  }

  QueueView& queue() { return queue_; }
  TenantView& tenant() { return tenant_; }
  MetricsView& metrics() { return metrics_; }
  ProjectionRuntime& runtime() { return *runtime_; }

  // Stops applying (see ProjectionRuntime::stop); queries keep answering
  // from the last state.
  void stop() { runtime_->stop(); }

 private:
  Projections(std::unique_ptr<ProjectionRuntime> runtime, const Options& options);

  std::unique_ptr<ProjectionRuntime> runtime_;
  QueueView queue_;
  TenantView tenant_;
  MetricsView metrics_;
};

}  // namespace ticketd::projections
