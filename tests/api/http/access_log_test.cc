// The access log: every line arrives whole and in order, without waiting for
// the process to end, and a stalled output drops lines (counted) instead of
// growing without bound or blocking requests.

#include "api/http/access_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace ticketd::api {
namespace {

using namespace std::chrono_literals;

ExchangeRecord record_for(const std::string& target) {
  return ExchangeRecord{"127.0.0.1:5000",
                        http::verb::get,
                        target,
                        "/admin/v1/tickets/{id}",
                        200,
                        42,
                        std::chrono::microseconds(17)};
}

struct TempFile {
  TempFile() {
    path = std::filesystem::temp_directory_path() /
           ("ticketd-access-log-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  }
  ~TempFile() {
    ::close(fd);
    std::filesystem::remove(path);
  }
  std::vector<std::string> lines() const {
    std::ifstream in(path);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }
  static inline int counter = 0;
  std::filesystem::path path;
  int fd = -1;
};

BOOST_AUTO_TEST_SUITE(access_log_test)

BOOST_AUTO_TEST_CASE(a_line_per_request_each_whole_and_in_order) {
  TempFile file;
  {
    AccessLog log(AccessLog::Options{file.fd, 5ms, 512, 1 << 20});
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&log, t] {
        for (int i = 0; i < 500; ++i) {
          log.record(record_for("/t" + std::to_string(t) + "/" + std::to_string(i)));
        }
      });
    }
    for (auto& th : threads) th.join();
  }
  const std::vector<std::string> lines = file.lines();
  BOOST_REQUIRE_EQUAL(lines.size(), 2000u);
  std::vector<int> next(4, 0);
  for (const std::string& line : lines) {
    BOOST_TEST(line.starts_with("{\"time\":\""));
    BOOST_TEST(line.ends_with(",\"status\":200,\"bytes\":42,\"duration_us\":17}"));
    const auto at = line.find("\"target\":\"/t");
    BOOST_REQUIRE(at != std::string::npos);
    const int t = line[at + 12] - '0';
    const std::string expected = "/t" + std::to_string(t) + "/" + std::to_string(next[t]++) + "\"";
    BOOST_TEST(line.substr(at + 10, expected.size()) == expected);
  }
}

BOOST_AUTO_TEST_CASE(a_token_in_the_query_is_not_written) {
  const auto now = std::chrono::system_clock::time_point{};
  const std::string line =
      access_log_line(record_for("/v1/unsubscribe?a=1&token=new_ticket.61.f00d&b=2"), now);
  BOOST_TEST(line.find("f00d") == std::string::npos);
  BOOST_TEST(line.find(R"("target":"/v1/unsubscribe?a=1&token=redacted&b=2")") !=
             std::string::npos);
  BOOST_TEST(access_log_line(record_for("/v1/tickets?q=token"), now).find("?q=token") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(lines_are_written_within_the_interval_not_only_at_exit) {
  TempFile file;
  AccessLog log(AccessLog::Options{file.fd, 10ms, 1 << 20, 1 << 20});
  log.record(record_for("/one"));
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (file.lines().empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  BOOST_TEST(file.lines().size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_stalled_output_drops_and_counts_lines_and_says_so_later) {
  int fds[2];
  BOOST_REQUIRE(::pipe(fds) == 0);
  std::string drained;
  {
    AccessLog log(AccessLog::Options{fds[1], 1ms, 256, 4096});
    // Nobody reads the pipe: once it and the 4 KiB buffer are full, lines go.
    int written = 0;
    while (log.dropped() == 0 && written < 200000) {
      log.write_line(std::string(99, 'x') + "\n");
      ++written;
    }
    BOOST_REQUIRE(log.dropped() > 0u);
    const std::uint64_t dropped_now = log.dropped();
    // The output drains: a line tells how many were dropped.
    std::thread reader([&] {
      char buf[4096];
      const auto deadline = std::chrono::steady_clock::now() + 10s;
      while (drained.find("access_log_dropped") == std::string::npos &&
             std::chrono::steady_clock::now() < deadline) {
        const ssize_t n = ::read(fds[0], buf, sizeof buf);
        if (n <= 0) break;
        drained.append(buf, static_cast<std::size_t>(n));
      }
    });
    reader.join();
    BOOST_TEST(drained.find("{\"access_log_dropped\":" + std::to_string(dropped_now)) !=
               std::string::npos);
    // Drain the rest so the destructor's last write cannot block.
    ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
    std::thread rest([&] {
      char buf[4096];
      for (int idle = 0; idle < 200; ++idle) {
        while (::read(fds[0], buf, sizeof buf) > 0) idle = 0;
        std::this_thread::sleep_for(1ms);
      }
    });
    rest.join();
  }
  ::close(fds[0]);
  ::close(fds[1]);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::api
