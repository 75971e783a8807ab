#include "codec/envelope_codec.h"

#include <utility>

#include "domain/event_codec.h"

namespace ticketd::codec {

domain::Result<domain::Event> to_event(const eventstore::Envelope& envelope) {
  domain::Result<domain::EventBody> body =
      domain::decode_event_data(envelope.type, envelope.data, envelope.schema_version);
  if (!body) return body.error();
  domain::Event event;
  event.meta.occurred_at = domain::Instant(domain::Millis(envelope.occurred_at_ms));
  event.meta.actor_id = envelope.actor.id;
  event.meta.actor_role = domain::parse_role(envelope.actor.role).value_or(domain::Role::kSystem);
  event.body = std::move(*body);
  return event;
}

eventstore::NewEvent to_new_event(const domain::Event& event, std::string tenant,
                                  std::string event_id, std::string correlation_id) {
  eventstore::NewEvent e;
  e.event_id = std::move(event_id);
  e.type = std::string(domain::event_type(event.body));
  e.tenant = std::move(tenant);
  e.actor = eventstore::ActorRef{event.meta.actor_id,
                                 std::string(domain::to_string(event.meta.actor_role))};
  e.occurred_at_ms = event.meta.occurred_at.time_since_epoch().count();
  e.correlation_id = std::move(correlation_id);
  e.schema_version = domain::kEventSchemaVersion;
  e.data = domain::encode_event_data(event.body);
  return e;
}

}  // namespace ticketd::codec
