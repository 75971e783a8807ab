// ticketctl backup, backups and restore (eventstore/store_backup.h):
// consistent backups of the log with RocksDB's BackupEngine, a listing of
// them, and restores that are verified -- chain, indexes, and the head the
// backup recorded -- before they replace anything. The blobs the log's
// attachments name travel beside it in DIR/blobs (ctl_blobs.h), one copy
// for all the backups in DIR, checked against their hashes both ways.

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "domain/json_writer.h"
#include "domain/time_format.h"
#include "tools/ctl_blobs.h"
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
                const std::string& where, double seconds, const BlobReport& blobs) {
  if (global.json) {
    std::string out;
    domain::JsonWriter w(out);
    w.begin_object();
    write_info_members(w, info);
    w.member("path", where);
    w.member("seconds", seconds);
    w.key("blobs");
    w.begin_object();
    w.member("referenced", blobs.blobs);
    w.member("copied", blobs.copied);
    w.member("missing", blobs.missing);
    w.member("damaged", blobs.damaged);
    w.end_object();
    w.end_object();
    std::printf("%s\n", out.c_str());
  } else {
    std::printf("%s backup %u (head %llu, hash %s, %llu bytes) %s %s in %.2f s\n", verb, info.id,
                static_cast<unsigned long long>(info.head),
                eventstore::to_hex(info.head_hash).c_str(),
                static_cast<unsigned long long>(info.size_bytes), verb[0] == 'w' ? "to" : "into",
                where.c_str(), seconds);
    std::printf("blobs: %llu referenced, %llu copied, %llu already there\n",
                static_cast<unsigned long long>(blobs.blobs),
                static_cast<unsigned long long>(blobs.copied),
                static_cast<unsigned long long>(blobs.blobs - blobs.copied - blobs.missing -
                                                blobs.damaged));
  }
}

// Copies the blobs the log of `store` names (up to `head`) from the blob
// directory `from` into `to_root`.
eventstore::Result<BlobReport> carry_log_blobs(const GlobalOptions& global,
                                               const eventstore::EventStore& store,
                                               std::uint64_t head,
                                               const std::filesystem::path& from,
                                               const std::filesystem::path& to_root) {
  AttachmentRefs refs;
  Progress walk(global, "attachments", "events");
  if (auto read = collect_attachments(store, head, refs, walk); !read) return read.error();
  walk.finish();
  auto to = eventstore::BlobStore::open(to_root);
  if (!to) return to.error();
  Progress copying(global, "blobs", "bytes");
  return carry_blobs(refs, from, **to, copying);
}

void print_problems(const char* name, const BlobReport& blobs) {
  for (const std::string& line : problem_lines(blobs)) {
    std::fprintf(stderr, "ticketctl %s: %s\n", name, line.c_str());
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
  // Only the blobs this backup's log names: uploads not yet on a message
  // are not needed to restore it.
  auto blobs = carry_log_blobs(global, *store, info->head, global.blobs_dir(), dir / "blobs");
  if (!blobs) return fail(kName, kStoreError, "copying the blobs: " + blobs.error().message);
  print_info(global, "wrote", *info, dir.string(), progress.elapsed(), *blobs);
  if (!blobs->ok()) {
    print_problems(kName, *blobs);
    return fail(kName, kCheckFailed,
                "the log is backed up, but " + summary_line(*blobs) + " in " +
                    global.blobs_dir().string() + " (run ticketctl verify)");
  }
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
  Args args(kName, raw, global, {"--backup-id"}, {"--allow-missing-blobs"});
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

  // Verify the restored log, and bring the blobs it names, before it
  // replaces anything.
  std::string problem;
  std::optional<BlobReport> blobs;
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
    progress.finish();
    if (problem.empty()) {
      auto carried = carry_log_blobs(global, **store, report->head,
                                     std::filesystem::path(args.positional().front()) / "blobs",
                                     global.blobs_dir());
      if (!carried)
        return fail(kName, kStoreError, "copying the blobs: " + carried.error().message);
      blobs = std::move(*carried);
    }
  }
  progress.finish();
  if (blobs && !blobs->ok()) {
    print_problems(kName, *blobs);
    if (!args.has("--allow-missing-blobs")) {
      // Blobs already in DATA/blobs stay; those copied for this restore go.
      if (auto to = eventstore::BlobStore::open(global.blobs_dir())) remove_written(*blobs, **to);
      problem = summary_line(*blobs) + " in the backup and " + global.blobs_dir().string() +
                " (--allow-missing-blobs restores the log without them)";
    }
  }
  if (!problem.empty()) {
    std::filesystem::remove_all(staging, ec);
    return fail(kName, kCheckFailed, problem);
  }
  std::filesystem::rename(staging, target, ec);
  if (ec)
    return fail(kName, kStoreError, "cannot move the restored log into place: " + ec.message());
  // The views belong to the log that was replaced; ticketd rebuilds them.
  std::filesystem::remove_all(global.projections_dir(), ec);
  print_info(global, "restored", *info, target.string(), progress.elapsed(), *blobs);
  return kOk;
}

}  // namespace ticketd::tools::ctl
