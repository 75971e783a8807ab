#pragma once
// An append on its way through the writer: the request, how to tell the
// caller (a callback or a waiting thread) and, once decided, the outcome.

#include <atomic>
#include <cstdint>
#include <functional>

#include "eventstore/append_request.h"
#include "eventstore/store_error.h"

namespace ticketd::eventstore {

// Where a blocking append() waits for its outcome: a one-shot flag on a
// Linux futex. The completer writes `result`, sets the flag and wakes the
// waiter with a single futex call that needs only the flag's address, so the
// waiter may destroy the slot as soon as it sees the flag set. (A mutex and
// condition variable here cost a second wake-up and context switch per
// append: the woken waiter would block again on the mutex the completer
// still holds.)
class SyncSlot {
 public:
  // Blocks until fill(); returns the result.
  Result<AppendResult> wait();
  // Stores the result and wakes the waiter. The slot may be gone on return.
  void fill(Result<AppendResult> result);

 private:
  std::atomic<uint32_t> ready_{0};
  Result<AppendResult> result_;
};

struct PendingAppend {
  AppendRequest request;
  std::function<void(Result<AppendResult>)> done;  // set for append_async
  SyncSlot* slot = nullptr;                        // set for append
  Result<AppendResult> result;                     // set by the writer

  // Hands `result` to the caller (callback or waiting thread).
  void complete() {
    if (slot != nullptr) {
      slot->fill(std::move(result));
    } else if (done) {
      done(std::move(result));
    }
  }
};

}  // namespace ticketd::eventstore
