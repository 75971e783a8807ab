#pragma once
// Exactly one writer thread, fed by a queue. Appenders enqueue and return
// (append_async) or block (append); the writer drains everything queued so
// far and lets a BatchCommitter decide and durably write it as one batch.
// While one batch is being synced, the next one accumulates in the queue:
// that is group commit.
//
// A second thread, the completer, takes each durable (or failed) batch from
// the writer in commit order, publishes the new head (waking waiters and
// running subscribers) and then answers every caller of the batch. Waking
// dozens of blocked appenders costs far more CPU than deciding their
// requests, so doing it here lets the writer start the next batch (and its
// sync) at once instead of after the wake-ups.
//
// Thread-safety: append(), append_async() and stop() may be called from any
// thread.

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "eventstore/batch_committer.h"
#include "eventstore/head_notifier.h"
#include "eventstore/options.h"
#include "eventstore/pending_append.h"
#include "eventstore/storage.h"

namespace ticketd::eventstore {

class GroupCommitWriter {
 public:
  // Starts the writer and completer threads. `storage` and `notifier` must
  // outlive the writer.
  GroupCommitWriter(Storage& storage, HeadNotifier& notifier, ChainHead head,
                    const Options& options);
  // stop()s.
  ~GroupCommitWriter();
  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

  // Blocks until the request is durable or failed.
  Result<AppendResult> append(AppendRequest request);

  // `done` runs on the completer thread once the request's batch is durable
  // or failed, in commit order; after stop() it runs at once on the calling
  // thread with kClosed.
  void append_async(AppendRequest request, std::function<void(Result<AppendResult>)> done);

  // Refuses new appends (kClosed), commits and answers everything already
  // queued and joins both threads. Idempotent. From a callback (on the
  // completer thread) it only refuses new appends; the threads finish on
  // their own and are joined by a later stop() or the destructor.
  void stop();

  // EventStore::observe_commits; any thread.
  SubscriptionId observe_commits(CommitObserver observer);
  void unobserve_commits(SubscriptionId id);

  // The writer's counters (writer_stats.h); any thread.
  WriterStats stats() const { return committer_.stats(); }

 private:
  // A decided batch on its way to the completer.
  struct Committed {
    uint64_t head = 0;
    std::vector<PendingAppend> batch;
  };

  // Queues p; false (p untouched) after stop().
  bool enqueue(PendingAppend& p);
  void run_writer();
  void run_completer();
  // Tells the observers what `batch` changed (completer thread).
  void tell_observers(const std::vector<PendingAppend>& batch);
  // Hands a committed batch to the completer; `batch` gets an empty vector
  // (with capacity, when one is free) in exchange.
  void hand_over(uint64_t head, std::vector<PendingAppend>& batch);

  HeadNotifier& notifier_;
  BatchCommitter committer_;
  const size_t max_batch_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<PendingAppend> queue_;  // guarded by mu_
  bool stopping_ = false;             // guarded by mu_
  bool writer_waiting_ = false;       // guarded by mu_

  std::mutex done_mu_;
  std::condition_variable done_cv_;
  std::vector<Committed> committed_;               // guarded by done_mu_, FIFO
  std::vector<std::vector<PendingAppend>> spare_;  // guarded by done_mu_
  bool writer_finished_ = false;                   // guarded by done_mu_
  bool completer_waiting_ = false;                 // guarded by done_mu_

  // Held while observers run, so unobserve_commits() waits for a call.
  std::mutex observers_mu_;
  std::vector<std::pair<SubscriptionId, CommitObserver>> observers_;  // guarded by observers_mu_
  SubscriptionId next_observer_ = 1;                                  // guarded by observers_mu_
  std::vector<StreamHead> heads_;                                     // completer only

  std::mutex join_mu_;  // serializes joining
  std::thread writer_;
  std::thread completer_;
};

}  // namespace ticketd::eventstore
