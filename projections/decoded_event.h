#pragma once
// What projectors consume: a log envelope decoded once into a domain event
// and tagged with its ticket's slot (see TicketDirectory). The runtime
// decodes each envelope exactly once and hands the same DecodedEvent to
// every view.

#include <cstdint>
#include <optional>
#include <string>

#include "domain/events.h"
#include "domain/result.h"
#include "eventstore/envelope.h"

namespace ticketd::projections {

inline constexpr std::uint32_t kNoSlot = UINT32_MAX;

struct DecodedEvent {
  std::uint64_t position = 0;
  // The ticket's dense slot, or kNoSlot for an envelope that is not a
  // ticket event (another kind of stream, a type this build does not know);
  // views skip those but still count them as applied.
  std::uint32_t slot = kNoSlot;
  domain::Event event;
};

// Whether `type` names a ticket event (one of domain::EventBody's types).
bool is_ticket_event_type(std::string_view type);

// The domain event in `envelope`, as codec::to_event reads it (an unknown
// role reads as kSystem; no view depends on it). std::nullopt when the type
// is not a ticket event. An error (kInternal, naming the position) when a
// ticket event's data does not decode: the log is then not what this build
// can read, and projecting past it would be wrong.
domain::Result<std::optional<domain::Event>> decode_envelope(const eventstore::Envelope& envelope);

}  // namespace ticketd::projections
