#include "eventstore/storage.h"

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <system_error>
#include <vector>

#include "eventstore/keys.h"

namespace ticketd::eventstore {
namespace {

// Groups `streams` keys by stream for memtable insert hints: a stream's next
// version (and its updated head) goes right after the previous one, so with
// a hint per stream the writer skips the skiplist search that otherwise
// dominates its CPU time. Prefix: 'e' stream 0x00 for entries, the whole key
// for heads (keys.h).
class StreamKeyPrefix : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "ticketd.StreamKeyPrefix"; }

  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    if (key[0] == keys::kStreamEntryTag) {
      const void* nul = std::memchr(key.data() + 1, '\0', key.size() - 1);
      return rocksdb::Slice(key.data(), static_cast<const char*>(nul) - key.data() + 1);
    }
    return key;
  }

  bool InDomain(const rocksdb::Slice& key) const override {
    if (key.empty()) return false;
    if (key[0] == keys::kStreamHeadTag) return true;
    return key[0] == keys::kStreamEntryTag &&
           std::memchr(key.data() + 1, '\0', key.size() - 1) != nullptr;
  }
};

rocksdb::ColumnFamilyOptions base_cf_options(const std::shared_ptr<rocksdb::Cache>& cache,
                                             bool bloom) {
  rocksdb::ColumnFamilyOptions cf;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  if (bloom) {
    // Point lookups of absent keys (new event ids, new streams) are the
    // writer's common case; filters answer them without reading blocks.
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    table.whole_key_filtering = true;
    cf.memtable_prefix_bloom_size_ratio = 0.05;
    cf.memtable_whole_key_filtering = true;
  }
  cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  cf.level_compaction_dynamic_level_bytes = true;
  cf.compression = rocksdb::kLZ4Compression;
  cf.bottommost_compression = rocksdb::kLZ4Compression;
  return cf;
}

}  // namespace

StoreError storage_error(const rocksdb::Status& status, std::string_view what) {
  std::string message(what);
  message += ": ";
  message += status.ToString();
  return make_store_error(status.IsCorruption() ? StoreErrorCode::kCorruption : StoreErrorCode::kIo,
                          std::move(message));
}

Result<std::unique_ptr<Storage>> Storage::open(const std::filesystem::path& dir,
                                               const Options& options) {
  if (!options.read_only && options.create_if_missing) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
      return make_store_error(StoreErrorCode::kIo,
                              "cannot create " + dir.string() + ": " + ec.message());
    }
  }

  rocksdb::DBOptions db_options;
  db_options.create_if_missing = options.create_if_missing;
  db_options.create_missing_column_families = true;
  if (options.env != nullptr) db_options.env = options.env;
  db_options.max_background_jobs = 2;
  // RocksDB's default, point-in-time recovery, would open a log with a
  // flipped byte in its write-ahead log at the record before it and drop
  // every later, acknowledged append without a word (options.h).
  db_options.wal_recovery_mode = options.recovery == LogRecovery::kStrict
                                     ? rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords
                                     : rocksdb::WALRecoveryMode::kPointInTimeRecovery;
  // The WAL holds everything until the least recently flushed family is
  // flushed; `meta` changes little, so cap the WAL to force that flush.
  db_options.max_total_wal_size = uint64_t{256} << 20;
  // (WAL recycling would make each fdatasync cheaper -- a file that does not
  // grow needs no size metadata -- but RocksDB 7.8 turns it off under
  // point-in-time recovery, which kTruncateAtDamage needs, and in a recycled
  // file the strict mode takes a record with a bad checksum for the end of
  // the log -- the silent loss it exists to prevent.)
  // RocksDB's own info LOG: keep a few, small.
  db_options.keep_log_file_num = 4;
  db_options.max_log_file_size = size_t{16} << 20;

  auto cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  rocksdb::ColumnFamilyOptions log_cf = base_cf_options(cache, /*bloom=*/false);
  log_cf.write_buffer_size = options.write_buffer_bytes;
  rocksdb::ColumnFamilyOptions streams_cf = base_cf_options(cache, /*bloom=*/true);
  streams_cf.write_buffer_size = options.write_buffer_bytes / 8;
  streams_cf.memtable_insert_with_hint_prefix_extractor = std::make_shared<StreamKeyPrefix>();
  rocksdb::ColumnFamilyOptions dedup_cf = base_cf_options(cache, /*bloom=*/true);
  dedup_cf.write_buffer_size = options.write_buffer_bytes / 8;
  rocksdb::ColumnFamilyOptions meta_cf = base_cf_options(cache, /*bloom=*/false);
  meta_cf.write_buffer_size = size_t{4} << 20;

  std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions()},
      {"log", log_cf},
      {"streams", streams_cf},
      {"dedup", dedup_cf},
      {"meta", meta_cf},
  };
  // The key store: small, read by point lookups. A read-only open (a tool
  // beside a running ticketd, or a log from before it existed) takes it
  // only when the database has it.
  rocksdb::ColumnFamilyOptions secrets_cf = base_cf_options(cache, /*bloom=*/true);
  secrets_cf.write_buffer_size = size_t{4} << 20;
  bool with_secrets = !options.read_only;
  if (options.read_only) {
    std::vector<std::string> names;
    if (rocksdb::DB::ListColumnFamilies(db_options, dir.string(), &names).ok()) {
      with_secrets = std::find(names.begin(), names.end(), "secrets") != names.end();
    }
  }
  if (with_secrets) families.emplace_back("secrets", secrets_cf);
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s =
      options.read_only
          ? rocksdb::DB::OpenForReadOnly(db_options, dir.string(), families, &handles, &raw)
          : rocksdb::DB::Open(db_options, dir.string(), families, &handles, &raw);
  if (!s.ok()) return storage_error(s, "open " + dir.string());

  std::unique_ptr<Storage> storage(new Storage());
  storage->db_.reset(raw);
  storage->default_ = handles[0];
  storage->log_ = handles[1];
  storage->streams_ = handles[2];
  storage->dedup_ = handles[3];
  storage->meta_ = handles[4];
  if (with_secrets) storage->secrets_ = handles[5];
  storage->read_only_ = options.read_only;
  return storage;
}

Storage::~Storage() {
  if (!db_) return;
  for (auto* h : {default_, log_, streams_, dedup_, meta_, secrets_}) {
    if (h != nullptr) db_->DestroyColumnFamilyHandle(h);
  }
  db_->Close();
}

}  // namespace ticketd::eventstore
