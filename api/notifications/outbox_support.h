#pragma once
// Internal to the outbox (outbox.cc runs it, outbox_decisions.cc decides
// and folds): the pending-notification record and small shared helpers.

#include <simdjson.h>

#include <chrono>
#include <iostream>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "api/notifications/outbox.h"
#include "domain/json_writer.h"
#include "domain/message.h"
#include "eventstore/event_store.h"

namespace ticketd::api::outbox_detail {

namespace dom = simdjson::dom;

inline constexpr std::size_t kBatch = 256;

inline domain::Instant now_ms() {
  return std::chrono::time_point_cast<domain::Millis>(std::chrono::system_clock::now());
}

inline std::string_view get_string(dom::object o, std::string_view key) {
  std::string_view v;
  if (o[key].get_string().get(v) != simdjson::SUCCESS) return {};
  return v;
}

inline std::int64_t get_int(dom::object o, std::string_view key) {
  std::int64_t v = 0;
  if (o[key].get_int64().get(v) != simdjson::SUCCESS) return 0;
  return v;
}

// Opens a mail's NotificationQueued data (left open for more members): its
// id, channel ("email", or "digest" for an alert the digest collects), kind
// and recipient.
inline void begin_mail_queued(domain::JsonWriter& w, std::string_view id, std::string_view channel,
                              EmailKind kind, const Recipient& to) {
  w.begin_object();
  w.member("id", id);
  w.member("channel", channel);
  w.member("kind", to_string(kind));
  w.key("to");
  w.begin_object();
  w.member("id", to.id);
  w.member("email", to.email);
  w.member("name", to.name);
  w.end_object();
}

inline void log_line(std::string_view what) {
  static std::mutex mu;
  std::lock_guard lock(mu);
  std::cerr << "ticketd outbox: " << what << std::endl;
}

inline eventstore::NewEvent outbox_event(std::string id, std::string type, std::string tenant,
                                         std::string correlation, std::string data,
                                         domain::Instant at) {
  eventstore::NewEvent e;
  e.event_id = std::move(id);
  e.type = std::move(type);
  e.tenant = std::move(tenant);
  e.actor = eventstore::ActorRef{"outbox", "system"};
  e.occurred_at_ms = at.time_since_epoch().count();
  e.correlation_id = std::move(correlation);
  e.data = std::move(data);
  return e;
}

}  // namespace ticketd::api::outbox_detail

namespace ticketd::api {

struct Outbox::Pending {
  std::string id;
  std::string channel;  // "email" or "webhook"
  std::string stream;   // where its events go
  std::string lane;
  std::string tenant;
  std::string source_event_id;
  std::uint64_t queued_position = 0;
  // email
  std::string kind;  // to_string(EmailKind)
  Recipient to;
  std::string message_id, in_reply_to, references, reply_to, subject, text, html;
  std::vector<domain::Attachment> attachments;  // to attach (their blobs)
  // webhook
  std::string webhook_id;
  std::uint64_t source_position = 0;
  std::string source_type;

  int attempts = 0;
  domain::Instant next_at{};
  bool in_flight = false;
};

// An alert collected for its recipient's next digest.
struct Outbox::Collected {
  std::string id;
  std::string tenant;
  Recipient to;
  DigestItem item;
  domain::Instant due{};  // the end of the period it was decided in
  std::uint64_t queued_position = 0;
};

}  // namespace ticketd::api
