#pragma once
// Counters of the group-commit writer, for /metrics and for tuning: how many
// batches, how big, and where the writer's time goes. Monotonic totals since
// open; take two snapshots and subtract for rates. And RocksDB's memory.

#include <cstdint>

namespace ticketd::eventstore {

struct WriterStats {
  uint64_t batches = 0;         // drained batches (each at most one WriteBatch)
  uint64_t requests = 0;        // requests decided, including failed ones
  uint64_t events = 0;          // events appended (duplicates not counted)
  uint64_t write_failures = 0;  // RocksDB writes that failed
  uint64_t decide_nanos = 0;    // writer time spent deciding and encoding
  uint64_t write_nanos = 0;     // writer time inside the synced RocksDB write
};

// What RocksDB holds in memory for the store, from its properties: the
// bounded part of a server's resident size (the rest grows with tickets).
struct MemoryStats {
  uint64_t block_cache_bytes = 0;     // uncompressed blocks cached, shared by the column families
  uint64_t block_cache_capacity = 0;  // its bound (Options::block_cache_bytes)
  uint64_t memtable_bytes = 0;        // memtables, active and being flushed
  uint64_t table_readers_bytes = 0;   // index and filter blocks outside the cache
};

// RocksDB's background work now: the write debt that flushes and
// compactions still have to pay off, in CPU and disk, after a burst of
// appends.
struct BackgroundStats {
  uint64_t running_flushes = 0;
  uint64_t running_compactions = 0;
  uint64_t compactions_pending = 0;       // column families that need one
  uint64_t pending_compaction_bytes = 0;  // RocksDB's estimate of bytes to rewrite
};

}  // namespace ticketd::eventstore
