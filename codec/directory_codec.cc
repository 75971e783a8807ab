#include "codec/directory_codec.h"

#include <utility>

#include "codec/stored_event.h"
#include "domain/directory_json.h"

namespace ticketd::codec {
namespace {

// The tenant a directory event is about.
struct TenantOf {
  std::string operator()(const domain::TenantCreated& e) const { return e.slug; }
  std::string operator()(const domain::TenantSlaChanged& e) const { return e.slug; }
  std::string operator()(const domain::TenantSettingsChanged& e) const { return e.slug; }
  std::string operator()(const domain::AgentChanged&) const { return ""; }
  std::string operator()(const domain::TokenIssued& e) const { return e.holder.tenant; }
  std::string operator()(const domain::TokenRevoked&) const { return ""; }
  std::string operator()(const domain::TenantLogoSet& e) const { return e.slug; }
  std::string operator()(const domain::TenantLogoRemoved& e) const { return e.slug; }
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
