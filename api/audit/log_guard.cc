#include "api/audit/log_guard.h"

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "api/audit/head_evidence.h"
#include "api/audit/log_loss.h"
#include "domain/json_writer.h"

namespace ticketd::api {
namespace {

// What the guard found, for the refusal message.
struct Damage {
  std::string wal_damage;                       // RocksDB refused the strict open
  std::optional<std::uint64_t> surviving_head;  // where the log can continue; none if it cannot
  std::string unrecoverable;                    // why not, when not
  std::vector<std::string> findings;            // contradictions with the evidence
  std::uint64_t highest_known = 0;
  std::vector<std::string> notes;
};

void print_refusal(const std::filesystem::path& data_dir, const Damage& d,
                   std::optional<std::uint64_t> accept_loss_at, std::ostream& err) {
  const std::string data = data_dir.string();
  const bool lost = !d.wal_damage.empty() || !d.unrecoverable.empty() ||
                    (d.surviving_head && d.highest_known > *d.surviving_head);
  err << "ticketd: refusing to start: the event log in " << (data_dir / "log").string()
      << (lost ? " has lost acknowledged events" : " does not match what was recorded of it")
      << ".\n"
      << "ticketd: found:\n";
  if (!d.wal_damage.empty() && d.surviving_head) {
    // The strict and the point-in-time open differ only in how they read
    // the write-ahead log, so the damage is there.
    err << "  - its write-ahead log (" << (data_dir / "log").string()
        << "/*.log) has a damaged record: " << d.wal_damage << "\n"
        << "  - replaying it up to the damage would leave the log at position " << *d.surviving_head
        << "\n";
  } else if (!d.wal_damage.empty()) {
    err << "  - RocksDB refuses to open it as corrupt: " << d.wal_damage << "\n"
        << "  - nor can it be recovered by dropping a damaged tail: " << d.unrecoverable << "\n";
  }
  for (const std::string& f : d.findings) err << "  - " << f << "\n";
  if (lost && d.surviving_head && d.highest_known > *d.surviving_head) {
    err << "  so at least " << d.highest_known - *d.surviving_head
        << " acknowledged events (positions " << *d.surviving_head + 1 << ".." << d.highest_known
        << ") are missing.\n";
  }
  for (const std::string& n : d.notes) err << "  (not used as evidence: " << n << ")\n";
  if (accept_loss_at && d.surviving_head) {
    err << "ticketd: --accept-log-loss " << *accept_loss_at
        << " does not match: the log would continue from position " << *d.surviving_head << ".\n";
  }
  err << "ticketd: it served nothing and dropped nothing. To restore from a backup (README, \"When "
         "the log is damaged\"):\n"
      << "  1. stop here and keep a copy of " << data << " as it is;\n"
      << "  2. ticketctl backups BACKUP_DIR      lists the backups with their head positions;\n"
      << "  3. move " << (data_dir / "log").string() << " aside, then\n"
      << "     ticketctl --data " << data << " restore BACKUP_DIR [--backup-id N]\n"
      << "  4. start ticketd; if it finds the restored log behind the evidence above, start it "
         "once with\n"
      << "     --accept-log-loss <the head it names> to accept that what came after the backup is "
         "gone.\n";
  if (d.surviving_head) {
    err << "ticketd: or keep only what survives here: start once with --accept-log-loss "
        << *d.surviving_head << "\n  (the log continues after position " << *d.surviving_head
        << " and records the loss; the views are rebuilt; the signed\n  checkpoints it contradicts "
           "move to "
        << (data_dir / "checkpoints").string() << "/lost-at-" << *d.surviving_head << "/).\n";
  }
  std::string line;
  domain::JsonWriter w(line);
  w.begin_object();
  w.member("time", std::chrono::time_point_cast<domain::Millis>(std::chrono::system_clock::now()));
  w.member("log_damage", "refused");
  w.member("surviving_head", d.surviving_head);
  w.member("highest_known_position", d.highest_known);
  w.member("write_ahead_log_damage", d.wal_damage);
  w.key("findings");
  w.begin_array();
  for (const std::string& f : d.findings) w.value(f);
  w.end_array();
  w.end_object();
  err << line << std::endl;
}

eventstore::Options with_recovery(eventstore::Options options, eventstore::LogRecovery recovery,
                                  bool read_only) {
  options.recovery = recovery;
  options.read_only = read_only;
  if (read_only) options.create_if_missing = false;
  return options;
}

}  // namespace

void throw_exception_from_error(const LogRefusal& e, const boost::source_location& loc) {
  throw std::logic_error("unchecked log refusal (exit " + std::to_string(e.exit_code) + ") at " +
                         loc.file_name() + ":" + std::to_string(loc.line()));
}

CheckedLog open_checked_log(const std::filesystem::path& data_dir, eventstore::Options options,
                            std::optional<std::uint64_t> accept_loss_at, std::ostream& err) {
  using eventstore::LogRecovery;
  const std::filesystem::path dir = data_dir / "log";
  auto store =
      eventstore::EventStore::open(dir, with_recovery(options, LogRecovery::kStrict, false));
  if (!store && store.error().code != eventstore::StoreErrorCode::kCorruption) {
    err << "ticketd: cannot open the event log: " << store.error().message << std::endl;
    return LogRefusal{1};
  }

  Damage damage;
  const HeadEvidence evidence = gather_head_evidence(data_dir);
  damage.highest_known = evidence.highest();
  damage.notes = evidence.notes;
  if (store) {
    damage.findings = contradictions(**store, evidence);
    if (damage.findings.empty()) {
      // Say what could not serve as evidence (a checkpoint whose signature
      // fails is worth a look), without refusing over it.
      for (const std::string& n : evidence.notes) {
        err << "ticketd: not used as evidence of the log's head: " << n << "\n";
      }
      if (accept_loss_at) {
        err << "ticketd: --accept-log-loss: nothing to accept, the log (head " << (*store)->head()
            << ") agrees with every record of how far it reached" << std::endl;
      }
      return std::move(*store);
    }
    damage.surviving_head = (*store)->head();
  } else {
    damage.wal_damage = store.error().message;
    // What a point-in-time recovery would keep; a read-only open changes nothing.
    auto peek = eventstore::EventStore::open(
        dir, with_recovery(options, LogRecovery::kTruncateAtDamage, true));
    if (peek) {
      damage.surviving_head = (*peek)->head();
      damage.findings = contradictions(**peek, evidence);
    } else {
      damage.unrecoverable = peek.error().message;
    }
  }

  if (!accept_loss_at || !damage.surviving_head || *accept_loss_at != *damage.surviving_head) {
    print_refusal(data_dir, damage, accept_loss_at, err);
    return LogRefusal{kExitLogDamaged};
  }
  if (!store) {
    store = eventstore::EventStore::open(
        dir, with_recovery(options, LogRecovery::kTruncateAtDamage, false));
    if (!store) {
      err << "ticketd: cannot recover the event log: " << store.error().message << std::endl;
      return LogRefusal{1};
    }
    if ((*store)->head() != *damage.surviving_head) {
      // Not expected (both opens replay the same files); the next start
      // compares the recovered log with the evidence afresh.
      err << "ticketd: the recovered log ends at position " << (*store)->head() << ", not at "
          << *damage.surviving_head << " as the read-only recovery said; start again to see "
          << "what it finds" << std::endl;
      return LogRefusal{kExitLogDamaged};
    }
  }
  LogLoss loss;
  loss.surviving_head = *damage.surviving_head;
  loss.highest_known_position = damage.highest_known;
  loss.wal_damage = damage.wal_damage;
  loss.findings = damage.findings;
  if (auto accepted = accept_log_loss(**store, data_dir, loss, err); !accepted) {
    err << "ticketd: " << accepted.error().message << std::endl;
    return LogRefusal{1};
  }
  return std::move(*store);
}

}  // namespace ticketd::api
