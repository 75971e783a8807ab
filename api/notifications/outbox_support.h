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

}  // namespace ticketd::api
