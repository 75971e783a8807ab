#include "projections/projections.h"

namespace ticketd::projections {

Projections::Projections(std::unique_ptr<ProjectionRuntime> runtime, const Options& options)
    : runtime_(std::move(runtime)),
      queue_(runtime_->add(std::string(kQueueProjection), options.queue_version,
                           queue_model_factory(options.summary_cache_bytes / 4 * 3))),
      tenant_(runtime_->add(std::string(kTenantProjection), options.tenant_version,
                            tenant_model_factory(options.summary_cache_bytes / 4))),
      metrics_(runtime_->add(std::string(kMetricsProjection), options.metrics_version,
                             metrics_model_factory())) {}

domain::Result<std::unique_ptr<Projections>> Projections::open(eventstore::EventStore& store,
                                                               const std::filesystem::path& dir,
                                                               Options options) {
  auto projection_store = ProjectionStore::open(dir);
  if (!projection_store) return projection_store.error();
  auto runtime =
      std::make_unique<ProjectionRuntime>(store, std::move(*projection_store), options.runtime);
  std::unique_ptr<Projections> projections(new Projections(std::move(runtime), options));
  if (auto started = projections->runtime_->start(); !started) return started.error();
  return projections;
}

}  // namespace ticketd::projections
