#include "eventstore/store_backup.h"

#include <rocksdb/db.h>
#include <rocksdb/utilities/backup_engine.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <sstream>

#include "eventstore/keys.h"
#include "eventstore/record_codec.h"
#include "eventstore/storage.h"

namespace ticketd::eventstore {
namespace {

constexpr std::string_view kMetadataTag = "ticketd-backup 1";
constexpr size_t kBatchBytes = size_t{4} << 20;
const char* const kFamilies[] = {"log", "streams", "dedup", "meta", "secrets"};

StoreError io_error(std::string message) {
  return make_store_error(StoreErrorCode::kIo, std::move(message));
}

std::string metadata(uint64_t head, const Hash& hash) {
  return std::string(kMetadataTag) + " " + std::to_string(head) + " " + to_hex(hash);
}

// Reads "ticketd-backup 1 <head> <hex>" into info; false if it is not ours.
bool parse_metadata(const std::string& text, BackupInfo& info) {
  if (text.rfind(kMetadataTag, 0) != 0) return false;
  std::istringstream in(text.substr(kMetadataTag.size()));
  std::string hex;
  if (!(in >> info.head >> hex) || hex.size() != 64) return false;
  for (size_t i = 0; i < kHashBytes; ++i) {
    info.head_hash[i] = static_cast<uint8_t>(std::stoul(hex.substr(2 * i, 2), nullptr, 16));
  }
  return true;
}

BackupInfo from_rocksdb(const rocksdb::BackupInfo& r) {
  BackupInfo info;
  info.id = r.backup_id;
  info.timestamp = r.timestamp;
  info.size_bytes = r.size;
  parse_metadata(r.app_metadata, info);
  return info;
}

// A plain database with the store's column families; closes on destruction.
class Staging {
 public:
  ~Staging() {
    if (!db_) return;
    for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
    db_->Close();
  }
  rocksdb::Status open(const std::filesystem::path& dir) {
    rocksdb::DBOptions options;
    options.create_if_missing = true;
    options.create_missing_column_families = true;
    rocksdb::ColumnFamilyOptions cf;
    cf.compression = rocksdb::kLZ4Compression;
    cf.write_buffer_size = size_t{64} << 20;
    std::vector<rocksdb::ColumnFamilyDescriptor> families = {
        {rocksdb::kDefaultColumnFamilyName, cf}};
    for (const char* name : kFamilies) families.emplace_back(name, cf);
    rocksdb::DB* raw = nullptr;
    rocksdb::Status s = rocksdb::DB::Open(options, dir.string(), families, &handles_, &raw);
    db_.reset(raw);
    return s;
  }
  rocksdb::DB* db() { return db_.get(); }
  rocksdb::ColumnFamilyHandle* family(size_t i) { return handles_[i + 1]; }

 private:
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::unique_ptr<rocksdb::DB> db_;
};

// Copies every key of the five families, as of `snapshot`, into `to`.
Result<void> copy_families(const Storage& from, const rocksdb::Snapshot* snapshot, Staging& to,
                           const BackupProgress& progress) {
  rocksdb::ReadOptions read;
  read.snapshot = snapshot;
  read.fill_cache = false;
  rocksdb::WriteOptions write;
  write.disableWAL = true;  // flushed below before the backup
  rocksdb::ColumnFamilyHandle* const source[] = {from.log(), from.streams(), from.dedup(),
                                                 from.meta(), from.secrets()};
  for (size_t f = 0; f < std::size(source); ++f) {
    if (source[f] == nullptr) continue;  // a log from before the key store
    std::unique_ptr<rocksdb::Iterator> it(from.db()->NewIterator(read, source[f]));
    rocksdb::WriteBatch batch;
    uint64_t copied = 0;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      batch.Put(to.family(f), it->key(), it->value());
      ++copied;
      if (batch.GetDataSize() >= kBatchBytes) {
        if (auto s = to.db()->Write(write, &batch); !s.ok())
          return storage_error(s, "backup write");
        batch.Clear();
        if (f == 0 && progress) progress(copied);
      }
    }
    if (!it->status().ok()) return storage_error(it->status(), "backup read");
    if (auto s = to.db()->Write(write, &batch); !s.ok()) return storage_error(s, "backup write");
    if (f == 0 && progress) progress(copied);
  }
  rocksdb::FlushOptions flush;
  flush.wait = true;
  for (size_t f = 0; f < std::size(kFamilies); ++f) {
    if (auto s = to.db()->Flush(flush, to.family(f)); !s.ok())
      return storage_error(s, "backup flush");
  }
  return {};
}

}  // namespace

Result<BackupInfo> backup_storage(const Storage& storage, const std::filesystem::path& backup_dir,
                                  const BackupProgress& progress) {
  std::error_code ec;
  std::filesystem::create_directories(backup_dir, ec);
  if (ec) return io_error("cannot create " + backup_dir.string() + ": " + ec.message());
  const std::filesystem::path staging_dir =
      backup_dir.parent_path() / (".ticketd-backup-staging-" + std::to_string(::getpid()));
  std::filesystem::remove_all(staging_dir, ec);

  const rocksdb::Snapshot* snapshot = storage.db()->GetSnapshot();
  struct Release {
    const Storage& s;
    const rocksdb::Snapshot* snap;
    ~Release() { s.db()->ReleaseSnapshot(snap); }
  } release{storage, snapshot};

  // The chain head of the snapshot: what the backup will hold.
  rocksdb::ReadOptions read;
  read.snapshot = snapshot;
  std::string chain;
  BackupInfo info;
  rocksdb::Status s = storage.db()->Get(read, storage.meta(), keys::kChainKey, &chain);
  if (s.ok()) {
    if (chain.size() != 8 + kHashBytes) {
      return make_store_error(StoreErrorCode::kCorruption, "malformed chain head in meta");
    }
    info.head = keys::get_u64be(chain.data());
    std::copy(chain.begin() + 8, chain.end(), info.head_hash.begin());
  } else if (!s.IsNotFound()) {
    return storage_error(s, "backup read");
  }

  Result<BackupInfo> result = [&]() -> Result<BackupInfo> {
    Staging staging;
    if (auto opened = staging.open(staging_dir); !opened.ok())
      return storage_error(opened, "backup staging");
    if (auto copied = copy_families(storage, snapshot, staging, progress); !copied)
      return copied.error();

    rocksdb::BackupEngine* raw = nullptr;
    rocksdb::BackupEngineOptions options(backup_dir.string());
    if (auto opened = rocksdb::BackupEngine::Open(options, rocksdb::Env::Default(), &raw);
        !opened.ok()) {
      return storage_error(opened, "open backup directory " + backup_dir.string());
    }
    std::unique_ptr<rocksdb::BackupEngine> engine(raw);
    rocksdb::CreateBackupOptions create;
    create.flush_before_backup = true;
    rocksdb::BackupID id = 0;
    if (auto made = engine->CreateNewBackupWithMetadata(create, staging.db(),
                                                        metadata(info.head, info.head_hash), &id);
        !made.ok()) {
      return storage_error(made, "create backup");
    }
    if (auto checked = engine->VerifyBackup(id, /*verify_with_checksum=*/true); !checked.ok()) {
      return storage_error(checked, "verify backup " + std::to_string(id));
    }
    rocksdb::BackupInfo r;
    if (auto got = engine->GetBackupInfo(id, &r); !got.ok())
      return storage_error(got, "backup info");
    return from_rocksdb(r);
  }();
  std::filesystem::remove_all(staging_dir, ec);
  return result;
}

Result<std::vector<BackupInfo>> list_backups(const std::filesystem::path& backup_dir) {
  if (!std::filesystem::is_directory(backup_dir / "meta")) {
    return io_error(backup_dir.string() + " is not a backup directory");
  }
  rocksdb::BackupEngineReadOnly* raw = nullptr;
  rocksdb::BackupEngineOptions options(backup_dir.string());
  if (auto s = rocksdb::BackupEngineReadOnly::Open(options, rocksdb::Env::Default(), &raw);
      !s.ok()) {
    return storage_error(s, "open backup directory " + backup_dir.string());
  }
  std::unique_ptr<rocksdb::BackupEngineReadOnly> engine(raw);
  std::vector<rocksdb::BackupInfo> infos;
  engine->GetBackupInfo(&infos);
  std::vector<BackupInfo> out;
  for (const auto& r : infos) out.push_back(from_rocksdb(r));
  std::sort(out.begin(), out.end(),
            [](const BackupInfo& a, const BackupInfo& b) { return a.id < b.id; });
  return out;
}

Result<BackupInfo> restore_backup(const std::filesystem::path& backup_dir,
                                  const std::filesystem::path& target_dir,
                                  std::optional<uint32_t> id) {
  if (std::filesystem::exists(target_dir)) {
    return make_store_error(StoreErrorCode::kInvalidArgument,
                            target_dir.string() + " exists already");
  }
  auto backups = list_backups(backup_dir);
  if (!backups) return backups.error();
  if (backups->empty()) return io_error(backup_dir.string() + " holds no backup");
  const BackupInfo* chosen = &backups->back();
  if (id) {
    auto it = std::find_if(backups->begin(), backups->end(),
                           [&](const BackupInfo& b) { return b.id == *id; });
    if (it == backups->end()) {
      return make_store_error(StoreErrorCode::kInvalidArgument, "no backup " + std::to_string(*id));
    }
    chosen = &*it;
  }
  rocksdb::BackupEngineReadOnly* raw = nullptr;
  rocksdb::BackupEngineOptions options(backup_dir.string());
  if (auto s = rocksdb::BackupEngineReadOnly::Open(options, rocksdb::Env::Default(), &raw);
      !s.ok()) {
    return storage_error(s, "open backup directory " + backup_dir.string());
  }
  std::unique_ptr<rocksdb::BackupEngineReadOnly> engine(raw);
  if (auto s = engine->VerifyBackup(chosen->id, /*verify_with_checksum=*/true); !s.ok()) {
    return storage_error(s, "verify backup " + std::to_string(chosen->id));
  }
  if (auto s = engine->RestoreDBFromBackup(rocksdb::RestoreOptions(), chosen->id,
                                           target_dir.string(), target_dir.string());
      !s.ok()) {
    return storage_error(s, "restore backup " + std::to_string(chosen->id));
  }
  return *chosen;
}

}  // namespace ticketd::eventstore
