#pragma once
// Counters of the group-commit writer, for /metrics and for tuning: how many
// batches, how big, and where the writer's time goes. Monotonic totals since
// open; take two snapshots and subtract for rates.

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

}  // namespace ticketd::eventstore
