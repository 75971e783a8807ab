// ticketctl: the operator's, auditor's and analyst's command line over a
// ticketd data directory. Each subcommand is one entry of kCommands; exit
// codes: 0 success, 1 the check failed (e.g. verify found damage), 2 usage,
// 3 the store could not be opened or read.

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "domain/json_writer.h"
#include "eventstore/event_store.h"

namespace {

using ticketd::eventstore::EventStore;

constexpr int kOk = 0;
constexpr int kCheckFailed = 1;
constexpr int kUsage = 2;
constexpr int kStoreError = 3;

struct GlobalOptions {
  std::string data_dir = "./data";
  bool json = false;
};

// Verifies the store at `global.data_dir` and prints the report. `create`
// opens it for writing, creating an empty store when there is none.
int verify_and_report(const char* name, const GlobalOptions& global,
                      const std::vector<std::string>& args, bool create) {
  if (!args.empty()) {
    std::fprintf(stderr, "%s: unexpected argument '%s'\n", name, args.front().c_str());
    return kUsage;
  }
  ticketd::eventstore::Options options;
  options.read_only = !create;
  options.create_if_missing = create;
  auto store = EventStore::open(std::filesystem::path(global.data_dir) / "log", options);
  if (!store) {
    std::fprintf(stderr, "%s: cannot open %s: %s\n", name, global.data_dir.c_str(),
                 store.error().message.c_str());
    return kStoreError;
  }
  auto report = (*store)->verify();
  if (!report) {
    std::fprintf(stderr, "%s: %s\n", name, report.error().message.c_str());
    return kStoreError;
  }
  if (global.json) {
    std::string out;
    ticketd::domain::JsonWriter w(out);
    w.begin_object();
    w.member("ok", report->ok);
    w.member("events", report->events);
    w.member("head", report->head);
    w.member("head_hash", ticketd::eventstore::to_hex(report->head_hash));
    w.key("first_bad_position");
    if (report->first_bad_position) {
      w.value(*report->first_bad_position);
    } else {
      w.value(nullptr);
    }
    w.member("problem", report->problem);
    w.end_object();
    std::printf("%s\n", out.c_str());
  } else if (report->ok) {
    std::printf("intact: %llu events, head %llu, hash %s\n",
                static_cast<unsigned long long>(report->events),
                static_cast<unsigned long long>(report->head), ticketd::eventstore::to_hex(report->head_hash).c_str());
  } else {
    std::printf("DAMAGED at position %s: %s\n",
                report->first_bad_position ? std::to_string(*report->first_bad_position).c_str()
                                           : "?",
                report->problem.c_str());
  }
  return report->ok ? kOk : kCheckFailed;
}

int run_verify(const GlobalOptions& global, const std::vector<std::string>& args) {
  return verify_and_report("verify", global, args, /*create=*/false);
}

int run_status(const GlobalOptions& global, const std::vector<std::string>& args) {
  return verify_and_report("status", global, args, /*create=*/true);
}

struct Command {
  std::string_view name;
  std::string_view usage;
  std::string_view summary;
  int (*run)(const GlobalOptions&, const std::vector<std::string>&);
};

constexpr Command kCommands[] = {
    {"verify", "verify",
     "Walk the whole log: hash chain, stream index, dedup index. Exit 0 when intact, 1 with the "
     "first bad position when not.",
     run_verify},
    {"status", "status",
     "Open the store (creating an empty one if the directory has none), then report and verify "
     "it as verify does.",
     run_status},
};

void print_help() {
  std::printf(
      "usage: ticketctl [--data DIR] [--json] COMMAND [ARGS...]\n\n"
      "  --data DIR   the ticketd data directory (default ./data)\n"
      "  --json       machine-readable output\n\n"
      "commands:\n");
  for (const auto& command : kCommands) {
    std::printf("  %-10s %.*s\n", std::string(command.name).c_str(),
                static_cast<int>(command.summary.size()), command.summary.data());
  }
  std::printf("\nexit codes: 0 ok, 1 check failed, 2 usage, 3 store error\n");
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
  std::vector<std::string> args(argv + i + 1, argv + argc);
  for (const auto& command : kCommands) {
    if (command.name != name) continue;
    if (!args.empty() && (args.front() == "--help" || args.front() == "-h")) {
      std::printf("usage: ticketctl [--data DIR] [--json] %.*s\n\n%.*s\n",
                  static_cast<int>(command.usage.size()), command.usage.data(),
                  static_cast<int>(command.summary.size()), command.summary.data());
      return kOk;
    }
    return command.run(global, args);
  }
  std::fprintf(stderr, "ticketctl: unknown command '%s' (see --help)\n", argv[i]);
  return kUsage;
}
