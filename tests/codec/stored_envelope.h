#pragma once
// The envelope the store would make of a NewEvent: what the codec tests
// read back.

#include <cstdint>
#include <string>

#include "eventstore/append_request.h"
#include "eventstore/envelope.h"

namespace ticketd::codec::testing {

inline eventstore::Envelope stored(const eventstore::NewEvent& e, std::uint64_t position,
                                   std::string stream = "ticket-t-1") {
  eventstore::Envelope env;
  env.position = position;
  env.stream = std::move(stream);
  env.version = position;
  env.event_id = e.event_id;
  env.type = e.type;
  env.tenant = e.tenant;
  env.actor = e.actor;
  env.occurred_at_ms = e.occurred_at_ms;
  env.correlation_id = e.correlation_id;
  env.schema_version = e.schema_version;
  env.data = e.data;
  return env;
}

}  // namespace ticketd::codec::testing
