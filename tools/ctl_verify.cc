// ticketctl verify and status: the whole-store check (eventstore/verifier.h),
// the proof against a signed checkpoint (checkpoint_check.h) and the check
// of the attachments' blobs (ctl_blobs.h). Damage -- a broken chain or
// index, a checksum mismatch in a table file, a write-ahead log RocksDB
// refuses as corrupt, a log truncated or rewritten before a signed
// checkpoint, an attachment whose blob is missing or altered -- exits 1;
// only a store that cannot be read at all (no log, an I/O error) exits 3.

#include <cstdio>

#include "domain/json_writer.h"
#include "eventstore/record_codec.h"
#include "tools/checkpoint_check.h"
#include "tools/ctl_blobs.h"
#include "tools/ctl_commands.h"

namespace ticketd::tools::ctl {
namespace {

// A log RocksDB would not open because its files are damaged.
struct Unopenable {
  std::string problem;
  // The head a point-in-time recovery would keep (ticketd
  // --accept-log-loss), when one is possible.
  std::optional<std::uint64_t> recoverable_head;
};

// Opens DATA/log for verify. nullptr with `damage` set when RocksDB refuses
// it as corrupt; nullptr with `damage` unset after printing a store error.
std::unique_ptr<eventstore::EventStore> open_for_verify(const char* name,
                                                        const GlobalOptions& global, bool create,
                                                        std::optional<Unopenable>& damage) {
  eventstore::Options options;
  options.read_only = !create;
  options.create_if_missing = create;
  if (!create && !std::filesystem::exists(global.log_dir())) {
    fail(name, kStoreError,
         "no event log in " + global.data_dir + " (" + global.log_dir().string() + ")");
    return nullptr;
  }
  auto store = eventstore::EventStore::open(global.log_dir(), options);
  if (store) return std::move(*store);
  if (store.error().code != eventstore::StoreErrorCode::kCorruption) {
    fail(name, kStoreError,
         "cannot open " + global.log_dir().string() + ": " + store.error().message);
    return nullptr;
  }
  damage.emplace();
  eventstore::Options peek;
  peek.read_only = true;
  peek.create_if_missing = false;
  peek.recovery = eventstore::LogRecovery::kTruncateAtDamage;
  if (auto recovered = eventstore::EventStore::open(global.log_dir(), peek)) {
    // The two opens differ only in how they read the write-ahead log.
    damage->recoverable_head = (*recovered)->head();
    damage->problem = "the write-ahead log (" + (global.log_dir() / "*.log").string() +
                      ") has a damaged record: " + store.error().message;
  } else {
    damage->problem = "the log cannot be opened: " + store.error().message;
  }
  return nullptr;
}

int report_unopenable(const GlobalOptions& global, const Unopenable& damage,
                      const std::optional<CheckpointCheck>& check) {
  if (global.json) {
    std::string out;
    domain::JsonWriter w(out);
    w.begin_object();
    w.member("ok", false);
    w.member("intact", false);
    w.member("events", 0);
    w.member("head", nullptr);
    w.member("head_hash", nullptr);
    w.member("first_bad_position", nullptr);
    w.member("problem", damage.problem);
    w.member("recoverable_head", damage.recoverable_head);
    if (check) write_checkpoint_json(w, *check);
    w.member("attachments", nullptr);  // not checked: the log does not open
    w.end_object();
    std::printf("%s\n", out.c_str());
  } else {
    std::printf("DAMAGED: %s\n", damage.problem.c_str());
    if (damage.recoverable_head) {
      std::printf(
          "dropping it and everything after it would leave the log at position %llu "
          "(ticketd --accept-log-loss %llu); restore a backup if one holds more\n",
          static_cast<unsigned long long>(*damage.recoverable_head),
          static_cast<unsigned long long>(*damage.recoverable_head));
    } else {
      std::printf("it cannot be recovered by dropping the damaged part; restore a backup\n");
    }
  }
  return kCheckFailed;
}

int verify_and_report(const char* name, GlobalOptions& global, const Arguments& raw, bool create) {
  Args args(
      name, raw, global,
      create ? std::set<std::string>{} : std::set<std::string>{"--checkpoint", "--public-key"});
  if (!args.error().empty()) return fail(name, kUsage, args.error());
  if (!args.positional().empty())
    return fail(name, kUsage, "unexpected argument '" + args.positional().front() + "'");
  std::string usage_error;
  std::optional<CheckpointCheck> check = choose_checkpoint(global, args.value("--checkpoint"),
                                                           args.value("--public-key"), usage_error);
  if (!usage_error.empty()) return fail(name, kUsage, usage_error);

  std::optional<Unopenable> damage;
  auto store = open_for_verify(name, global, create, damage);
  if (!store && damage) {
    if (check) check->problem = "the log cannot be opened";
    return report_unopenable(global, *damage, check);
  }
  if (!store) return kStoreError;
  Progress progress(global, "verify", "events");
  auto report =
      store->verify([&](std::uint64_t done, std::uint64_t head) { progress.update(done, head); });
  if (report) progress.update(report->events, report->head);
  progress.finish();
  if (!report) return fail(name, kStoreError, report.error().message);
  if (check) {
    Progress prefix(global, "checkpoint", "events");
    if (auto done = run_checkpoint_check(*store, *report, *check, prefix); !done) {
      return fail(name, kStoreError, done.error().message);
    }
  }
  // The attachments of a log that does not read to its end go unchecked:
  // the walk above already failed it.
  std::optional<BlobReport> blobs;
  if (report->ok) {
    AttachmentRefs refs;
    Progress walk(global, "attachments", "events");
    if (auto read = collect_attachments(*store, report->head, refs, walk); !read) {
      return fail(name, kStoreError, read.error().message);
    }
    walk.finish();
    Progress reading(global, "blobs", "bytes");
    auto checked = check_blobs(refs, global.blobs_dir(), reading);
    if (!checked) return fail(name, kStoreError, checked.error().message);
    blobs = std::move(*checked);
  }
  const bool ok = report->ok && (!check || check->matches) && (!blobs || blobs->ok());
  if (global.json) {
    std::string out;
    domain::JsonWriter w(out);
    w.begin_object();
    w.member("ok", ok);
    w.member("intact", report->ok);
    w.member("events", report->events);
    w.member("head", report->head);
    w.member("head_hash", eventstore::to_hex(report->head_hash));
    w.member("first_bad_position", report->first_bad_position);
    w.member("problem", report->problem);
    if (check) write_checkpoint_json(w, *check);
    if (blobs) {
      write_blob_json(w, *blobs);
    } else {
      w.member("attachments", nullptr);
    }
    w.end_object();
    std::printf("%s\n", out.c_str());
  } else {
    if (report->ok) {
      std::printf("intact: %llu events, head %llu, hash %s\n",
                  static_cast<unsigned long long>(report->events),
                  static_cast<unsigned long long>(report->head),
                  eventstore::to_hex(report->head_hash).c_str());
    } else {
      std::printf(
          "DAMAGED at position %s: %s\n",
          report->first_bad_position ? std::to_string(*report->first_bad_position).c_str() : "?",
          report->problem.c_str());
    }
    if (check) print_checkpoint_line(*check);
    if (blobs) {
      for (const std::string& line : problem_lines(*blobs)) std::printf("%s\n", line.c_str());
      std::printf("%s\n", summary_line(*blobs).c_str());
    } else {
      std::printf("attachments: not checked (the log is damaged)\n");
    }
  }
  return ok ? kOk : kCheckFailed;
}

}  // namespace

int run_verify(GlobalOptions& global, const Arguments& args) {
  return verify_and_report("verify", global, args, /*create=*/false);
}

int run_status(GlobalOptions& global, const Arguments& args) {
  return verify_and_report("status", global, args, /*create=*/true);
}

}  // namespace ticketd::tools::ctl
