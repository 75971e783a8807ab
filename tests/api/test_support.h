#pragma once
// Helpers shared by the api suites that run background components (outbox,
// automation) over a real event store: a clock the test moves by hand,
// waiting for a condition with a deadline, and running commands.

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdint>
#include <future>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "api/commands/command_path.h"
#include "api/commands/stream_aggregate.h"
#include "domain/types.h"
#include "eventstore/event_store.h"

namespace ticketd::api::testing {

// The time a component under test reads: it moves only when the test moves
// it, so nothing depends on how fast the machine is.
class ManualClock {
 public:
  explicit ManualClock(domain::Instant start) : ms_(start.time_since_epoch().count()) {}
  domain::Instant now() const { return domain::Instant(domain::Millis(ms_.load())); }
  void set(domain::Instant t) { ms_ = t.time_since_epoch().count(); }
  void advance(domain::Millis d) { ms_ += d.count(); }

 private:
  std::atomic<std::int64_t> ms_;
};

// How long a test waits for a background thread to do what it must; only a
// bound against hanging, never part of what is asserted.
inline constexpr std::chrono::seconds kPatience{30};

// Waits until `condition()` holds, failing the test (and leaving it) when it
// still does not after kPatience.
template <class Condition>
void wait_until(Condition condition, std::string_view what) {
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  while (!condition()) {
    BOOST_REQUIRE_MESSAGE(std::chrono::steady_clock::now() < deadline,
                          "gave up waiting for " << what);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

// The answer of a call that answers through an Answer (the directory, the
// webhook registry): `start(done)` starts it.
template <class T, class Start>
domain::Result<T> answer(Start start) {
  return await_answer<T>(std::move(start), kPatience);
}

// Runs `request` on `path` and returns its result.
inline CommandResult execute(CommandPath& path, CommandRequest request) {
  std::promise<CommandResult> done;
  std::future<CommandResult> result = done.get_future();
  path.execute(std::move(request), [&done](CommandResult r) { done.set_value(std::move(r)); });
  BOOST_REQUIRE_MESSAGE(result.wait_for(kPatience) == std::future_status::ready,
                        "the command path did not answer");
  return result.get();
}

// Runs `command` on ticket `ticket_id` as `actor`, requiring success.
inline CommandOutcome run(CommandPath& path, std::string ticket_id, domain::Command command,
                          const domain::Actor& actor) {
  CommandRequest request;
  request.ticket_id = std::move(ticket_id);
  request.command = std::move(command);
  request.actor = actor;
  CommandResult r = execute(path, std::move(request));
  BOOST_REQUIRE_MESSAGE(r.has_value(), "command refused: " << (r ? "" : r.error().message));
  return std::move(*r);
}

// An OpenTicket for a customer of tenant "acme".
inline domain::OpenTicket open_ticket(std::string id, domain::Requester requester,
                                      domain::Priority priority = domain::Priority::kMedium) {
  domain::OpenTicket open;
  open.ticket_id = id;
  open.tenant = "acme";
  open.requester = std::move(requester);
  open.subject = "Cannot log in";
  open.description = "Since this morning";
  open.first_message_id = id + "-m1";
  open.priority = priority;
  return open;
}

// The envelopes of `stream` whose type is `type`.
inline std::vector<eventstore::Envelope> events_of(const eventstore::EventStore& store,
                                                   std::string_view stream, std::string_view type) {
  auto all = store.read_stream(stream);
  BOOST_REQUIRE_MESSAGE(all.has_value(), "cannot read " << stream);
  std::vector<eventstore::Envelope> out;
  for (eventstore::Envelope& e : *all) {
    if (e.type == type) out.push_back(std::move(e));
  }
  return out;
}

}  // namespace ticketd::api::testing
