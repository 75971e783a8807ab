#pragma once
// One named, versioned projection: the model serving queries now, the
// position it has applied (its checkpoint once saved), read-your-writes
// waiters, and -- while a rebuild runs -- the next model. ProjectionRuntime
// drives it; views read through it.
//
// Thread-safety: read(), wait_for(), async_wait() and status() may be called
// from any thread at any time. The serving model is guarded by a
// shared_mutex: queries hold it shared for their duration, the runtime's
// applier holds it exclusively for a slice of at most a few hundred events
// and for the swap after a rebuild.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>

#include "projections/position_waiters.h"
#include "projections/projector_status.h"
#include "projections/read_model.h"

namespace ticketd::projections {

class Projector {
 public:
  using Factory = std::function<std::unique_ptr<ReadModel>()>;
  using Clock = std::chrono::steady_clock;

  // `factory` makes an empty model of this projector's current version.
  Projector(std::string name, std::uint32_t version, Factory factory);
  Projector(const Projector&) = delete;
  Projector& operator=(const Projector&) = delete;

  const std::string& name() const { return name_; }
  std::uint32_t version() const { return version_; }

  // Runs f(model, position) under the shared lock with the serving model
  // and the position it has applied; false (f not run) when no model is
  // serving yet (first build still running, or the projector failed to
  // load one).
  template <class F>
  bool read(F&& f) const {
    std::shared_lock lock(mu_);
    if (!live_) return false;
    f(static_cast<const ReadModel&>(*live_), position_.load(std::memory_order_relaxed));
    return true;
  }

  // Position applied by the serving model (0 when none).
  std::uint64_t position() const { return position_.load(std::memory_order_acquire); }

  // Read-your-writes, see PositionWaiters: true once the serving model has
  // applied `position`, false at `deadline` (or when the runtime stops).
  bool wait_for(std::uint64_t position, Clock::time_point deadline) {
    return waiters_.wait(position, deadline);
  }
  void async_wait(std::uint64_t position, Clock::time_point deadline,
                  PositionWaiters::Callback callback) {
    waiters_.async_wait(position, deadline, std::move(callback));
  }

  // Status without the log head (the runtime fills log_head and lag).
  ProjectorStatus status() const;

 private:
  friend class ProjectionRuntime;

  const std::string name_;
  const std::uint32_t version_;
  const Factory factory_;

  mutable std::shared_mutex mu_;
  std::shared_ptr<ReadModel> live_;  // guarded by mu_
  std::atomic<std::uint64_t> position_{0};

  // Owned by the runtime's applier thread (and read by status() under
  // state_mu_).
  mutable std::mutex state_mu_;
  std::uint32_t generation_ = 0;       // of live_, guarded by state_mu_
  std::uint32_t serving_version_ = 0;  // guarded by state_mu_
  std::string error_;                  // guarded by state_mu_
  bool rebuilding_ = false;            // guarded by state_mu_
  bool rebuild_requested_ = false;     // guarded by state_mu_
  std::atomic<std::uint64_t> rebuild_position_{0};
  std::atomic<std::uint64_t> events_applied_{0};

  // The next model, handed from the rebuild worker to the applier once it
  // is nearly caught up; then the applier's alone.
  std::unique_ptr<ReadModel> shadow_;
  std::uint32_t shadow_generation_ = 0;
  std::uint64_t shadow_position_ = 0;
  std::uint64_t shadow_events_ = 0;

  PositionWaiters waiters_;
};

}  // namespace ticketd::projections
