// ticketctl: the operator's, auditor's and analyst's command line over a
// ticketd data directory. Each subcommand is one entry of kCommands; exit
// codes: 0 success, 1 the check failed (e.g. verify found damage), 2 usage,
// 3 the store could not be opened, read or written.

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "tools/ctl_commands.h"

namespace {

using namespace ticketd::tools::ctl;

struct Command {
  std::string_view name;
  std::string_view usage;
  std::string_view summary;
  int (*run)(GlobalOptions&, const Arguments&);
};

constexpr Command kCommands[] = {
    {"history", "history TICKET [--as-of TIME | --at-position P]",
     "A ticket's events (position, time, actor, version, type and a readable line each) up to an\n"
     "instant or a log position, then its state folded from exactly those events. TICKET is an id\n"
     "or a key (acme-42). TIME is RFC 3339; events at TIME are included. With --json: the same\n"
     "{ticket, events} as GET /admin/v1/tickets/{id}/history?as_of=. Exit 1 for an unknown "
     "ticket.\n"
     "Reads a read-only view: works while ticketd runs.",
     run_history},
    {"verify", "verify [--checkpoint FILE] [--public-key FILE]",
     "Walk the whole log: hash chain, stream index, dedup index; print the head position and "
     "hash.\n"
     "Then check it against a signed checkpoint: FILE, or else the newest in DATA/checkpoints (if\n"
     "any): its Ed25519 signature (key: --public-key, default "
     "DATA/keys/checkpoint-ed25519.pub.pem;\n"
     "without one only the default checkpoint's signature goes unchecked, and says so) and that "
     "the\n"
     "log reaches its position and hashes there to the signed hash. Then the attachments:\n"
     "each blob an event names must be in DATA/blobs with the content its sha256 and size\n"
     "say (each blob is read once; a line per attachment whose blob is missing or altered).\n"
     "Works while ticketd runs.\n"
     "Exit codes: 0 intact (and matching the checkpoint); 1 damage, with the first bad position\n"
     "where there is one: an edited, missing or reordered record, index entries that do not "
     "match,\n"
     "a table file whose checksum fails (named, with the offset), a write-ahead log RocksDB "
     "refuses\n"
     "as corrupt (then also the head ticketd --accept-log-loss would keep), a log that ends "
     "before\n"
     "the checkpoint (truncated: acknowledged events lost) or hashes differently there "
     "(rewritten),\n"
     "a bad signature, an attachment's blob missing or altered; 2 usage (also a --checkpoint\n"
     "or --public-key file that cannot be read); 3 the\n"
     "store cannot be read at all (no log in DATA, an I/O error).",
     run_verify},
    {"status", "status",
     "Open the store (creating an empty one if the directory has none), then report and verify "
     "it as verify does.",
     run_status},
    {"rebuild", "rebuild [--projection NAME]",
     "Rebuild the read models (queue, tenant, metrics; or only NAME) from position 0 into\n"
     "DATA/projections, with progress. Offline: ticketd must not be running on DATA.",
     run_rebuild},
    {"export",
     "export [--from P|TIME] [--to P|TIME] [--tenant T] [--type TYPE[,TYPE...]] "
     "[--format jsonl|csv] [--out FILE] [--blobs DIR]",
     "Write the log for analysts and auditors, in log order: JSONL (one API.md envelope per line,\n"
     "plus correlation_id and schema_version) or CSV (a header, then one row per event with data\n"
     "as a JSON string). --from is inclusive, --to exclusive; a number is a log position, "
     "anything\n"
     "else an RFC 3339 instant or a date. An admin export: internal notes are included. Standard\n"
     "output unless --out. Events name their attachments but do not hold their bytes:\n"
     "--blobs DIR also copies the blobs the exported events name into DIR (laid out as\n"
     "DATA/blobs; exit 1, after writing the rest, when one is missing or altered in\n"
     "DATA/blobs). Works while ticketd runs.",
     run_export},
    {"import", "import FILE|- [--blobs DIR]",
     "Append a JSONL export to DATA/log, which must be empty or end where the export starts.\n"
     "Every record is rebuilt byte for byte: the import fails unless each position and the final\n"
     "chain hash equal the exported ones. Filtered exports (with gaps) are refused. Offline: "
     "ticketd\n"
     "must not be running. Start ticketd or run `ticketctl rebuild` afterwards for the views.\n"
     "--blobs DIR (an export's --blobs DIR; not with -) first copies the blobs the events'\n"
     "attachments name from DIR into DATA/blobs, checking each against its sha256 and size;\n"
     "one missing or altered (and not already in DATA/blobs) refuses the import with exit 1,\n"
     "nothing appended. Without it, events with attachments are imported with a warning that\n"
     "their blobs were not carried.",
     run_import},
    {"token",
     "token create --role ROLE [--tenant T] [--scope A,B] --user ID [--email E] [--name N]",
     "Issue an API token (roles customer, customer_admin, agent, tenant_admin, admin; customer\n"
     "roles need --tenant; --scope limits staff to those tenants, and tenant_admin needs it).\n"
     "Prints the token (shown once); --json prints {id, token}. Offline, for "
     "bootstrap:\n"
     "ticketd must not be running on DATA (RocksDB locks the log); while it runs use\n"
     "POST /admin/v1/tokens.",
     run_token},
    {"demo", "demo [--tenants N] [--tickets M] [--seed S] [--start TIME]",
     "Generate a realistic synthetic history: M tickets in total (default 100) over N tenants\n"
     "(default 5, created if missing) with replies, notes, reassignments, escalations, SLA "
     "breaches,\n"
     "merges and follow-ups, in simulated time from TIME (default 2026-01-05T00:00:00Z; a\n"
     "running ticketd's SLA engine acts on what is overdue by its clock). Offline: ticketd must\n"
     "not be running.",
     run_demo},
    {"backup", "backup DIR",
     "Add a backup of the log (one consistent snapshot) to DIR, a RocksDB BackupEngine directory;\n"
     "earlier backups stay. Checksums are verified after writing. The blobs that log's\n"
     "attachments name are copied into DIR/blobs (named by hash, so one already there is\n"
     "skipped), each checked against its sha256 on the way; exit 1 when one is missing or\n"
     "altered in DATA/blobs (the log's backup is kept). Works while ticketd runs.",
     run_backup},
    {"backups", "backups DIR",
     "List the backups in DIR, oldest first: id, when taken, the head position and hash each\n"
     "holds (what restore will check), and size. Works while ticketd runs.",
     run_backups},
    {"restore", "restore DIR [--backup-id N] [--allow-missing-blobs]",
     "Restore the latest (or the given) backup from DIR into DATA/log, which must not exist, "
     "verify\n"
     "the restored log (chain, indexes, and the head hash the backup recorded), copy the\n"
     "blobs its attachments name from DIR/blobs into DATA/blobs (each checked against its\n"
     "sha256; one already in DATA/blobs is kept) and drop DATA/projections so the views are\n"
     "rebuilt. A blob missing or altered in both places refuses the restore (exit 1) unless\n"
     "--allow-missing-blobs. Offline: ticketd must not be running.",
     run_restore},
};

void print_help() {
  std::printf(
      "usage: ticketctl [--data DIR] [--json] [--progress] COMMAND [ARGS...]\n\n"
      "  --data DIR   the ticketd data directory (default ./data; the log is DIR/log)\n"
      "  --json       machine-readable output\n"
      "  --progress   draw progress bars even when stderr is not a terminal\n\n"
      "commands (ticketctl COMMAND --help for details):\n");
  for (const auto& command : kCommands) {
    std::printf("  %.*s\n", static_cast<int>(command.usage.size()), command.usage.data());
  }
  std::printf(
      "\nexit codes: 0 ok, 1 check failed (damage found, unknown ticket), 2 usage, 3 store error\n"
      "(the store cannot be opened, read or written)\n");
}

}  // namespace

int main(int argc, char** argv) {
  GlobalOptions global;
  int i = 1;
  for (; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--data" && i + 1 < argc) {
      global.data_dir = argv[++i];
    } else if (arg == "--json") {
      global.json = true;
    } else if (arg == "--progress") {
      global.progress = true;
    } else if (arg == "--help" || arg == "-h") {
      print_help();
      return kOk;
    } else if (!arg.empty() && arg[0] == '-') {
      std::fprintf(stderr, "ticketctl: unknown option '%s' (see --help)\n", argv[i]);
      return kUsage;
    } else {
      break;
    }
  }
  if (i >= argc) {
    print_help();
    return kUsage;
  }
  const std::string_view name = argv[i];
  Arguments args(argv + i + 1, argv + argc);
  for (const auto& command : kCommands) {
    if (command.name != name) continue;
    for (const auto& a : args) {
      if (a == "--help" || a == "-h") {
        std::printf("usage: ticketctl [--data DIR] [--json] [--progress] %.*s\n\n%.*s\n",
                    static_cast<int>(command.usage.size()), command.usage.data(),
                    static_cast<int>(command.summary.size()), command.summary.data());
        return kOk;
      }
    }
    return command.run(global, args);
  }
  std::fprintf(stderr, "ticketctl: unknown command '%s' (see --help)\n", argv[i]);
  return kUsage;
}
