#pragma once
// The list form of a ticket (API.md, "Ticket representation", everything but
// `messages`): what the queue and tenant views answer. A plain value, copied
// out of a view under its lock so callers can serialise it at leisure.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/types.h"

namespace ticketd::projections {

struct SlaSummary {
  std::optional<domain::Instant> first_response_due;
  std::optional<domain::Instant> resolution_due;  // nullopt while paused
  bool first_response_breached = false;
  bool resolution_breached = false;
  bool paused = false;
  friend bool operator==(const SlaSummary&, const SlaSummary&) = default;
};

// For customers (tenant view) `message_count` counts public messages only,
// and `updated_at` and `version` are the instant and stream version of the
// latest change they can see (an internal note moves neither); for agents
// (queue view) all three count everything, and `version` is the stream
// version (the ETag).
struct TicketSummary {
  std::string id;
  std::uint64_t number = 0;
  std::string key;  // "<tenant>-<number>"
  std::string tenant;
  std::string subject;
  domain::Status status = domain::Status::kOpen;
  domain::Priority priority = domain::Priority::kMedium;
  domain::Category category = domain::Category::kGeneral;
  std::vector<std::string> tags;  // sorted
  domain::Requester requester;
  std::optional<std::string> assignee;
  int escalation_level = 0;
  domain::Instant created_at{};
  domain::Instant updated_at{};
  std::optional<domain::Instant> first_response_at;
  std::optional<domain::Instant> resolved_at;
  std::optional<domain::Instant> closed_at;
  SlaSummary sla;
  std::uint64_t message_count = 0;
  std::uint64_t version = 0;
  std::optional<std::string> merged_into;
  std::optional<std::string> follow_up_of;
  friend bool operator==(const TicketSummary&, const TicketSummary&) = default;
};

}  // namespace ticketd::projections
