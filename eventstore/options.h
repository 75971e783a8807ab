#pragma once
// How EventStore::open() opens a store. The defaults suit a server; tests and
// tools change a few.

#include <cstddef>
#include <functional>
#include <string_view>

namespace rocksdb {
class Env;
}  // namespace rocksdb

namespace ticketd::eventstore {

// What opening does with a damaged write-ahead log (RocksDB's WAL, DIR/*.log,
// where the newest appends live until they are flushed to table files).
enum class LogRecovery {
  // Tolerates only an incomplete last record -- an append a crash cut off
  // before it was synced, so before anyone was told it was durable -- and
  // refuses (kCorruption) a log with a damaged record anywhere else, since
  // replaying past it is impossible and stopping there would silently drop
  // acknowledged events. The default.
  kStrict,
  // Replays up to the first damaged record and drops it and everything
  // after it (RocksDB's point-in-time recovery): for an operator who has
  // accepted that loss (ticketd --accept-log-loss), and, read-only, to tell
  // what such a recovery would keep.
  kTruncateAtDamage,
};

struct Options {
  // Create an empty store when the directory holds none.
  bool create_if_missing = true;
  // Open without a writer (appends fail with kClosed) and without taking the
  // directory's lock, so tools can read, export or verify a store that a
  // running server has open. Sees the data as of open().
  bool read_only = false;
  // See LogRecovery. A writable open with kTruncateAtDamage rewrites the log
  // as recovered, so later strict opens succeed at the surviving head.
  LogRecovery recovery = LogRecovery::kStrict;
  // Memtable size of the `log` column family; bigger means fewer flushes.
  size_t write_buffer_bytes = size_t{64} << 20;
  // RocksDB's block cache, shared by the column families: uncompressed data
  // blocks and, beside them, the index and filter blocks of open tables.
  // Reads of a ticket's stream touch one log block per event (streams
  // interleave in the log), so the cache mostly pays off for the streams
  // index and recent log blocks; the command path's state cache keeps the
  // folded tickets themselves.
  size_t block_cache_bytes = size_t{64} << 20;
  // Upper bound of requests the writer commits in one WriteBatch.
  size_t max_batch_requests = 1024;
  // Storage environment; nullptr means RocksDB's default (the local file
  // system). Not owned; must outlive the store. Tests use it to inject faults.
  rocksdb::Env* env = nullptr;
  // Receives one line per failure the store cannot report to a caller (and a
  // copy of failed writes). nullptr writes to stderr. Called from the writer
  // thread; must be thread-safe and quick.
  std::function<void(std::string_view)> log;
};

}  // namespace ticketd::eventstore
