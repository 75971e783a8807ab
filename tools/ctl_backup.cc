// ticketctl backup, backups and restore (eventstore/store_backup.h):
// consistent backups of the log with RocksDB's BackupEngine, a listing of
// them, and restores that are verified -- chain, indexes, and the head the
// backup recorded -- before they replace anything.

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "domain/json_writer.h"
#include "domain/time_format.h"
#include "tools/ctl_commands.h"

namespace ticketd::tools::ctl {
namespace {

void write_info_members(domain::JsonWriter& w, const eventstore::BackupInfo& info) {
  w.member("backup_id", info.id);
  w.member("head", info.head);
  w.member("head_hash", eventstore::to_hex(info.head_hash));
  w.member("size_bytes", info.size_bytes);
  w.member("timestamp", info.timestamp);
}

void print_info(const GlobalOptions& global, const char* verb, const eventstore::BackupInfo& info,
                const std::string& where, double seconds) {
  if (global.json) {
    std::string out;
    domain::JsonWriter w(out);
    w.begin_object();
    write_info_members(w, info);
    w.member("path", where);
    w.member("seconds", seconds);
    w.end_object();
    std::printf("%s\n", out.c_str());
  } else {
    std::printf("%s backup %u (head %llu, hash %s, %llu bytes) %s %s in %.2f s\n", verb, info.id,
                static_cast<unsigned long long>(info.head),
                eventstore::to_hex(info.head_hash).c_str(),
                static_cast<unsigned long long>(info.size_bytes), verb[0] == 'w' ? "to" : "into",
                where.c_str(), seconds);
  }
}

}  // namespace

int run_backup(GlobalOptions& global, const Arguments& raw) {
  constexpr const char* kName = "backup";
  Args args(kName, raw, global, {});
  if (!args.error().empty()) return fail(kName, kUsage, args.error());
  if (args.positional().size() != 1) return fail(kName, kUsage, "wants one DIR");
  const std::filesystem::path dir = args.positional().front();
  // Read-only: no lock, so this works beside a running ticketd; the backup
  // holds the log as of this open.
  auto store = open_log(kName, global, /*read_only=*/true);
  if (!store) return kStoreError;
  Progress progress(global, "backup", "events");
  const std::uint64_t head = store->head();
  auto info = store->backup(dir, [&](std::uint64_t records) { progress.update(records, head); });
  progress.finish();
  if (!info) return fail(kName, kStoreError, info.error().message);
  print_info(global, "wrote", *info, dir.string(), progress.elapsed());
  return kOk;
}

int run_backups(GlobalOptions& global, const Arguments& raw) {
  constexpr const char* kName = "backups";
  Args args(kName, raw, global, {});
  if (!args.error().empty()) return fail(kName, kUsage, args.error());
  if (args.positional().size() != 1) return fail(kName, kUsage, "wants one DIR");
  const std::filesystem::path dir = args.positional().front();
  if (!std::filesystem::is_directory(dir))
    return fail(kName, kUsage, dir.string() + " is not a directory");
  auto backups = eventstore::list_backups(dir);
  if (!backups) return fail(kName, kStoreError, backups.error().message);
  if (global.json) {
    std::string out;
    domain::JsonWriter w(out);
    w.begin_array();
    for (const eventstore::BackupInfo& info : *backups) {
      w.begin_object();
      write_info_members(w, info);
      w.member("taken_at", domain::Instant(std::chrono::seconds(info.timestamp)));
      w.end_object();
    }
    w.end_array();
    std::printf("%s\n", out.c_str());
    return kOk;
  }
  if (backups->empty()) std::printf("no backups in %s\n", dir.string().c_str());
  for (const eventstore::BackupInfo& info : *backups) {
    std::printf(
        "backup %u  taken %s  head %llu  hash %s  %llu bytes\n", info.id,
        domain::format_instant(domain::Instant(std::chrono::seconds(info.timestamp))).c_str(),
        static_cast<unsigned long long>(info.head), eventstore::to_hex(info.head_hash).c_str(),
        static_cast<unsigned long long>(info.size_bytes));
  }
  return kOk;
}

int run_restore(GlobalOptions& global, const Arguments& raw) {
  constexpr const char* kName = "restore";
  Args args(kName, raw, global, {"--backup-id"});
  if (!args.error().empty()) return fail(kName, kUsage, args.error());
  if (args.positional().size() != 1) return fail(kName, kUsage, "wants one DIR");
  std::optional<std::uint32_t> id;
  if (auto text = args.value("--backup-id")) {
    auto n = parse_u64(*text);
    if (!n || *n == 0 || *n > UINT32_MAX)
      return fail(kName, kUsage, "--backup-id wants a backup number");
    id = static_cast<std::uint32_t>(*n);
  }
  const std::filesystem::path target = global.log_dir();
  if (std::filesystem::exists(target)) {
    return fail(kName, kUsage,
                target.string() +
                    " exists; restore into a data directory without a log (move it away first)");
  }
  std::error_code ec;
  std::filesystem::create_directories(target.parent_path(), ec);
  const std::filesystem::path staging = target.string() + ".restoring";
  std::filesystem::remove_all(staging, ec);
  Progress progress(global, "restore", "events");
  auto info = eventstore::restore_backup(args.positional().front(), staging, id);
  if (!info) {
    std::filesystem::remove_all(staging, ec);
    return fail(
        kName,
        info.error().code == eventstore::StoreErrorCode::kInvalidArgument ? kUsage : kStoreError,
        info.error().message);
  }

  // Verify the restored log before it replaces anything.
  std::string problem;
  {
    eventstore::Options options;
    options.read_only = true;
    options.create_if_missing = false;
    auto store = eventstore::EventStore::open(staging, options);
    if (!store)
      return fail(kName, kStoreError, "the restored log does not open: " + store.error().message);
    auto report = (*store)->verify(
        [&](std::uint64_t done, std::uint64_t head) { progress.update(done, head); });
    if (!report) return fail(kName, kStoreError, report.error().message);
    if (!report->ok) {
      problem = "the restored log is damaged: " + report->problem;
    } else if (report->head != info->head || report->head_hash != info->head_hash) {
      problem = "the restored log ends at " + std::to_string(report->head) + " (" +
                eventstore::to_hex(report->head_hash) + "), the backup recorded " +
                std::to_string(info->head) + " (" + eventstore::to_hex(info->head_hash) + ")";
    }
  }
  progress.finish();
  if (!problem.empty()) {
    std::filesystem::remove_all(staging, ec);
    return fail(kName, kCheckFailed, problem);
  }
  std::filesystem::rename(staging, target, ec);
  if (ec)
    return fail(kName, kStoreError, "cannot move the restored log into place: " + ec.message());
  // The views belong to the log that was replaced; ticketd rebuilds them.
  std::filesystem::remove_all(global.projections_dir(), ec);
  print_info(global, "restored", *info, target.string(), progress.elapsed());
  return kOk;
}

}  // namespace ticketd::tools::ctl
