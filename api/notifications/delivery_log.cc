#include "api/notifications/delivery_log.h"

#include <simdjson.h>

#include <unordered_map>

#include "domain/json_writer.h"
#include "domain/time_format.h"

namespace ticketd::api {
namespace {

namespace dom = simdjson::dom;

std::string_view get_string(dom::object o, std::string_view key) {
  std::string_view v;
  if (o[key].get_string().get(v) != simdjson::SUCCESS) return {};
  return v;
}

std::int64_t get_int(dom::object o, std::string_view key) {
  std::int64_t v = 0;
  if (o[key].get_int64().get(v) != simdjson::SUCCESS) return 0;
  return v;
}

}  // namespace

std::vector<DeliveryRecord> fold_deliveries(const std::vector<eventstore::Envelope>& events) {
  std::vector<DeliveryRecord> out;
  std::unordered_map<std::string, std::size_t> index;
  dom::parser parser;
  for (const eventstore::Envelope& env : events) {
    dom::object o;
    if (parser.parse(env.data.data(), env.data.size()).get_object().get(o) != simdjson::SUCCESS)
      continue;
    const std::string id(get_string(o, "id"));
    const domain::Instant at{domain::Millis(env.occurred_at_ms)};
    if (env.type == "NotificationQueued") {
      if (index.contains(id)) continue;
      DeliveryRecord r;
      r.id = id;
      r.event_id = get_string(o, "source_event_id");
      r.event_type = get_string(o, "source_type");
      r.position = static_cast<std::uint64_t>(get_int(o, "source_position"));
      r.stream = get_string(o, "source_stream");
      if (r.stream.empty() && !get_string(o, "ticket_id").empty()) {
        r.stream = "ticket-" + std::string(get_string(o, "ticket_id"));
      }
      dom::object to;
      r.recipient = o["to"].get_object().get(to) == simdjson::SUCCESS
                        ? std::string(get_string(to, "email"))
                        : std::string(get_string(o, "url"));
      r.queued_at = at;
      index[id] = out.size();
      out.push_back(std::move(r));
      continue;
    }
    auto it = index.find(id);
    if (it == index.end()) continue;
    DeliveryRecord& r = out[it->second];
    DeliveryAttempt a;
    a.attempt = static_cast<int>(get_int(o, "attempt"));
    a.at = at;
    a.status = get_int(o, "status");
    a.error = get_string(o, "error");
    // A repeated attempt (a send interrupted by a restart) replaces nothing:
    // both are shown.
    if (env.type == "NotificationAttempted") {
      a.outcome = "failed";
      r.next_attempt_at = domain::parse_instant(get_string(o, "next_attempt_at"));
    } else if (env.type == "NotificationDelivered") {
      a.outcome = "delivered";
      r.status = "delivered";
      r.next_attempt_at.reset();
    } else if (env.type == "NotificationDeadLettered") {
      a.outcome = "dead_lettered";
      if (a.attempt == 0) a.attempt = static_cast<int>(get_int(o, "attempts"));
      r.status = "dead_lettered";
      r.next_attempt_at.reset();
    } else {
      continue;
    }
    r.attempts.push_back(std::move(a));
  }
  return out;
}

std::string delivery_json(const DeliveryRecord& r) {
  std::string out;
  domain::JsonWriter w(out);
  w.begin_object();
  w.member("id", r.id);
  w.member("status", r.status);
  w.member("event_id", r.event_id);
  w.member("event_type", r.event_type);
  w.member("position", r.position);
  w.member("stream", r.stream);
  w.member("recipient", r.recipient);
  w.member("queued_at", r.queued_at);
  w.member("next_attempt_at", r.next_attempt_at);
  w.member("attempt_count", static_cast<std::uint64_t>(r.attempts.size()));
  w.key("attempts");
  w.begin_array();
  for (const DeliveryAttempt& a : r.attempts) {
    w.begin_object();
    w.member("attempt", a.attempt);
    w.member("at", a.at);
    w.member("outcome", a.outcome);
    w.key("status");
    a.status != 0 ? w.value(a.status) : w.value(nullptr);
    w.key("error");
    a.error.empty() ? w.value(nullptr) : w.value(a.error);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return out;
}

}  // namespace ticketd::api
