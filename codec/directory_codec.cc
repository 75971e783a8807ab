#include "codec/directory_codec.h"

#include <utility>

#include "domain/directory_json.h"

namespace ticketd::codec {
namespace {

domain::EventMeta meta_of(const eventstore::Envelope& envelope) {
  return domain::EventMeta{domain::Instant(domain::Millis(envelope.occurred_at_ms)),
                           envelope.actor.id,
                           domain::parse_role(envelope.actor.role).value_or(domain::Role::kSystem)};
}

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

eventstore::NewEvent new_event(const domain::EventMeta& meta, std::string_view type,
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

// The tenant a directory event is about.
struct TenantOf {
  std::string operator()(const domain::TenantCreated& e) const { return e.slug; }
  std::string operator()(const domain::TenantSlaChanged& e) const { return e.slug; }
  std::string operator()(const domain::TenantSettingsChanged& e) const { return e.slug; }
  std::string operator()(const domain::AgentChanged&) const { return ""; }
  std::string operator()(const domain::TokenIssued& e) const { return e.holder.tenant; }
  std::string operator()(const domain::TokenRevoked&) const { return ""; }
};

}  // namespace

domain::Result<domain::DirectoryEvent> to_directory_event(const eventstore::Envelope& envelope) {
  return stored(envelope, domain::decode_directory_event_data(envelope.type, envelope.data));
}

domain::Result<domain::WebhookEvent> to_webhook_event(const eventstore::Envelope& envelope) {
  domain::Result<domain::WebhookEvent> event =
      stored(envelope, domain::decode_webhook_event_data(envelope.type, envelope.data));
  if (event) {
    if (auto* deleted = std::get_if<domain::WebhookDeleted>(&event->body))
      deleted->tenant = envelope.tenant;
  }
  return event;
}

eventstore::NewEvent to_new_event(const domain::DirectoryEvent& event, std::string event_id) {
  return new_event(event.meta, domain::directory_event_type(event.body),
                   std::visit(TenantOf{}, event.body),
                   domain::encode_directory_event_data(event.body), std::move(event_id));
}

eventstore::NewEvent to_new_event(const domain::WebhookEvent& event, std::string event_id) {
  std::string tenant = std::visit([](const auto& e) { return e.tenant; }, event.body);
  return new_event(event.meta, domain::webhook_event_type(event.body), std::move(tenant),
                   domain::encode_webhook_event_data(event.body), std::move(event_id));
}

}  // namespace ticketd::codec
