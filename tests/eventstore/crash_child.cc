// eventstore_crash_child DIR: the victim of crash_test. Opens the store in DIR
// and appends from 16 threads until killed: one-event appends, each on a
// stream of its own, every fourth also taking the next value of the counter
// "ticket_number/crash" (written into the payload by finalize). After each
// acknowledged append it writes one line to stdout with a single write(2)
// (whole lines, even across threads, and nothing buffered):
//
//   <event_id> <position> [<counter value>]
#include <unistd.h>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "eventstore/event_store.h"

namespace {

constexpr int kThreads = 16;
constexpr char kCounter[] = "ticket_number/crash";

void write_line(const std::string& line) {
  size_t done = 0;
  while (done < line.size()) {
    ssize_t n = ::write(STDOUT_FILENO, line.data() + done, line.size() - done);
    if (n <= 0) std::_Exit(4);  // the reader is gone
    done += static_cast<size_t>(n);
  }
}

void append_forever(ticketd::eventstore::EventStore& store, int thread) {
  using namespace ticketd::eventstore;
  const std::string prefix = std::to_string(::getpid()) + "-" + std::to_string(thread) + "-";
  for (uint64_t i = 0;; ++i) {
    const std::string id = prefix + std::to_string(i);
    NewEvent e;
    e.event_id = id;
    e.type = "CrashTested";
    e.tenant = "crash";
    e.actor = ActorRef{"crash-child", "system"};
    e.data = "{}";
    AppendRequest request;
    request.streams.push_back(StreamAppend{"crash-" + id, ExpectedVersion::no_stream(), {e}});
    const bool numbered = i % 4 == 0;
    if (numbered) {
      request.counter = kCounter;
      request.finalize = [](uint64_t value, std::vector<StreamAppend>& streams) {
        streams[0].events[0].type = "NumberTaken";
        streams[0].events[0].data = "{\"number\":" + std::to_string(value) + "}";
      };
    }
    auto r = store.append(std::move(request));
    if (!r) {
      std::fprintf(stderr, "crash child: append failed: %s\n", r.error().message.c_str());
      std::_Exit(3);
    }
    std::string line = id + " " + std::to_string(r->first_position);
    if (numbered) line += " " + std::to_string(r->counter_value);
    line += "\n";
    write_line(line);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s STORE_DIR\n", argv[0]);
    return 2;
  }
  auto store = ticketd::eventstore::EventStore::open(argv[1]);
  if (!store) {
    std::fprintf(stderr, "crash child: open failed: %s\n", store.error().message.c_str());
    return 2;
  }
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) threads.emplace_back(append_forever, std::ref(**store), t);
  for (auto& th : threads) th.join();  // never: the test kills us
  return 0;
}
