#pragma once
// The JSON form of event bodies: the `data` of an event-store envelope. The
// envelope (type, schema version, actor, occurred_at) is the event store's;
// this codec maps only the body. Instants are RFC 3339 millisecond strings,
// durations integer milliseconds ("..._ms"), enums their wire names, absent
// optionals null. Decoding ignores unknown fields so that newer writers with
// extra optional fields stay readable.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/events.h"
#include "domain/json_writer.h"
#include "domain/result.h"

namespace ticketd::domain {

// The schema of every body this codec writes. Bump it when an event's
// meaning or required fields change, and keep decoding older versions.
inline constexpr std::uint32_t kEventSchemaVersion = 1;

// Encodes `body` as one compact JSON object.
std::string encode_event_data(const EventBody& body);

// Appends the same JSON as encode_event_data to `out`.
void append_event_data(std::string& out, const EventBody& body);

// Writes "attachments": [{id, name, size, type, sha256}] as the events hold
// their files (and what else names files that way: queued emails, a
// ticket's messages). With a `url_prefix`, each also has "url": the prefix
// and its id.
void write_attachments(JsonWriter& w, const std::vector<Attachment>& attachments,
                       std::string_view url_prefix = {});

// Decodes the `json` data of an event of wire type `type` (as returned by
// event_type) written with `schema_version`. Errors (kValidation, with a
// message naming the type and field): an unknown type, a schema version
// this build cannot read, malformed JSON, a missing required field or one of
// the wrong JSON type, an unknown enum name, an invalid instant. Thread-safe;
// reuses a per-thread parser.
Result<EventBody> decode_event_data(std::string_view type, std::string_view json,
                                    std::uint32_t schema_version);

}  // namespace ticketd::domain
