#include "projections/position_waiters.h"

#include <algorithm>

namespace ticketd::projections {

std::uint64_t PositionWaiters::position() const {
  std::lock_guard lock(mu_);
  return position_;
}

bool PositionWaiters::wait(std::uint64_t position, Clock::time_point deadline) {
  std::unique_lock lock(mu_);
  cv_.wait_until(lock, deadline, [&] { return position_ >= position || closed_; });
  return position_ >= position;
}

void PositionWaiters::async_wait(std::uint64_t position, Clock::time_point deadline,
                                 Callback callback) {
  bool applied = false;
  {
    std::unique_lock lock(mu_);
    applied = position_ >= position;
    if (!applied && !closed_ && Clock::now() < deadline) {
      waiters_.push_back(Waiter{position, deadline, std::move(callback)});
      lock.unlock();
      if (on_new_deadline_) on_new_deadline_();
      return;
    }
  }
  callback(applied);
}

void PositionWaiters::publish(std::uint64_t position) {
  std::vector<Callback> ready;
  {
    std::lock_guard lock(mu_);
    if (position <= position_) return;
    position_ = position;
    auto split = std::stable_partition(waiters_.begin(), waiters_.end(),
                                       [&](const Waiter& w) { return w.position > position; });
    for (auto it = split; it != waiters_.end(); ++it) ready.push_back(std::move(it->callback));
    waiters_.erase(split, waiters_.end());
  }
  cv_.notify_all();
  for (Callback& callback : ready) callback(true);
}

void PositionWaiters::expire(Clock::time_point now) {
  std::vector<Callback> expired;
  {
    std::lock_guard lock(mu_);
    auto split = std::stable_partition(waiters_.begin(), waiters_.end(),
                                       [&](const Waiter& w) { return w.deadline > now; });
    for (auto it = split; it != waiters_.end(); ++it) expired.push_back(std::move(it->callback));
    waiters_.erase(split, waiters_.end());
  }
  for (Callback& callback : expired) callback(false);
}

std::optional<PositionWaiters::Clock::time_point> PositionWaiters::next_deadline() const {
  std::lock_guard lock(mu_);
  std::optional<Clock::time_point> earliest;
  for (const Waiter& w : waiters_) {
    if (!earliest || w.deadline < *earliest) earliest = w.deadline;
  }
  return earliest;
}

void PositionWaiters::close() {
  std::vector<Callback> failed;
  {
    std::lock_guard lock(mu_);
    closed_ = true;
    for (Waiter& w : waiters_) failed.push_back(std::move(w.callback));
    waiters_.clear();
  }
  cv_.notify_all();
  for (Callback& callback : failed) callback(false);
}

std::size_t PositionWaiters::pending() const {
  std::lock_guard lock(mu_);
  return waiters_.size();
}

}  // namespace ticketd::projections
