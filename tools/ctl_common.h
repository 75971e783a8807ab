#pragma once
// What every ticketctl subcommand shares: the global options, exit codes,
// argument parsing, opening the store, and the progress bar.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "eventstore/event_store.h"

namespace ticketd::tools::ctl {

// Exit codes scripts rely on.
inline constexpr int kOk = 0;
inline constexpr int kCheckFailed = 1;  // verify found damage, a ticket is unknown, ...
inline constexpr int kUsage = 2;
inline constexpr int kStoreError = 3;  // the store could not be opened, read or written

struct GlobalOptions {
  std::string data_dir = "./data";
  bool json = false;
  bool progress = false;  // --progress: draw the bar even when stderr is not a TTY
  std::filesystem::path log_dir() const { return std::filesystem::path(data_dir) / "log"; }
  std::filesystem::path projections_dir() const {
    return std::filesystem::path(data_dir) / "projections";
  }
  // The attachments' blob store (eventstore/blob_store.h).
  std::filesystem::path blobs_dir() const { return std::filesystem::path(data_dir) / "blobs"; }
};

// A subcommand's arguments: `--flag VALUE` for the flags in `valued`,
// `--flag` for those in `booleans`, the rest positional. The global flags
// (--data DIR, --json, --progress) are accepted anywhere and update `global`.
class Args {
 public:
  Args(std::string_view command, const std::vector<std::string>& args, GlobalOptions& global,
       std::set<std::string> valued, std::set<std::string> booleans = {});

  // Empty when the arguments parse; else the message (print and exit kUsage).
  const std::string& error() const { return error_; }
  std::optional<std::string> value(const std::string& flag) const;
  bool has(const std::string& flag) const { return values_.count(flag) != 0; }
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::string error_;
  std::map<std::string, std::string> values_;
  std::vector<std::string> positional_;
};

// Prints "ticketctl COMMAND: MESSAGE" on stderr and returns `code`.
int fail(std::string_view command, int code, const std::string& message);

// Opens DATA/log. Read-only opens take no lock, so they work beside a
// running server (seeing the log as of the open); writable ones fail while
// the server runs. nullptr after printing the error.
std::unique_ptr<eventstore::EventStore> open_log(std::string_view command,
                                                 const GlobalOptions& global, bool read_only,
                                                 bool create = false);

// Parses a non-negative integer; nullopt when `text` is not one.
std::optional<std::uint64_t> parse_u64(std::string_view text);

// A progress bar on stderr -- done/total, percentage, rate and ETA --
// redrawn at most ten times a second; silent unless stderr is a TTY or
// --progress was given. finish() ends the line.
class Progress {
 public:
  Progress(const GlobalOptions& global, std::string label, std::string unit);
  ~Progress() { finish(); }
  void update(std::uint64_t done, std::uint64_t total);
  void finish();
  // Seconds since construction.
  double elapsed() const;

 private:
  void draw(std::uint64_t done, std::uint64_t total);
  bool enabled_;
  bool drawn_ = false;
  std::string label_;
  std::string unit_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_{};
  std::uint64_t done_ = 0;
  std::uint64_t total_ = 0;
};

}  // namespace ticketd::tools::ctl
