#pragma once
// ticketd's source of truth: an append-only, hash-chained log of events in
// one RocksDB database (DESIGN.md, "The event store"). Events belong to
// streams (one per ticket, say) with versions 1, 2, 3 ... for optimistic
// concurrency, and to one global order: positions 1, 2, 3 ... without gaps.
// The store knows bytes and envelopes, not tickets.
//
// Appends go through a single writer thread that commits everything queued
// as one synced WriteBatch (group commit); an acknowledged append is durable.
// A second store thread, the completer, then publishes the new head and
// answers the batch's callers in commit order (group_commit_writer.h).
// Reads go straight to RocksDB and never block the writer.
//
// Thread-safety: every member function may be called concurrently from any
// thread, except that the destructor must not race with other calls.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "eventstore/append_request.h"
#include "eventstore/envelope.h"
#include "eventstore/expected_version.h"
#include "eventstore/head_notifier.h"
#include "eventstore/log_cursor.h"
#include "eventstore/options.h"
#include "eventstore/store_backup.h"
#include "eventstore/store_error.h"
#include "eventstore/verifier.h"
#include "eventstore/writer_stats.h"

namespace ticketd::eventstore {

class GroupCommitWriter;
class Storage;

class EventStore {
 public:
  // Opens the store in `dir` (created if missing, unless options say
  // otherwise). Fails with kIo if RocksDB cannot open it (for instance when
  // another process has it open for writing) and with kCorruption if its
  // files are damaged (under LogRecovery::kStrict, a bad record in the
  // write-ahead log), it is not a store of a known format or its log and
  // chain head disagree (verify() a read-only open to find out more).
  static Result<std::unique_ptr<EventStore>> open(const std::filesystem::path& dir,
                                                  const Options& options = {});

  // close()s; reads end with the object.
  ~EventStore();
  EventStore(const EventStore&) = delete;
  EventStore& operator=(const EventStore&) = delete;

  // Appends `events` to `stream` if it is at `expected`; blocks until the
  // events are durable. Shorthand for append(AppendRequest) with one stream.
  Result<AppendResult> append(std::string stream, ExpectedVersion expected,
                              std::vector<NewEvent> events);

  // Appends one atomic request (append_request.h); blocks until durable.
  // Errors: kWrongExpectedVersion (a stream moved on; nothing stored),
  // kDuplicateMismatch (some event ids stored, some not), kInvalidArgument,
  // kClosed, and kIo (outcome unknown: retry with the same event ids). A
  // request whose event ids are all stored already succeeds with
  // duplicate == true and the original positions, appending nothing.
  Result<AppendResult> append(AppendRequest request);

  // As append(AppendRequest), without blocking: `done` runs on the store's
  // completer thread after the request's batch is durable (or failed), in
  // commit order. It must be quick and must not throw. After close() (or on a
  // read-only store) it runs at once on the calling thread with kClosed.
  void append_async(AppendRequest request, std::function<void(Result<AppendResult>)> done);

  // Whether a read keeps the blocks it loads in RocksDB's block cache.
  // kBypass is for one-off scans over many streams (the automation's
  // start-up), which would otherwise evict the blocks of the tickets
  // clients are working on.
  enum class CacheUse { kFill, kBypass };

  // Events of `stream` with version >= from_version, at most `max`, in
  // version order. An unknown stream is empty, not an error.
  Result<std::vector<Envelope>> read_stream(std::string_view stream, uint64_t from_version = 1,
                                            size_t max = SIZE_MAX,
                                            CacheUse cache = CacheUse::kFill) const;

  // Up to `max` events with position > after_position, in log order, up to
  // the head committed when called.
  Result<std::vector<Envelope>> read_all(uint64_t after_position, size_t max) const;

  // A cursor over events with position > after_position, up to the head
  // committed now; for big scans. Must not outlive the store.
  LogCursor cursor(uint64_t after_position) const;

  // Calls visit for each event after after_position (up to the current head)
  // until it returns false. Returns the position of the last event visited
  // (after_position if none), which is where a later scan resumes.
  Result<uint64_t> scan(uint64_t after_position,
                        const std::function<bool(const Envelope&)>& visit) const;

  // The last committed position (0 = empty log). Lock-free.
  uint64_t head() const;

  // Current version of `stream` (0 = no events).
  Result<uint64_t> stream_version(std::string_view stream) const;

  // Position of the event with this id, if stored (the idempotency index).
  Result<std::optional<uint64_t>> find_event(std::string_view event_id) const;

  // Current value of a counter (0 = never allocated).
  Result<uint64_t> counter(std::string_view name) const;

  // The key store beside the log (keys.h, "secrets"): what must be kept
  // and backed up with the log but never be in it -- password hashes,
  // sessions, single-use links. Outside the hash chain; export and verify
  // do not read it. put and erase are synced to disk before they return
  // (call them off the io threads). kClosed on a read-only store that has
  // no key store.
  Result<void> put_secret(std::string_view key, std::string_view value);
  Result<void> erase_secret(std::string_view key);
  Result<std::optional<std::string>> get_secret(std::string_view key) const;
  // Every entry whose key starts with `prefix`, in key order.
  Result<std::vector<std::pair<std::string, std::string>>> secrets_with_prefix(
      std::string_view prefix) const;

  // Blocks until head() > after_position (true) or until `deadline` or
  // close() (false). Sleeps on a condition variable.
  bool wait_for(uint64_t after_position, std::chrono::steady_clock::time_point deadline) const;

  // `callback` runs with the new head on the completer thread after every
  // durable commit, in increasing order, before the batch's appenders are
  // answered: quick, no throwing (post work elsewhere, e.g. to an Asio
  // strand). unsubscribe() waits for a running callback unless called from
  // one (head_notifier.h).
  SubscriptionId subscribe(std::function<void(uint64_t head)> callback);
  void unsubscribe(SubscriptionId id);

  // `observer` runs on the completer thread for every durable batch with the
  // streams its requests changed (duplicates and failed requests change
  // none), before the head moves (waiters, subscribers) and before any
  // appender of the batch is answered; append_async callbacks of a batch run
  // after its observers and before the next batch's. So a cache of stream
  // states that forgets what the observer reports never serves a version
  // older than one a client was told is durable. Quick, no throwing, and it
  // must not call (un)observe_commits. unobserve_commits() waits for a
  // running call. A read-only store never calls it.
  SubscriptionId observe_commits(CommitObserver observer);
  void unobserve_commits(SubscriptionId id);

  // Group-commit counters since open (all zero when read-only).
  WriterStats writer_stats() const;
  // RocksDB's memory now (writer_stats.h).
  MemoryStats memory() const;
  // RocksDB's flushes and compactions, running and due (writer_stats.h).
  BackgroundStats background() const;

  // Walks the whole store on a snapshot (verifier.h). Appends may continue;
  // `stop` ends the walk early (kClosed).
  Result<VerifyReport> verify(const VerifyProgress& progress = {}, std::stop_token stop = {}) const;

  // Adds a backup of one snapshot of the store to `backup_dir`
  // (store_backup.h). Works on a read-only store, so beside a running server.
  Result<BackupInfo> backup(const std::filesystem::path& backup_dir,
                            const BackupProgress& progress = {}) const;

  // Refuses new appends (kClosed), commits those already queued, stops the
  // writer and wakes wait_for() callers. Idempotent. Reads keep working
  // until the object is destroyed.
  void close();

 private:
  EventStore() = default;

  std::unique_ptr<Storage> storage_;
  std::unique_ptr<HeadNotifier> notifier_;
  std::unique_ptr<GroupCommitWriter> writer_;  // null when read-only
};

}  // namespace ticketd::eventstore
