#pragma once
// The access log: one JSON line per answered request. Request threads only
// format their line and append it to a buffer; a thread of the log writes
// the buffer out in one write() when it passes a size, and at least every
// `interval`, so no request waits for the log's file descriptor (a write
// per request is a measurable share of a cached read: README, Benchmarks).
// Lines keep their order.
//
// If the output stalls (a full pipe nobody reads) the buffer stops growing
// at `max_pending` bytes: later lines are dropped and counted, and a line
// saying how many follows once the output drains. A server must not run out
// of memory or stop answering because its log is not read.
//
// Thread-safe. The destructor writes what is pending.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "api/http/exchange.h"

namespace ticketd::api {

class AccessLog {
 public:
  struct Options {
    int fd = 2;  // stderr
    std::chrono::milliseconds interval{200};
    std::size_t flush_bytes = std::size_t{64} << 10;
    std::size_t max_pending = std::size_t{16} << 20;
  };
  explicit AccessLog(Options options);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  void record(const ExchangeRecord& r);
  // Appends one line as it is (it must end with '\n').
  void write_line(std::string_view line);
  // Lines dropped since start because the output stalled.
  std::uint64_t dropped() const;

 private:
  void run();
  // Writes all of `bytes` to the fd, retrying short writes.
  void write_out(const std::string& bytes);

  const Options options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::string pending_;             // guarded by mu_
  std::uint64_t dropped_ = 0;       // guarded by mu_
  std::uint64_t dropped_told_ = 0;  // guarded by mu_
  bool stopping_ = false;           // guarded by mu_
  std::thread thread_;
};

// The access log line of one answered request (no trailing newline):
// {"time", "remote", "method", "target", "route", "status", "bytes",
// "duration_us"}, and for an internal error (a 500) "correlation_id" and
// "error", what failed -- the one place that says it. A `token` query
// parameter's value (a link's credential) is written as "redacted".
std::string access_log_line(const ExchangeRecord& r, std::chrono::system_clock::time_point now);

}  // namespace ticketd::api
