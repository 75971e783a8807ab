#pragma once
// The committed head of the log and the ways to learn that it moved: a
// lock-free read, a blocking wait with deadline, and callbacks. The store's
// completer thread publishes; anyone may read, wait or subscribe.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace ticketd::eventstore {

// Identifies a subscription; never 0, so 0 can mean "none".
using SubscriptionId = uint64_t;

class HeadNotifier {
 public:
  explicit HeadNotifier(uint64_t head) : head_(head) {}
  HeadNotifier(const HeadNotifier&) = delete;
  HeadNotifier& operator=(const HeadNotifier&) = delete;

  // The last committed position (0 = empty log). Lock-free; acquire order, so
  // everything committed up to it is readable once this returns it.
  uint64_t head() const { return head_.load(std::memory_order_acquire); }

  // Makes `head` visible, wakes waiters and runs subscribers on the calling
  // thread, in subscription order. One publishing thread at a time (the
  // store's completer), with increasing heads.
  void publish(uint64_t head);

  // Wakes every waiter for good; wait_for() returns false from now on unless
  // the head is already past its position.
  void close();

  // Blocks until head() > after_position (true), or until `deadline` passes
  // or close() is called (false). Sleeps on a condition variable; no polling.
  bool wait_for(uint64_t after_position, std::chrono::steady_clock::time_point deadline) const;

  // Registers `callback` to run with the new head after every publish(), on
  // the publishing thread. It must be quick and must not throw. Thread-safe.
  SubscriptionId subscribe(std::function<void(uint64_t head)> callback);

  // Removes a subscription. When it returns, the callback is not running and
  // will not run again -- except when called from inside a callback, where
  // the running callback finishes normally. Unknown ids are ignored.
  void unsubscribe(SubscriptionId id);

 private:
  struct Subscriber {
    SubscriptionId id;
    std::function<void(uint64_t)> callback;
    std::atomic<bool> removed{false};
  };

  std::atomic<uint64_t> head_;

  // Waiters.
  mutable std::mutex wait_mu_;
  mutable std::condition_variable wait_cv_;
  bool closed_ = false;      // guarded by wait_mu_
  mutable int waiters_ = 0;  // guarded by wait_mu_

  // Subscribers. The publisher snapshots the list under subs_mu_ and calls
  // outside it, so callbacks may (un)subscribe; unsubscribe() from another
  // thread waits for a notification round in flight to finish.
  std::mutex subs_mu_;
  std::condition_variable subs_cv_;
  std::vector<std::shared_ptr<Subscriber>> subs_;     // guarded by subs_mu_
  SubscriptionId next_id_ = 1;                        // guarded by subs_mu_
  bool notifying_ = false;                            // guarded by subs_mu_
  uint64_t rounds_ = 0;                               // guarded by subs_mu_
  std::vector<std::shared_ptr<Subscriber>> scratch_;  // publisher only
};

}  // namespace ticketd::eventstore
