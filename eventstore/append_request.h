#pragma once
// The vocabulary of an append: the events a caller hands to the store, grouped
// per stream with an expected version, and what the store answers.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "eventstore/envelope.h"
#include "eventstore/expected_version.h"

namespace ticketd::eventstore {

// Limits an append must respect (beyond them it fails with kInvalidArgument).
inline constexpr size_t kMaxNameBytes = 1024;              // stream, event_id, counter
inline constexpr size_t kMaxFieldBytes = 64 * 1024;        // type, tenant, actor, correlation_id
inline constexpr size_t kMaxDataBytes = size_t{16} << 20;  // data of one event

// One event before the store has placed it in the log. event_id must be
// unique across the whole log: it is the idempotency key of the append.
struct NewEvent {
  std::string event_id;
  std::string type;
  std::string tenant;
  ActorRef actor;
  int64_t occurred_at_ms = 0;
  std::string correlation_id;
  uint32_t schema_version = 1;
  std::string data;  // JSON payload bytes, opaque to the store
};

// Events for one stream, appended only if the stream is at `expected`.
struct StreamAppend {
  std::string stream;
  ExpectedVersion expected = ExpectedVersion::any();
  std::vector<NewEvent> events;
};

// One atomic unit: all of its events in all of its streams are stored, or
// none is. A stream may appear at most once per request.
struct AppendRequest {
  std::vector<StreamAppend> streams;
  // Optional: the name of a per-key counter (e.g. "ticket_number/acme") whose
  // next value (1, 2, 3 ...) is allocated for this request in the same atomic
  // write. Values are allocated only for requests that commit, so they are
  // unique, never reused and without gaps, also across restarts.
  std::string counter;
  // Optional: called on the writer thread, after the request passed its
  // version and idempotency checks and just before it is encoded, with the
  // allocated counter value (0 without a counter), so the caller can put the
  // value into payloads. It may change any event field except event_id, and
  // must not add or remove streams or events. It must be quick and must not
  // throw (an exception fails this request with kInvalidArgument).
  std::function<void(uint64_t counter_value, std::vector<StreamAppend>& streams)> finalize;
};

struct AppendResult {
  uint64_t first_position = 0;            // position of the request's first event
  uint64_t last_position = 0;             // position of its last event (the consistency token)
  std::vector<uint64_t> stream_versions;  // last version per StreamAppend, in request order
  uint64_t counter_value = 0;             // allocated counter value, 0 without a counter
  // True when every event id was already stored: nothing was appended and the
  // fields above describe the original append.
  bool duplicate = false;
};

// A stream a committed request changed, and its last version after it.
struct StreamHead {
  std::string_view stream;
  uint64_t version = 0;
};

// Told the streams of every durable batch (EventStore::observe_commits).
using CommitObserver = std::function<void(const std::vector<StreamHead>& heads)>;

}  // namespace ticketd::eventstore
