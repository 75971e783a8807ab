#include "eventstore/event_store.h"

#include <rocksdb/db.h>

#include <algorithm>

#include "eventstore/batch_committer.h"
#include "eventstore/group_commit_writer.h"
#include "eventstore/keys.h"
#include "eventstore/record_codec.h"
#include "eventstore/storage.h"

namespace ticketd::eventstore {
namespace {

constexpr size_t kReadChunk = 256;  // records per MultiGet in read_stream

StoreError corruption(std::string message) {
  return make_store_error(StoreErrorCode::kCorruption, std::move(message));
}

// A u64 value under `key`, 0 when absent.
Result<uint64_t> get_u64(const Storage& storage, rocksdb::ColumnFamilyHandle* cf,
                         const std::string& key) {
  std::string value;
  rocksdb::Status s = storage.db()->Get(rocksdb::ReadOptions(), cf, key, &value);
  if (s.IsNotFound()) return uint64_t{0};
  if (!s.ok()) return storage_error(s, "read");
  if (value.size() != 8) return corruption("malformed value of 8 bytes expected");
  return keys::get_u64be(value.data());
}

// Checks the format version (stamping it into a new store) and returns the
// chain head, which must name the last record of the log unless read-only.
Result<ChainHead> load_chain_head(const Storage& storage) {
  rocksdb::DB* db = storage.db();
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), storage.log()));
  it->SeekToLast();
  if (!it->status().ok()) return storage_error(it->status(), "open: read the log");
  uint64_t last = 0;
  if (it->Valid()) {
    if (it->key().size() != 8) return corruption("malformed log key");
    last = keys::get_u64be(it->key().data());
  }

  std::string value;
  rocksdb::Status s = db->Get(rocksdb::ReadOptions(), storage.meta(), keys::kFormatKey, &value);
  if (s.IsNotFound()) {
    if (last != 0) return corruption("the log has records but no format version");
    if (!storage.read_only()) {
      std::string format;
      keys::put_u32be(format, keys::kFormatVersion);
      rocksdb::WriteOptions sync;
      sync.sync = true;
      s = db->Put(sync, storage.meta(), keys::kFormatKey, format);
      if (!s.ok()) return storage_error(s, "open: write the format version");
    }
  } else if (!s.ok()) {
    return storage_error(s, "open: read the format version");
  } else if (value.size() != 4 || keys::get_u32be(value.data()) != keys::kFormatVersion) {
    return corruption("unsupported store format");
  }

  ChainHead head;
  s = db->Get(rocksdb::ReadOptions(), storage.meta(), keys::kChainKey, &value);
  if (s.ok()) {
    if (value.size() != 8 + kHashBytes) return corruption("malformed chain head");
    head.position = keys::get_u64be(value.data());
    std::copy(value.begin() + 8, value.end(), head.hash.begin());
  } else if (!s.IsNotFound()) {
    return storage_error(s, "open: read the chain head");
  }
  if (head.position != last && !storage.read_only()) {
    return corruption("the chain head says position " + std::to_string(head.position) +
                      " but the log ends at " + std::to_string(last));
  }
  return head;
}

}  // namespace

Result<std::unique_ptr<EventStore>> EventStore::open(const std::filesystem::path& dir,
                                                     const Options& options) {
  auto storage = Storage::open(dir, options);
  if (!storage) return storage.error();
  auto head = load_chain_head(**storage);
  if (!head) return head.error();

  std::unique_ptr<EventStore> store(new EventStore());
  store->storage_ = std::move(*storage);
  store->notifier_ = std::make_unique<HeadNotifier>(head->position);
  if (!options.read_only) {
    store->writer_ =
        std::make_unique<GroupCommitWriter>(*store->storage_, *store->notifier_, *head, options);
  }
  return store;
}

EventStore::~EventStore() { close(); }

void EventStore::close() {
  if (writer_) writer_->stop();
  notifier_->close();
}

Result<AppendResult> EventStore::append(std::string stream, ExpectedVersion expected,
                                        std::vector<NewEvent> events) {
  AppendRequest request;
  request.streams.push_back(StreamAppend{std::move(stream), expected, std::move(events)});
  return append(std::move(request));
}

Result<AppendResult> EventStore::append(AppendRequest request) {
  if (!writer_) return make_store_error(StoreErrorCode::kClosed, "the store is read-only");
  return writer_->append(std::move(request));
}

void EventStore::append_async(AppendRequest request,
                              std::function<void(Result<AppendResult>)> done) {
  if (!writer_) {
    done(make_store_error(StoreErrorCode::kClosed, "the store is read-only"));
    return;
  }
  writer_->append_async(std::move(request), std::move(done));
}

Result<std::vector<Envelope>> EventStore::read_stream(std::string_view stream,
                                                      uint64_t from_version, size_t max,
                                                      CacheUse cache) const {
  std::vector<Envelope> out;
  // Names with NUL bytes cannot be stored (request_validation.h).
  if (stream.empty() || max == 0 || stream.find('\0') != std::string_view::npos) return out;
  from_version = std::max<uint64_t>(from_version, 1);
  std::string lower = keys::stream_entry_prefix(stream);
  std::string upper = lower;
  upper.back() = '\x01';  // just past every "<prefix> u64be" key
  keys::put_u64be(lower, from_version);
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions point;
  point.fill_cache = cache == CacheUse::kFill;
  rocksdb::ReadOptions options = point;
  options.iterate_upper_bound = &upper_slice;

  if (from_version > 1) {
    // The common caller folds a cached state forward and is up to date.
    // Versions have no gaps, so when `from_version` has no entry no later
    // one has either; a point lookup of an absent key is answered by the
    // bloom filters, far cheaper than positioning an iterator.
    rocksdb::PinnableSlice entry;
    rocksdb::Status s = storage_->db()->Get(point, storage_->streams(), lower, &entry);
    if (s.IsNotFound()) return out;
    if (!s.ok()) return storage_error(s, "read_stream");
  }

  std::vector<uint64_t> positions;
  std::unique_ptr<rocksdb::Iterator> it(storage_->db()->NewIterator(options, storage_->streams()));
  for (it->Seek(lower); it->Valid() && positions.size() < max; it->Next()) {
    const uint64_t expected = from_version + positions.size();
    const rocksdb::Slice key = it->key();
    if (key.size() != lower.size() || it->value().size() != 8 ||
        keys::get_u64be(key.data() + key.size() - 8) != expected) {
      return corruption("stream " + std::string(stream) + ": bad index entry for version " +
                        std::to_string(expected));
    }
    positions.push_back(keys::get_u64be(it->value().data()));
  }
  if (!it->status().ok()) return storage_error(it->status(), "read_stream");

  out.resize(positions.size());
  std::vector<std::string> log_keys(kReadChunk);
  std::vector<rocksdb::Slice> slices(kReadChunk);
  std::vector<rocksdb::PinnableSlice> values(kReadChunk);
  std::vector<rocksdb::Status> statuses(kReadChunk);
  for (size_t begin = 0; begin < positions.size(); begin += kReadChunk) {
    const size_t n = std::min(kReadChunk, positions.size() - begin);
    for (size_t i = 0; i < n; ++i) {
      log_keys[i] = keys::log_key(positions[begin + i]);
      slices[i] = rocksdb::Slice(log_keys[i]);
      values[i].Reset();
    }
    storage_->db()->MultiGet(point, storage_->log(), n, slices.data(), values.data(),
                             statuses.data());
    for (size_t i = 0; i < n; ++i) {
      const uint64_t version = from_version + begin + i;
      if (statuses[i].IsNotFound()) {
        return corruption("stream " + std::string(stream) + " version " + std::to_string(version) +
                          " points to a missing record");
      }
      if (!statuses[i].ok()) return storage_error(statuses[i], "read_stream");
      Envelope& e = out[begin + i];
      if (auto d = decode_record(std::string_view(values[i].data(), values[i].size()), e); !d) {
        return d.error();
      }
      if (e.stream != stream || e.version != version || e.position != positions[begin + i]) {
        return corruption("stream " + std::string(stream) + " version " + std::to_string(version) +
                          " points to another record");
      }
    }
  }
  return out;
}

Result<std::vector<Envelope>> EventStore::read_all(uint64_t after_position, size_t max) const {
  std::vector<Envelope> out;
  LogCursor c = cursor(after_position);
  while (out.size() < max) {
    auto more = c.next();
    if (!more) return more.error();
    if (!*more) break;
    out.push_back(c.envelope());
  }
  return out;
}

LogCursor EventStore::cursor(uint64_t after_position) const {
  return LogCursor(*storage_, after_position, notifier_->head());
}

Result<uint64_t> EventStore::scan(uint64_t after_position,
                                  const std::function<bool(const Envelope&)>& visit) const {
  LogCursor c = cursor(after_position);
  for (;;) {
    auto more = c.next();
    if (!more) return more.error();
    if (!*more || !visit(c.envelope())) break;
  }
  return c.position();
}

uint64_t EventStore::head() const { return notifier_->head(); }

Result<uint64_t> EventStore::stream_version(std::string_view stream) const {
  return get_u64(*storage_, storage_->streams(), keys::stream_head_key(stream));
}

Result<std::optional<uint64_t>> EventStore::find_event(std::string_view event_id) const {
  std::string value;
  rocksdb::Status s = storage_->db()->Get(rocksdb::ReadOptions(), storage_->dedup(),
                                          rocksdb::Slice(event_id.data(), event_id.size()), &value);
  if (s.IsNotFound()) return std::optional<uint64_t>();
  if (!s.ok()) return storage_error(s, "find_event");
  if (value.size() != 8 && value.size() != 16) return corruption("malformed dedup entry");
  return std::optional<uint64_t>(keys::get_u64be(value.data()));
}

Result<uint64_t> EventStore::counter(std::string_view name) const {
  return get_u64(*storage_, storage_->meta(), keys::counter_key(name));
}

bool EventStore::wait_for(uint64_t after_position,
                          std::chrono::steady_clock::time_point deadline) const {
  return notifier_->wait_for(after_position, deadline);
}

SubscriptionId EventStore::subscribe(std::function<void(uint64_t head)> callback) {
  return notifier_->subscribe(std::move(callback));
}

void EventStore::unsubscribe(SubscriptionId id) { notifier_->unsubscribe(id); }

SubscriptionId EventStore::observe_commits(CommitObserver observer) {
  return writer_ ? writer_->observe_commits(std::move(observer)) : 0;
}

void EventStore::unobserve_commits(SubscriptionId id) {
  if (writer_) writer_->unobserve_commits(id);
}

WriterStats EventStore::writer_stats() const { return writer_ ? writer_->stats() : WriterStats{}; }

MemoryStats EventStore::memory() const {
  MemoryStats m;
  rocksdb::DB* db = storage_->db();
  // The cache is shared: any column family reports all of it.
  db->GetIntProperty(storage_->log(), rocksdb::DB::Properties::kBlockCacheUsage,
                     &m.block_cache_bytes);
  db->GetIntProperty(storage_->log(), rocksdb::DB::Properties::kBlockCacheCapacity,
                     &m.block_cache_capacity);
  db->GetAggregatedIntProperty(rocksdb::DB::Properties::kCurSizeAllMemTables, &m.memtable_bytes);
  db->GetAggregatedIntProperty(rocksdb::DB::Properties::kEstimateTableReadersMem,
                               &m.table_readers_bytes);
  return m;
}

BackgroundStats EventStore::background() const {
  BackgroundStats b;
  rocksdb::DB* db = storage_->db();
  db->GetIntProperty(rocksdb::DB::Properties::kNumRunningFlushes, &b.running_flushes);
  db->GetIntProperty(rocksdb::DB::Properties::kNumRunningCompactions, &b.running_compactions);
  db->GetAggregatedIntProperty(rocksdb::DB::Properties::kCompactionPending, &b.compactions_pending);
  db->GetAggregatedIntProperty(rocksdb::DB::Properties::kEstimatePendingCompactionBytes,
                               &b.pending_compaction_bytes);
  return b;
}

Result<VerifyReport> EventStore::verify(const VerifyProgress& progress,
                                        std::stop_token stop) const {
  return verify_store(*storage_, progress, std::move(stop));
}

Result<BackupInfo> EventStore::backup(const std::filesystem::path& backup_dir,
                                      const BackupProgress& progress) const {
  return backup_storage(*storage_, backup_dir, progress);
}

}  // namespace ticketd::eventstore
