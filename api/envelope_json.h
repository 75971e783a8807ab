#pragma once
// An event-store envelope as JSON (API.md): {position, stream, version,
// type, event_id, tenant, actor: {id, role}, occurred_at, data, prev_hash,
// hash}, with `data` inline. The HTTP layer, the history and `ticketctl
// export` write it here.

#include "domain/json_writer.h"
#include "eventstore/envelope.h"

namespace ticketd::api {

// The envelope as API.md shows it.
void write_envelope(domain::JsonWriter& w, const eventstore::Envelope& envelope);

// The same members followed by "correlation_id" and "schema_version": every
// field the hash covers, so that `ticketctl import` can rebuild the record
// byte for byte (the export format).
void write_full_envelope(domain::JsonWriter& w, const eventstore::Envelope& envelope);

}  // namespace ticketd::api
