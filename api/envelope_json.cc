#include "api/envelope_json.h"

namespace ticketd::api {
namespace {

void write_members(domain::JsonWriter& w, const eventstore::Envelope& e) {
  w.member("position", e.position);
  w.member("stream", e.stream);
  w.member("version", e.version);
  w.member("type", e.type);
  w.member("event_id", e.event_id);
  w.member("tenant", e.tenant);
  w.key("actor");
  w.begin_object();
  w.member("id", e.actor.id);
  w.member("role", e.actor.role);
  w.end_object();
  w.member("occurred_at", domain::Instant(domain::Millis(e.occurred_at_ms)));
  w.key("data");
  w.raw(e.data.empty() ? std::string_view("null") : std::string_view(e.data));
  w.member("prev_hash", eventstore::to_hex(e.prev_hash));
  w.member("hash", eventstore::to_hex(e.hash));
}

}  // namespace

void write_envelope(domain::JsonWriter& w, const eventstore::Envelope& e) {
  w.begin_object();
  write_members(w, e);
  w.end_object();
}

void write_full_envelope(domain::JsonWriter& w, const eventstore::Envelope& e) {
  w.begin_object();
  write_members(w, e);
  w.member("correlation_id", e.correlation_id);
  w.member("schema_version", e.schema_version);
  w.end_object();
}

}  // namespace ticketd::api
