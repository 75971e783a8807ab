#pragma once
// A RocksDB file system whose write-ahead-log writes fail on demand: a disk
// that stops taking writes, for the suites that check what a failed write
// does (the store's rollback, the server's 500 answers).

#include <rocksdb/file_system.h>

#include <atomic>
#include <memory>
#include <string>

namespace ticketd::eventstore::testing {

// Fails appends and syncs of write-ahead-log files while armed.
class FaultyFileSystem : public rocksdb::FileSystemWrapper {
 public:
  FaultyFileSystem() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}
  const char* Name() const override { return "FaultyFileSystem"; }

  std::atomic<bool> armed{false};

  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* file,
                                    rocksdb::IODebugContext* dbg) override {
    auto s = target()->NewWritableFile(name, options, file, dbg);
    wrap(name, s, file);
    return s;
  }
  rocksdb::IOStatus ReuseWritableFile(const std::string& name, const std::string& old_name,
                                      const rocksdb::FileOptions& options,
                                      std::unique_ptr<rocksdb::FSWritableFile>* file,
                                      rocksdb::IODebugContext* dbg) override {
    auto s = target()->ReuseWritableFile(name, old_name, options, file, dbg);
    wrap(name, s, file);
    return s;
  }

 private:
  class File : public rocksdb::FSWritableFileOwnerWrapper {
   public:
    File(std::unique_ptr<rocksdb::FSWritableFile> f, FaultyFileSystem* fs)
        : FSWritableFileOwnerWrapper(std::move(f)), fs_(fs) {}
    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& o,
                             rocksdb::IODebugContext* d) override {
      if (fs_->armed) return rocksdb::IOStatus::IOError("injected append failure");
      return FSWritableFileOwnerWrapper::Append(data, o, d);
    }
    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& o,
                             const rocksdb::DataVerificationInfo& v,
                             rocksdb::IODebugContext* d) override {
      if (fs_->armed) return rocksdb::IOStatus::IOError("injected append failure");
      return FSWritableFileOwnerWrapper::Append(data, o, v, d);
    }
    rocksdb::IOStatus Sync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* d) override {
      if (fs_->armed) return rocksdb::IOStatus::IOError("injected sync failure");
      return FSWritableFileOwnerWrapper::Sync(o, d);
    }

   private:
    FaultyFileSystem* fs_;
  };

  void wrap(const std::string& name, const rocksdb::IOStatus& s,
            std::unique_ptr<rocksdb::FSWritableFile>* file) {
    if (s.ok() && name.size() > 4 && name.compare(name.size() - 4, 4, ".log") == 0) {
      *file = std::make_unique<File>(std::move(*file), this);
    }
  }
};

}  // namespace ticketd::eventstore::testing
