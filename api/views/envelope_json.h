#pragma once
// An event-store envelope as JSON (API.md): {position, stream, version,
// type, event_id, tenant, actor: {id, role}, occurred_at, data, prev_hash,
// hash}, with `data` inline. The HTTP layer, the history and `ticketctl
// export` write it here.

#include "domain/json_writer.h"
#include "eventstore/envelope.h"

namespace ticketd::api {

// The envelope as API.md shows it, for answers, streams and webhooks: hashes
// of secrets (TokenIssued's secret_sha256) are left out of `data`, so the
// answer's `hash` no longer matches its bytes for those events; the export
// below keeps everything for verification. A MessagePosted with files has
// one more member after `hash`, "attachments": data's files, each with the
// "url" (a path) staff download it from; `data` itself is left as it is.
void write_envelope(domain::JsonWriter& w, const eventstore::Envelope& envelope);

// The same members followed by "correlation_id" and "schema_version": every
// field the hash covers, so that `ticketctl import` can rebuild the record
// byte for byte (the export format).
void write_full_envelope(domain::JsonWriter& w, const eventstore::Envelope& envelope);

}  // namespace ticketd::api
