#pragma once
// Read-your-writes: callers wait until a view has applied at least log
// position P, either blocking with a deadline or with a callback (for an
// Asio server that must not block its threads). The projector publishes
// each new applied position; a timer owner (the runtime's applier thread)
// expires async waits whose deadline passed.
//
// Thread-safety: all members may be called concurrently. Callbacks run
// outside the internal lock, on the thread that publishes, expires, closes
// or (when already satisfied) registers; they must be quick and must not
// throw: post real work to your own executor.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <vector>

namespace ticketd::projections {

class PositionWaiters {
 public:
  using Clock = std::chrono::steady_clock;
  // true: the position was applied; false: the deadline passed or the
  // waiters were closed first.
  using Callback = std::function<void(bool applied)>;

  explicit PositionWaiters(std::uint64_t position = 0) : position_(position) {}
  PositionWaiters(const PositionWaiters&) = delete;
  PositionWaiters& operator=(const PositionWaiters&) = delete;

  std::uint64_t position() const;

  // Blocks until position() >= `position` (true) or until `deadline` or
  // close() (false). Returns at once when already applied.
  bool wait(std::uint64_t position, Clock::time_point deadline);

  // Calls `callback(true)` once position() >= `position`, or
  // `callback(false)` once `deadline` passed (noticed by expire()) or on
  // close(). Runs it inline when already decided.
  void async_wait(std::uint64_t position, Clock::time_point deadline, Callback callback);

  // The projector applied everything up to `position` (never decreases).
  void publish(std::uint64_t position);

  // Fails the async waits whose deadline is <= now.
  void expire(Clock::time_point now);

  // The earliest deadline of a pending async wait.
  std::optional<Clock::time_point> next_deadline() const;

  // Called (outside the lock) whenever an async wait is registered, so the
  // timer owner can re-arm for an earlier deadline. Set once, before use.
  void set_on_new_deadline(std::function<void()> hook) { on_new_deadline_ = std::move(hook); }

  // Fails every pending wait and makes later waits fail at once unless
  // already applied.
  void close();

  std::size_t pending() const;

 private:
  struct Waiter {
    std::uint64_t position;
    Clock::time_point deadline;
    Callback callback;
  };

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::uint64_t position_;       // guarded by mu_
  bool closed_ = false;          // guarded by mu_
  std::vector<Waiter> waiters_;  // guarded by mu_
  std::function<void()> on_new_deadline_;
};

}  // namespace ticketd::projections
