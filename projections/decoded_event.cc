#include "projections/decoded_event.h"

#include <array>
#include <utility>

#include "domain/event_codec.h"

namespace ticketd::projections {
namespace {

template <class... Ts>
constexpr auto type_names(std::variant<Ts...>*) {
  return std::array<std::string_view, sizeof...(Ts)>{Ts::kType...};
}

constexpr auto kTicketEventTypes = type_names(static_cast<domain::EventBody*>(nullptr));

}  // namespace

bool is_ticket_event_type(std::string_view type) {
  for (std::string_view known : kTicketEventTypes) {
    if (known == type) return true;
  }
  return false;
}

domain::Result<std::optional<domain::Event>> decode_envelope(
    const eventstore::Envelope& envelope) {
  if (!is_ticket_event_type(envelope.type)) return std::optional<domain::Event>();
  domain::Result<domain::EventBody> body =
      domain::decode_event_data(envelope.type, envelope.data, envelope.schema_version);
  if (!body) {
    return domain::make_error(domain::ErrorCode::kInternal,
                              "log position " + std::to_string(envelope.position) + ": " +
                                  body.error().message);
  }
  domain::Event event;
  event.meta.occurred_at = domain::Instant(domain::Millis(envelope.occurred_at_ms));
  event.meta.actor_id = envelope.actor.id;
  event.meta.actor_role = domain::parse_role(envelope.actor.role).value_or(domain::Role::kSystem);
  event.body = std::move(*body);
  return std::optional<domain::Event>(std::move(event));
}

}  // namespace ticketd::projections
