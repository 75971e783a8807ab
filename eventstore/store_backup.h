#pragma once
// Backups of a store with RocksDB's BackupEngine (`ticketctl backup` and
// `restore`). A backup is taken from one snapshot of the store -- so it is
// consistent while a server keeps appending, including from a read-only
// store opened by another process -- by copying every key of the four
// column families into a staging database beside the backup directory and
// handing that to BackupEngine, which keeps numbered, checksummed backups
// (earlier ones stay). Each backup's application metadata records the chain
// head it holds ("ticketd-backup 1 <head position> <head hash hex>"), so a
// restore can prove it got exactly that log back.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "eventstore/envelope.h"
#include "eventstore/store_error.h"

namespace ticketd::eventstore {

class Storage;

struct BackupInfo {
  uint32_t id = 0;          // BackupEngine's backup id, 1, 2, 3 ...
  int64_t timestamp = 0;    // Unix seconds when it was taken
  uint64_t size_bytes = 0;  // files of this backup (shared ones included)
  uint64_t head = 0;        // chain head position it holds
  Hash head_hash{};         // and its hash
};

// Called now and then with the number of log records copied so far.
using BackupProgress = std::function<void(uint64_t records)>;

// Creates a new backup of `storage` in `backup_dir` (created if missing) and
// verifies its checksums. Errors: kIo (RocksDB or the file system failed),
// kCorruption (the store's chain head is malformed).
Result<BackupInfo> backup_storage(const Storage& storage, const std::filesystem::path& backup_dir,
                                  const BackupProgress& progress);

// The backups in `backup_dir`, oldest first. kIo when it is not a backup
// directory.
Result<std::vector<BackupInfo>> list_backups(const std::filesystem::path& backup_dir);

// Verifies backup `id` (latest when nullopt) against its checksums and
// restores it into `target_dir`, which must not exist yet. Returns its info;
// the caller opens and verify()s the restored store.
Result<BackupInfo> restore_backup(const std::filesystem::path& backup_dir,
                                  const std::filesystem::path& target_dir,
                                  std::optional<uint32_t> id);

}  // namespace ticketd::eventstore
