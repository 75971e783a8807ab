#include "api/views/ticket_history.h"

#include "api/views/envelope_json.h"
#include "api/views/ticket_json.h"
#include "codec/envelope_codec.h"
#include "domain/evolve.h"

namespace ticketd::api {

domain::Result<TicketHistory> load_ticket_history(const eventstore::EventStore& store,
                                                  std::string_view ticket_id,
                                                  const HistoryPoint& point) {
  auto envelopes = store.read_stream(ticket_stream(ticket_id));
  if (!envelopes)
    return domain::make_error(domain::ErrorCode::kInternal, envelopes.error().message);
  TicketHistory history;
  for (eventstore::Envelope& env : *envelopes) {
    const domain::Instant at{domain::Millis(env.occurred_at_ms)};
    if (point.as_of && at > *point.as_of) break;
    if (point.at_position && env.position > *point.at_position) break;
    domain::Result<domain::Event> event = codec::to_event(env);
    if (!event) {
      return domain::make_error(domain::ErrorCode::kInternal,
                                "event at position " + std::to_string(env.position) +
                                    " does not decode: " + event.error().message);
    }
    history.state = domain::evolve(std::move(history.state), *event);
    history.events.push_back(std::move(env));
  }
  return history;
}

void write_ticket_history(domain::JsonWriter& w, const TicketHistory& history,
                          const domain::Actor& viewer) {
  w.begin_object();
  w.key("ticket");
  if (history.state.exists) {
    write_ticket(w, history.state, viewer);
  } else {
    w.value(nullptr);
  }
  w.key("events");
  w.begin_array();
  for (const auto& env : history.events) write_envelope(w, env);
  w.end_array();
  w.end_object();
}

}  // namespace ticketd::api
