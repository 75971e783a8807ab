// kill -9 durability: a child process (crash_child.cc) appends from 16
// threads and prints each acknowledgement; we SIGKILL it mid-flight, reopen
// the store and check that everything acknowledged is there, at the
// acknowledged position, that the log verifies, that counter values are
// exactly 1..counter() and that appending continues.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <charconv>
#include <chrono>
#include <optional>
#include <sstream>

#include "eventstore/event_store.h"
#include "test_support.h"

extern char** environ;

namespace ticketd::eventstore {
namespace {

using testing::events;
using testing::ok;
using testing::open_store;
using testing::TempDir;

constexpr size_t kMinAcks = 300;
constexpr auto kMinRun = std::chrono::milliseconds(300);
constexpr auto kMaxWaitForAcks = std::chrono::seconds(60);  // a very slow machine
constexpr std::string_view kCounter = "ticket_number/crash";

struct Ack {
  std::string event_id;
  uint64_t position = 0;
  std::optional<uint64_t> counter;
};

// Moves every complete line of `buffer` into `acks`.
void take_lines(std::string& buffer, std::vector<Ack>& acks) {
  size_t start = 0;
  for (size_t nl; (nl = buffer.find('\n', start)) != std::string::npos; start = nl + 1) {
    std::istringstream line(buffer.substr(start, nl - start));
    Ack a;
    line >> a.event_id >> a.position;
    BOOST_REQUIRE_MESSAGE(line && a.position > 0,
                          "bad line from child: " << buffer.substr(start, nl - start));
    uint64_t counter = 0;
    if (line >> counter) a.counter = counter;
    acks.push_back(std::move(a));
  }
  buffer.erase(0, start);
}

// Reads what is available (waiting up to 100 ms); false at end of file.
bool read_some(int fd, std::string& buffer) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, 100) <= 0) return true;
  char chunk[65536];
  ssize_t n = ::read(fd, chunk, sizeof chunk);
  if (n <= 0) return false;
  buffer.append(chunk, static_cast<size_t>(n));
  return true;
}

pid_t spawn_child(const std::string& store_dir, int* read_fd) {
  int fds[2];
  BOOST_REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  std::string exe = TICKETD_CRASH_CHILD;
  std::string dir = store_dir;
  char* argv[] = {exe.data(), dir.data(), nullptr};
  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, exe.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  BOOST_REQUIRE_MESSAGE(rc == 0, "cannot start " << exe);
  *read_fd = fds[0];
  return pid;
}

uint64_t number_in(const std::string& data) {
  // {"number":N}
  uint64_t v = 0;
  auto colon = data.find(':');
  BOOST_REQUIRE(colon != std::string::npos);
  std::from_chars(data.data() + colon + 1, data.data() + data.size(), v);
  return v;
}

BOOST_AUTO_TEST_SUITE(crash_test)

BOOST_AUTO_TEST_CASE(acknowledged_appends_survive_kill_9) {
  TempDir dir;
  {
    // Some history first, so the child continues an existing chain.
    auto store = open_store(dir.store());
    ok(store->append("before", ExpectedVersion::no_stream(), events({"before-1"})));
  }

  int fd = -1;
  const pid_t pid = spawn_child(dir.store().string(), &fd);
  std::string buffer;
  std::vector<Ack> acks;
  const auto start = std::chrono::steady_clock::now();
  bool child_alive = true;
  for (;;) {
    const auto elapsed = std::chrono::steady_clock::now() - start;
    if ((acks.size() >= kMinAcks && elapsed >= kMinRun) || elapsed >= kMaxWaitForAcks) break;
    if (!read_some(fd, buffer)) {
      child_alive = false;
      break;
    }
    take_lines(buffer, acks);
  }
  ::kill(pid, SIGKILL);
  // Everything the child printed before it died was acknowledged.
  while (read_some(fd, buffer)) take_lines(buffer, acks);
  take_lines(buffer, acks);  // a partial last line (none expected) is ignored
  ::close(fd);
  int status = 0;
  ::waitpid(pid, &status, 0);
  BOOST_REQUIRE_MESSAGE(child_alive, "the child exited on its own, status " << status);
  BOOST_TEST((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL));
  BOOST_REQUIRE(!acks.empty());
  BOOST_TEST_MESSAGE("acknowledged appends before the kill: " << acks.size());

  auto store = open_store(dir.store());
  std::vector<uint64_t> positions;
  for (const Ack& a : acks) {
    BOOST_TEST(ok(store->find_event(a.event_id)).value_or(0) == a.position, a.event_id);
    auto records = ok(store->read_all(a.position - 1, 1));
    BOOST_REQUIRE_EQUAL(records.size(), 1u);
    BOOST_TEST(records[0].event_id == a.event_id);
    if (a.counter) BOOST_TEST(number_in(records[0].data) == *a.counter);
    positions.push_back(a.position);
  }
  std::sort(positions.begin(), positions.end());
  BOOST_TEST((std::adjacent_find(positions.begin(), positions.end()) == positions.end()));

  auto report = ok(store->verify());
  BOOST_TEST(report.ok, report.problem);
  BOOST_TEST(report.head == store->head());
  BOOST_TEST(store->head() >= positions.back());

  // Counter values: exactly 1..counter(), whoever got them.
  std::vector<uint64_t> numbers;
  ok(store->scan(0, [&](const Envelope& e) {
    if (e.type == "NumberTaken") numbers.push_back(number_in(e.data));
    return true;
  }));
  std::sort(numbers.begin(), numbers.end());
  const uint64_t counter = ok(store->counter(kCounter));
  BOOST_REQUIRE_EQUAL(numbers.size(), counter);
  for (size_t i = 0; i < numbers.size(); ++i) BOOST_TEST(numbers[i] == i + 1);

  // Life goes on.
  const uint64_t head = store->head();
  AppendRequest next;
  next.streams.push_back(StreamAppend{"after", ExpectedVersion::no_stream(), events({"after-1"})});
  next.counter = std::string(kCounter);
  auto r = ok(store->append(std::move(next)));
  BOOST_TEST(r.first_position == head + 1);
  BOOST_TEST(r.counter_value == counter + 1);
  BOOST_TEST(ok(store->verify()).ok);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::eventstore
