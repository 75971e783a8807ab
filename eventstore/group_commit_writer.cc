#include "eventstore/group_commit_writer.h"

#include <pthread.h>

#include <cstdio>
#include <iterator>

namespace ticketd::eventstore {
namespace {

std::function<void(std::string_view)> logger(const Options& options) {
  if (options.log) return options.log;
  return [](std::string_view line) {
    std::fprintf(stderr, "eventstore: %.*s\n", static_cast<int>(line.size()), line.data());
  };
}

StoreError closed_error() {
  return make_store_error(StoreErrorCode::kClosed, "the event store is closed");
}

}  // namespace

GroupCommitWriter::GroupCommitWriter(Storage& storage, HeadNotifier& notifier, ChainHead head,
                                     const Options& options)
    : notifier_(notifier),
      committer_(storage, head, logger(options)),
      max_batch_(options.max_batch_requests == 0 ? 1 : options.max_batch_requests) {
  completer_ = std::thread([this] { run_completer(); });
  writer_ = std::thread([this] { run_writer(); });
}

GroupCommitWriter::~GroupCommitWriter() { stop(); }

Result<AppendResult> GroupCommitWriter::append(AppendRequest request) {
  SyncSlot slot;
  PendingAppend p{std::move(request), nullptr, &slot, {}};
  if (!enqueue(p)) return closed_error();
  return slot.wait();
}

void GroupCommitWriter::append_async(AppendRequest request,
                                     std::function<void(Result<AppendResult>)> done) {
  PendingAppend p{std::move(request), std::move(done), nullptr, {}};
  if (!enqueue(p)) p.done(closed_error());
}

bool GroupCommitWriter::enqueue(PendingAppend& p) {
  bool wake = false;
  {
    std::lock_guard lk(mu_);
    if (stopping_) return false;
    queue_.push_back(std::move(p));
    wake = writer_waiting_;
    writer_waiting_ = false;
  }
  if (wake) cv_.notify_one();
  return true;
}

void GroupCommitWriter::stop() {
  {
    std::lock_guard lk(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  const auto self = std::this_thread::get_id();
  if (self == writer_.get_id() || self == completer_.get_id()) return;
  std::lock_guard lk(join_mu_);
  if (writer_.joinable()) writer_.join();
  if (completer_.joinable()) completer_.join();
}

void GroupCommitWriter::run_writer() {
  pthread_setname_np(pthread_self(), "es-writer");  // for top, perf and gdb
  std::vector<PendingAppend> batch;
  for (;;) {
    {
      std::unique_lock lk(mu_);
      while (queue_.empty() && !stopping_) {
        writer_waiting_ = true;
        cv_.wait(lk);
      }
      writer_waiting_ = false;
      if (queue_.empty()) break;  // stopping, and everything is committed
      // No commit delay: waiting for more appends before writing (like
      // PostgreSQL's commit_delay) measured slower in append_bench -- while
      // one batch syncs, the next fills up anyway.
      if (queue_.size() <= max_batch_) {
        batch.swap(queue_);
      } else {
        auto end = queue_.begin() + static_cast<std::ptrdiff_t>(max_batch_);
        batch.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(end));
        queue_.erase(queue_.begin(), end);
      }
    }
    const uint64_t head = committer_.commit(batch);
    hand_over(head, batch);
  }
  {
    std::lock_guard lk(done_mu_);
    writer_finished_ = true;
  }
  done_cv_.notify_one();
}

void GroupCommitWriter::hand_over(uint64_t head, std::vector<PendingAppend>& batch) {
  bool wake = false;
  {
    std::lock_guard lk(done_mu_);
    committed_.push_back(Committed{head, std::move(batch)});
    batch.clear();  // a moved-from vector is valid but unspecified
    if (!spare_.empty()) {
      batch.swap(spare_.back());
      spare_.pop_back();
    }
    wake = completer_waiting_;
    completer_waiting_ = false;
  }
  if (wake) done_cv_.notify_one();
}

SubscriptionId GroupCommitWriter::observe_commits(CommitObserver observer) {
  std::lock_guard lk(observers_mu_);
  const SubscriptionId id = next_observer_++;
  observers_.emplace_back(id, std::move(observer));
  return id;
}

void GroupCommitWriter::unobserve_commits(SubscriptionId id) {
  std::lock_guard lk(observers_mu_);
  std::erase_if(observers_, [id](const auto& o) { return o.first == id; });
}

void GroupCommitWriter::tell_observers(const std::vector<PendingAppend>& batch) {
  heads_.clear();
  for (const PendingAppend& p : batch) {
    if (!p.result || p.result->duplicate) continue;
    for (size_t i = 0; i < p.request.streams.size() && i < p.result->stream_versions.size(); ++i) {
      heads_.push_back(StreamHead{p.request.streams[i].stream, p.result->stream_versions[i]});
    }
  }
  if (heads_.empty()) return;
  std::lock_guard lk(observers_mu_);
  for (const auto& [id, observer] : observers_) observer(heads_);
}

void GroupCommitWriter::run_completer() {
  pthread_setname_np(pthread_self(), "es-completer");
  std::vector<Committed> work;
  uint64_t published = notifier_.head();
  for (;;) {
    {
      std::unique_lock lk(done_mu_);
      while (committed_.empty() && !writer_finished_) {
        completer_waiting_ = true;
        done_cv_.wait(lk);
      }
      completer_waiting_ = false;
      if (committed_.empty()) return;  // the writer is done and so are we
      work.swap(committed_);
    }
    for (Committed& c : work) {
      tell_observers(c.batch);
      if (c.head != published) {
        notifier_.publish(c.head);
        published = c.head;
      }
      for (PendingAppend& p : c.batch) p.complete();
      c.batch.clear();
    }
    std::lock_guard lk(done_mu_);
    for (Committed& c : work) spare_.push_back(std::move(c.batch));
    work.clear();
  }
}

}  // namespace ticketd::eventstore
