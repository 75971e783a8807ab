#pragma once
// The delivery log of a notification stream: the NotificationQueued,
// Attempted, Delivered and DeadLettered events of each notification folded
// into one record, in the order they were queued. Pure.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/types.h"
#include "eventstore/envelope.h"

namespace ticketd::api {

struct DeliveryAttempt {
  int attempt = 0;
  domain::Instant at{};
  std::string outcome;      // "failed", "delivered", "dead_lettered"
  std::int64_t status = 0;  // HTTP status or SMTP reply code; 0 if none
  std::string error;
};

struct DeliveryRecord {
  std::string id;                  // the delivery id (X-Ticketd-Delivery)
  std::string status = "pending";  // "pending", "delivered", "dead_lettered"
  std::string event_id;            // the source event
  std::string event_type;
  std::uint64_t position = 0;  // the source event's log position
  std::string stream;          // the source event's stream
  std::string recipient;       // email address, or the webhook URL
  domain::Instant queued_at{};
  std::optional<domain::Instant> next_attempt_at;
  std::vector<DeliveryAttempt> attempts;
};

std::vector<DeliveryRecord> fold_deliveries(const std::vector<eventstore::Envelope>& events);

// The JSON of one record.
std::string delivery_json(const DeliveryRecord& record);

}  // namespace ticketd::api
