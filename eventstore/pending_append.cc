#include "eventstore/pending_append.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace ticketd::eventstore {
namespace {

static_assert(sizeof(std::atomic<uint32_t>) == sizeof(uint32_t) &&
                  std::atomic<uint32_t>::is_always_lock_free,
              "futex words must be plain 32-bit integers");

uint32_t* futex_word(std::atomic<uint32_t>& a) { return reinterpret_cast<uint32_t*>(&a); }

}  // namespace

Result<AppendResult> SyncSlot::wait() {
  while (ready_.load(std::memory_order_acquire) == 0) {
    // Sleeps only while the word is still 0; spurious returns loop.
    ::syscall(SYS_futex, futex_word(ready_), FUTEX_WAIT_PRIVATE, 0, nullptr, nullptr, 0);
  }
  return std::move(result_);
}

void SyncSlot::fill(Result<AppendResult> result) {
  uint32_t* word = futex_word(ready_);
  result_ = std::move(result);
  ready_.store(1, std::memory_order_release);
  // From here on the waiter may have returned and destroyed the slot; the
  // kernel only uses the address (a stale wake-up is harmless: waiters
  // re-check their flag).
  ::syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
}

}  // namespace ticketd::eventstore
