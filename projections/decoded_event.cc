#include "projections/decoded_event.h"

#include <array>
#include <utility>

#include "codec/envelope_codec.h"

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

domain::Result<std::optional<domain::Event>> decode_envelope(const eventstore::Envelope& envelope) {
  if (!is_ticket_event_type(envelope.type)) return std::optional<domain::Event>();
  domain::Result<domain::Event> event = codec::to_event(envelope);
  if (!event) {
    return domain::make_error(
        domain::ErrorCode::kInternal,
        "log position " + std::to_string(envelope.position) + ": " + event.error().message);
  }
  return std::optional<domain::Event>(std::move(*event));
}

}  // namespace ticketd::projections
