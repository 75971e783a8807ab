// ProjectionRuntime's rebuild worker and the log reading and saving shared
// with the applier.
#include <algorithm>

#include "projections/projection_runtime.h"

namespace ticketd::projections {
namespace {

domain::Error store_error(const eventstore::StoreError& e) {
  return domain::make_error(domain::ErrorCode::kInternal, "event store: " + e.message);
}

}  // namespace

domain::Result<std::uint64_t> ProjectionRuntime::read_batch(eventstore::LogCursor& cursor,
                                                            std::size_t max,
                                                            std::vector<DecodedEvent>& out) {
  std::uint64_t last = cursor.position();
  for (std::size_t n = 0; n < max; ++n) {
    eventstore::Result<bool> more = cursor.next();
    if (!more) return store_error(more.error());
    if (!*more) break;
    const eventstore::Envelope& envelope = cursor.envelope();
    last = envelope.position;
    domain::Result<std::optional<domain::Event>> decoded = decode_envelope(envelope);
    if (!decoded) return decoded.error();
    if (!*decoded) continue;
    domain::Result<std::uint32_t> slot = directory_.resolve(envelope.position, envelope.stream);
    if (!slot) return slot.error();
    out.push_back(DecodedEvent{envelope.position, *slot, std::move(**decoded)});
  }
  return last;
}

domain::Result<void> ProjectionRuntime::persist(ProjectionStore::Batch& batch) {
  std::lock_guard lock(persist_mu_);
  TicketDirectory::Unsaved unsaved = directory_.take_unsaved();
  for (const auto& [slot, stream] : unsaved.entries) batch.put_directory_entry(slot, stream);
  if (!unsaved.entries.empty()) batch.put_directory_position(unsaved.position);
  if (batch.size_bytes() == 0) return {};
  return pstore_->write(batch);
}

void ProjectionRuntime::run_worker() {
  std::unique_lock lock(mu_);
  for (;;) {
    worker_cv_.wait(lock, [this] { return stop_ || !rebuild_queue_.empty(); });
    if (stop_) return;
    std::vector<Projector*> projectors = std::move(rebuild_queue_);
    rebuild_queue_.clear();
    lock.unlock();
    rebuild_pass(std::move(projectors));
    lock.lock();
  }
}

void ProjectionRuntime::rebuild_pass(std::vector<Projector*> projectors) {
  struct Build {
    Projector* projector;
    std::unique_ptr<ReadModel> model;
    std::uint32_t generation;
  };
  std::vector<Build> builds;
  for (Projector* p : projectors) {
    domain::Result<std::uint32_t> generation = pstore_->new_generation();
    if (!generation) return fail("rebuild: " + generation.error().message);
    builds.push_back(Build{p, p->factory_(), *generation});
    builds.back().model->begin_bulk();
    p->rebuild_position_.store(0, std::memory_order_relaxed);
  }
  auto stopping = [this] {
    std::lock_guard lock(mu_);
    return stop_;
  };
  auto save = [&](std::uint64_t position) -> domain::Result<void> {
    ProjectionStore::Batch batch;
    for (Build& b : builds) {
      b.model->save(*batch.sink(b.generation));
      batch.put_checkpoint(b.generation, {position, b.projector->version()});
    }
    return persist(batch);
  };

  std::uint64_t position = 0;
  std::uint64_t events_applied = 0;
  std::size_t since_save = 0;
  std::optional<eventstore::LogCursor> cursor;
  std::vector<DecodedEvent> events;
  while (!failed_.load()) {
    if (stopping()) return;
    if (store_.head() <= position + options_.handover_distance) break;
    if (!cursor) cursor.emplace(store_.cursor(position));
    events.clear();
    domain::Result<std::uint64_t> last = read_batch(*cursor, options_.rebuild_chunk_events, events);
    if (!last) return fail("rebuild: " + last.error().message);
    if (*last == position) {  // this cursor saw all it can; the next sees the new head
      cursor.reset();
      continue;
    }
    for (Build& b : builds) b.model->apply(events);
    position = *last;
    events_applied += events.size();
    for (Build& b : builds) b.projector->rebuild_position_.store(position);
    since_save += events.size();
    if (since_save >= options_.rebuild_save_events) {
      if (auto saved = save(position); !saved) return fail("rebuild: " + saved.error().message);
      since_save = 0;
    }
  }
  if (failed_.load()) return;
  cursor.reset();
  for (Build& b : builds) b.model->end_bulk();
  if (auto saved = save(position); !saved) return fail("rebuild: " + saved.error().message);
  if (auto flushed = pstore_->flush(); !flushed) return fail("rebuild: " + flushed.error().message);
  if (options_.before_handover) options_.before_handover();

  std::lock_guard lock(mu_);
  for (Build& b : builds) {
    handovers_.push_back(
        Handover{b.projector, std::move(b.model), b.generation, position, events_applied});
  }
  handover_ = true;
  cv_.notify_one();
}

}  // namespace ticketd::projections
