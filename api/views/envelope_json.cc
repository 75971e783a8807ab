#include "api/views/envelope_json.h"

#include <simdjson.h>

#include "api/views/ticket_json.h"
#include "domain/event_codec.h"

namespace ticketd::api {
namespace {

// Members of event data that hold a hash of a secret: the log keeps them
// (the server checks tokens against them, and the chain covers them), but no
// answer, stream or webhook shows them, since a hash of a secret helps only
// someone trying to guess it.
bool is_secret_hash(std::string_view type, std::string_view member) {
  return type == "TokenIssued" && member == "secret_sha256";
}

// `data` without its secret hashes (README: what the event answers leave out).
std::string redacted_data(std::string_view type, std::string_view data) {
  simdjson::dom::parser parser;
  simdjson::dom::object object;
  if (parser.parse(data.data(), data.size()).get_object().get(object) != simdjson::SUCCESS) {
    return "null";  // not an object: nothing of it can be shown safely
  }
  std::string out;
  domain::JsonWriter w(out);
  w.begin_object();
  for (auto [key, value] : object) {
    if (is_secret_hash(type, key)) continue;
    w.key(key);
    w.raw(simdjson::minify(value));
  }
  w.end_object();
  return out;
}

bool has_secret_hashes(std::string_view type) { return type == "TokenIssued"; }

// A message's files with where staff download them, beside `data` (which
// stays the bytes the hash covers): {id, name, size, type, sha256, url},
// as a ticket's messages show them (ticket_json.h).
void write_attachment_paths(domain::JsonWriter& w, const eventstore::Envelope& e) {
  constexpr std::string_view kTicketStream = "ticket-";  // command_path.h
  if (e.type != "MessagePosted" || !e.stream.starts_with(kTicketStream) ||
      e.data.find("\"attachments\"") == std::string::npos) {
    return;
  }
  auto body = domain::decode_event_data(e.type, e.data, e.schema_version);
  const auto* posted = body ? std::get_if<domain::MessagePosted>(&*body) : nullptr;
  if (posted == nullptr || posted->attachments.empty()) return;
  const std::string_view ticket_id = std::string_view(e.stream).substr(kTicketStream.size());
  domain::write_attachments(w, posted->attachments,
                            attachment_path(ticket_id, "", /*customer=*/false));
}

void write_members(domain::JsonWriter& w, const eventstore::Envelope& e, bool redact) {
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
  if (e.data.empty()) {
    w.raw("null");
  } else if (redact && has_secret_hashes(e.type)) {
    w.raw(redacted_data(e.type, e.data));
  } else {
    w.raw(e.data);
  }
  w.member("prev_hash", eventstore::to_hex(e.prev_hash));
  w.member("hash", eventstore::to_hex(e.hash));
  if (redact) write_attachment_paths(w, e);
}

}  // namespace

void write_envelope(domain::JsonWriter& w, const eventstore::Envelope& e) {
  w.begin_object();
  write_members(w, e, /*redact=*/true);
  w.end_object();
}

void write_full_envelope(domain::JsonWriter& w, const eventstore::Envelope& e) {
  w.begin_object();
  write_members(w, e, /*redact=*/false);
  w.member("correlation_id", e.correlation_id);
  w.member("schema_version", e.schema_version);
  w.end_object();
}

}  // namespace ticketd::api
