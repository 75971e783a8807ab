#pragma once
// The heart of group commit: turns a drained batch of pending appends into one
// durable RocksDB WriteBatch. For each request, in order, it checks
// idempotency (event ids already stored or earlier in the batch), expected
// versions (against the log plus earlier requests of the batch), allocates
// its counter value, runs its finalize callback, assigns gap-free positions
// and versions, encodes the records and extends the hash chain. A request
// that fails fails alone. If the write itself fails, every request that
// needed it fails with kIo and all in-memory state is rolled back, so no
// position, version or counter value is skipped or reused.
//
// Thread-safety: only the writer thread uses a BatchCommitter, except
// stats(), which any thread may call.

#include <rocksdb/slice.h>
#include <rocksdb/status.h>
#include <rocksdb/write_batch.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "eventstore/envelope.h"
#include "eventstore/pending_append.h"
#include "eventstore/sha256.h"
#include "eventstore/storage.h"
#include "eventstore/writer_stats.h"

namespace ticketd::eventstore {

// The newest record of the log: where the next append continues the chain.
struct ChainHead {
  uint64_t position = 0;
  Hash hash{};
};

class BatchCommitter {
 public:
  // `log` receives failures nobody else hears about (failed writes).
  BatchCommitter(Storage& storage, ChainHead head, std::function<void(std::string_view)> log);

  // Decides every request of `batch`, writes the accepted ones durably (one
  // sync WriteBatch) and sets every PendingAppend::result. Returns the
  // committed head afterwards.
  uint64_t commit(std::span<PendingAppend> batch);

  uint64_t head() const { return head_; }

  // A consistent-enough snapshot of the counters; any thread.
  WriterStats stats() const;

 private:
  struct Hasher {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct Equal {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const { return a == b; }
  };
  // A cached current value (stream version or counter) and the batch that
  // last changed it, so each is written once per batch.
  struct Cached {
    uint64_t value = 0;
    uint64_t epoch = 0;
  };
  using Cache = std::unordered_map<std::string, Cached, Hasher, Equal>;
  using CacheEntry = Cache::value_type;

  // An event accepted earlier in the current batch.
  struct InBatch {
    uint64_t position;
    uint64_t version;
    std::string_view stream;
    uint64_t counter_value;
  };

  // Where a request's stream names and event ids sit in names_.
  struct Shape {
    bool valid = false;
    size_t first_stream = 0;
    size_t stream_count = 0;
    size_t first_id = 0;
    size_t id_count = 0;
  };

  enum class Outcome { kFailed, kDuplicateOfStored, kDuplicateInBatch, kCommitted };

  void collect_names(std::span<PendingAppend> batch);
  void lookup_dedup();
  void process(PendingAppend& p, size_t index);
  void process_duplicate(PendingAppend& p, size_t index);
  bool same_shape(const AppendRequest& request, const Shape& shape) const;
  void write_and_settle(std::span<PendingAppend> batch, uint64_t head_before,
                        const Hash& hash_before);
  // The cached entry of `name`, read from `cf` under make_key(name) on a miss.
  Result<CacheEntry*> load(Cache& cache, std::string_view name, rocksdb::ColumnFamilyHandle* cf,
                           std::string (*make_key)(std::string_view));
  void touch(CacheEntry* entry, std::vector<CacheEntry*>& touched);
  void fail(PendingAppend& p, size_t index, StoreError error);

  // Relaxed counters behind stats(); written by the writer thread only.
  struct Counters {
    std::atomic<uint64_t> batches{0};
    std::atomic<uint64_t> requests{0};
    std::atomic<uint64_t> events{0};
    std::atomic<uint64_t> write_failures{0};
    std::atomic<uint64_t> decide_nanos{0};
    std::atomic<uint64_t> write_nanos{0};
  };
  static void add(std::atomic<uint64_t>& counter, uint64_t n) {
    counter.store(counter.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }

  Storage& storage_;
  std::function<void(std::string_view)> log_;
  Counters stats_;
  uint64_t head_;
  Hash chain_hash_;
  bool failed_ = false;  // a write failed and RocksDB could not resume
  std::string failure_;

  Cache streams_;   // stream -> current version
  Cache counters_;  // counter name -> current value
  uint64_t epoch_ = 0;

  // Per-batch scratch, kept to reuse its memory.
  rocksdb::WriteBatch write_batch_;
  Sha256 sha_;
  std::string key_;
  std::string value_;
  std::string record_;
  std::string names_;  // copies of stream names and event ids
  std::vector<std::string_view> stream_names_;
  std::vector<std::string_view> ids_;
  std::vector<Shape> shapes_;
  std::vector<Outcome> outcomes_;
  std::vector<rocksdb::Slice> dedup_keys_;
  std::vector<rocksdb::PinnableSlice> dedup_values_;
  std::vector<rocksdb::Status> dedup_statuses_;
  std::unordered_map<std::string_view, InBatch> in_batch_;
  std::vector<CacheEntry*> request_streams_;
  std::vector<CacheEntry*> touched_streams_;
  std::vector<CacheEntry*> touched_counters_;
  Envelope scratch_envelope_;
};

}  // namespace ticketd::eventstore
