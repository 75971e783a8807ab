#pragma once
// The one translation between the event store's envelopes and the domain's
// events. The store knows bytes and envelopes, the domain knows events, and
// neither may include the other; everything that reads ticket events from
// the log or writes them to it (the command path, the projections, the
// views, the outbox, the tools) converts here, so an envelope means the same
// event to all of them.

#include <string>

#include "domain/events.h"
#include "domain/result.h"
#include "eventstore/append_request.h"
#include "eventstore/envelope.h"

namespace ticketd::codec {

// The domain event in `envelope`: the body decoded from `data` by its type
// and schema version (domain::decode_event_data, whose error it returns
// as it is: kValidation naming the type and field), the meta from the
// envelope (occurred_at, actor id and role; a role this build does not know
// reads as kSystem). The caller says where in the log it was, if that
// matters to its error. Thread-safe.
domain::Result<domain::Event> to_event(const eventstore::Envelope& envelope);

// `event` as the store's NewEvent: its type, actor, occurred_at and the
// body encoded at domain::kEventSchemaVersion, with the envelope fields the
// domain does not know given here.
eventstore::NewEvent to_new_event(const domain::Event& event, std::string tenant,
                                  std::string event_id, std::string correlation_id);

}  // namespace ticketd::codec
