#pragma once
// What every codec of a stream kept in memory shares (directory_codec.h,
// account_codec.h): the event's meta from its envelope, a decoded body with
// its position, and a new envelope from a meta and data.

#include <string>
#include <string_view>
#include <utility>

#include "domain/directory.h"
#include "domain/result.h"
#include "eventstore/append_request.h"
#include "eventstore/envelope.h"

namespace ticketd::codec {

inline domain::EventMeta meta_of(const eventstore::Envelope& envelope) {
  return domain::EventMeta{domain::Instant(domain::Millis(envelope.occurred_at_ms)),
                           envelope.actor.id,
                           domain::parse_role(envelope.actor.role).value_or(domain::Role::kSystem)};
}

// The event of `envelope` with `body` decoded from it; kInternal naming the
// log position when the body did not decode.
template <class Body>
domain::Result<domain::StoredEvent<Body>> stored(const eventstore::Envelope& envelope,
                                                 domain::Result<Body> body) {
  if (!body) {
    return domain::make_error(
        domain::ErrorCode::kInternal,
        "log position " + std::to_string(envelope.position) + ": " + body.error().message);
  }
  return domain::StoredEvent<Body>{meta_of(envelope), envelope.position, std::move(*body)};
}

inline eventstore::NewEvent new_event(const domain::EventMeta& meta, std::string_view type,
                                      std::string tenant, std::string data, std::string event_id) {
  eventstore::NewEvent e;
  e.event_id = std::move(event_id);
  e.type = std::string(type);
  e.tenant = std::move(tenant);
  e.actor = eventstore::ActorRef{meta.actor_id, std::string(domain::to_string(meta.actor_role))};
  e.occurred_at_ms = meta.occurred_at.time_since_epoch().count();
  e.data = std::move(data);
  return e;
}

}  // namespace ticketd::codec
