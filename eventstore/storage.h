#pragma once
// The RocksDB database behind a store: opening it with the five column
// families (keys.h) and tuned options, and owning the handles.
//
// Thread-safety: the handles are immutable after open(); RocksDB itself is
// thread-safe for concurrent reads and writes.

#include <filesystem>
#include <memory>
#include <string_view>

#include "eventstore/options.h"
#include "eventstore/store_error.h"

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
class Status;
}  // namespace rocksdb

namespace ticketd::eventstore {

class Storage {
 public:
  // Opens (or, unless read-only, creates) the database in `dir`.
  static Result<std::unique_ptr<Storage>> open(const std::filesystem::path& dir,
                                               const Options& options);
  ~Storage();
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;

  rocksdb::DB* db() const { return db_.get(); }
  rocksdb::ColumnFamilyHandle* log() const { return log_; }
  rocksdb::ColumnFamilyHandle* streams() const { return streams_; }
  rocksdb::ColumnFamilyHandle* dedup() const { return dedup_; }
  rocksdb::ColumnFamilyHandle* meta() const { return meta_; }
  // The key store beside the log (keys.h, "secrets"); null on a read-only
  // open of a database made before it existed.
  rocksdb::ColumnFamilyHandle* secrets() const { return secrets_; }
  bool read_only() const { return read_only_; }

 private:
  Storage() = default;

  std::unique_ptr<rocksdb::DB> db_;
  rocksdb::ColumnFamilyHandle* default_ = nullptr;
  rocksdb::ColumnFamilyHandle* log_ = nullptr;
  rocksdb::ColumnFamilyHandle* streams_ = nullptr;
  rocksdb::ColumnFamilyHandle* dedup_ = nullptr;
  rocksdb::ColumnFamilyHandle* meta_ = nullptr;
  rocksdb::ColumnFamilyHandle* secrets_ = nullptr;
  bool read_only_ = false;
};

// Maps a failed RocksDB status to kCorruption or kIo, prefixed with `what`.
StoreError storage_error(const rocksdb::Status& status, std::string_view what);

}  // namespace ticketd::eventstore
