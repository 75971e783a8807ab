#pragma once
// Runs projectors: follows the event store's log through its subscription
// (no polling), decodes every envelope once, resolves its ticket slot once,
// applies it to every projector's serving model in log order and in batches,
// and writes each batch's changed rows together with the checkpoints in one
// WriteBatch of the ProjectionStore. On start each projector loads its
// active generation and resumes from that checkpoint; one whose stored
// version differs from the code's, or that has nothing stored, or for which
// rebuild() is called, is rebuilt from position 0 by a background worker
// into a new generation while the old model (if any) keeps serving. When the
// new model has caught up with the serving one the applier swaps them (one
// write re-points the projector and drops the old generation).
//
// Threads: one applier (follows the log, applies, saves, swaps, expires
// async waits) and, while a rebuild runs, one rebuild worker. A rebuild
// builds every projector it was asked for in one pass, in bulk mode (rows
// only, indexes at the end), and hands the models to the applier once it is
// within Options::handover_distance of the head.
//
// Errors: an envelope that does not decode or a failed write stops the
// runtime's applying (fail-stop, never skipping history); status() reports
// the error and read-your-writes waits time out.
//
// Thread-safety: add() only before start(); every other member may be
// called from any thread. The destructor stop()s.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "domain/result.h"
#include "eventstore/event_store.h"
#include "projections/decoded_event.h"
#include "projections/projection_store.h"
#include "projections/projector.h"
#include "projections/ticket_directory.h"

namespace ticketd::projections {

class ProjectionRuntime {
 public:
  struct Options {
    // Envelopes per applied (and saved) batch while following the log.
    std::size_t batch_events = 1024;
    // Events per exclusive-lock slice, bounding how long queries wait.
    std::size_t lock_slice_events = 256;
    // Envelopes decoded per chunk by the rebuild worker.
    std::size_t rebuild_chunk_events = 8192;
    // The rebuild worker saves its progress after this many events.
    std::size_t rebuild_save_events = std::size_t{1} << 18;
    // The worker hands a rebuilt model over once this close to the head.
    std::uint64_t handover_distance = 2048;
    // One line per failure; nullptr writes to stderr. Must be thread-safe.
    std::function<void(std::string_view)> log;
    // Runs on the rebuild worker right before it hands rebuilt models to
    // the applier (tests hold it to observe the old model serving).
    std::function<void()> before_handover;
  };

  // `store` must outlive the runtime.
  ProjectionRuntime(eventstore::EventStore& store,
                    std::unique_ptr<ProjectionStore> projection_store, Options options);
  ~ProjectionRuntime();
  ProjectionRuntime(const ProjectionRuntime&) = delete;
  ProjectionRuntime& operator=(const ProjectionRuntime&) = delete;

  // Registers a projector; only before start(). Names must be unique.
  Projector& add(std::string name, std::uint32_t version, Projector::Factory factory);

  // Loads the directory and every projector's active generation, schedules
  // the rebuilds needed, subscribes to the log and starts the threads. A
  // projector whose stored rows fail to load is rebuilt (and logged); an
  // unreadable projection store fails start().
  domain::Result<void> start();

  // Stops the threads (an unfinished rebuild is abandoned and its
  // generation dropped at the next start), unsubscribes and fails pending
  // waits. Idempotent.
  void stop();

  // Replays `name` from position 0 into a new generation while the current
  // model serves, then swaps. kNotFound for an unknown name, kConflict when
  // it is already rebuilding.
  domain::Result<void> rebuild(std::string_view name);

  // One entry per projector, in registration order, with log head and lag.
  std::vector<ProjectorStatus> status() const;

  // Blocks until every projector serves a model that applied `position`.
  bool wait_until_applied(std::uint64_t position, Projector::Clock::time_point deadline);

  Projector* find(std::string_view name) const;
  std::uint64_t log_head() const { return store_.head(); }
  const TicketDirectory& directory() const { return directory_; }

 private:
  // A model the applier feeds in one step: a serving one or a shadow.
  struct Target;
  // A rebuilt model on its way from the worker to the applier.
  struct Handover {
    Projector* projector;
    std::unique_ptr<ReadModel> model;
    std::uint32_t generation;
    std::uint64_t position;
    std::uint64_t events;
  };

  void run_applier();
  void run_worker();
  bool applier_has_work() const;  // requires mu_
  void step();
  void rebuild_pass(std::vector<Projector*> projectors);
  void expire_waiters();
  std::optional<Projector::Clock::time_point> next_deadline() const;

  // Reads the envelopes after `after` (at most `max`, up to the head the
  // cursor saw), decodes them and resolves their slots into `out` (ticket
  // events only). Returns the last position read (== after when none).
  domain::Result<std::uint64_t> read_batch(eventstore::LogCursor& cursor, std::size_t max,
                                           std::vector<DecodedEvent>& out);
  // Writes `batch` after adding the directory's unsaved entries to it.
  domain::Result<void> persist(ProjectionStore::Batch& batch);
  void fail(const std::string& message);
  void log(std::string_view line) const;

  eventstore::EventStore& store_;
  std::unique_ptr<ProjectionStore> pstore_;
  const Options options_;
  std::vector<std::unique_ptr<Projector>> projectors_;  // fixed after start()
  TicketDirectory directory_;

  mutable std::mutex mu_;
  std::condition_variable cv_;             // applier wake-ups
  std::condition_variable worker_cv_;      // rebuild requests
  bool started_ = false;                   // guarded by mu_
  bool stop_ = false;                      // guarded by mu_
  bool handover_ = false;                  // guarded by mu_: a shadow was handed over
  bool wake_ = false;                      // guarded by mu_: head moved or a deadline was added
  std::vector<Handover> handovers_;        // guarded by mu_
  std::vector<Projector*> rebuild_queue_;  // guarded by mu_
  std::atomic<bool> failed_{false};
  std::mutex persist_mu_;  // orders directory saves with their batches
  std::thread applier_;
  std::thread worker_;
  eventstore::SubscriptionId subscription_ = 0;
  std::vector<DecodedEvent> scratch_;  // applier only
};

}  // namespace ticketd::projections
