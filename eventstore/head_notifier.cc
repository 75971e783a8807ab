#include "eventstore/head_notifier.h"

#include <algorithm>

namespace ticketd::eventstore {
namespace {

// True on a thread while it runs subscriber callbacks (so unsubscribe() from a
// callback does not wait for its own round to finish).
thread_local bool tl_in_callbacks = false;

}  // namespace

void HeadNotifier::publish(uint64_t head) {
  head_.store(head, std::memory_order_release);
  {
    std::lock_guard lk(wait_mu_);
    if (waiters_ > 0) wait_cv_.notify_all();
  }

  {
    std::lock_guard lk(subs_mu_);
    if (subs_.empty()) return;
    scratch_.assign(subs_.begin(), subs_.end());
    notifying_ = true;
  }
  tl_in_callbacks = true;
  for (const auto& s : scratch_) {
    if (!s->removed.load(std::memory_order_acquire)) s->callback(head);
  }
  tl_in_callbacks = false;
  scratch_.clear();
  {
    std::lock_guard lk(subs_mu_);
    notifying_ = false;
    ++rounds_;
  }
  subs_cv_.notify_all();
}

void HeadNotifier::close() {
  {
    std::lock_guard lk(wait_mu_);
    closed_ = true;
  }
  wait_cv_.notify_all();
}

bool HeadNotifier::wait_for(uint64_t after_position,
                            std::chrono::steady_clock::time_point deadline) const {
  if (head() > after_position) return true;
  std::unique_lock lk(wait_mu_);
  ++waiters_;
  bool reached =
      wait_cv_.wait_until(lk, deadline, [&] { return head() > after_position || closed_; });
  --waiters_;
  return reached && head() > after_position;
}

SubscriptionId HeadNotifier::subscribe(std::function<void(uint64_t head)> callback) {
  auto s = std::make_shared<Subscriber>();
  s->callback = std::move(callback);
  std::lock_guard lk(subs_mu_);
  s->id = next_id_++;
  subs_.push_back(std::move(s));
  return subs_.back()->id;
}

void HeadNotifier::unsubscribe(SubscriptionId id) {
  std::unique_lock lk(subs_mu_);
  auto it = std::find_if(subs_.begin(), subs_.end(), [&](const auto& s) { return s->id == id; });
  if (it == subs_.end()) return;
  (*it)->removed.store(true, std::memory_order_release);
  subs_.erase(it);
  if (tl_in_callbacks || !notifying_) return;
  uint64_t round = rounds_;
  subs_cv_.wait(lk, [&] { return rounds_ != round; });
}

}  // namespace ticketd::eventstore
