#pragma once
// TicketState: everything known about one ticket, as folded from its events
// by evolve(). It is the input of decide() and the source of the API's
// ticket representation (API.md), so it keeps internal notes too; what a
// given actor may see is filtered by visible_to / message_visible_to.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/business_calendar.h"
#include "domain/message.h"
#include "domain/sla_clock.h"
#include "domain/types.h"

namespace ticketd::domain {

struct Satisfaction {
  int rating = 0;
  std::string comment;
  Instant rated_at{};
  friend bool operator==(const Satisfaction&, const Satisfaction&) = default;
};

struct TicketState {
  // False until TicketOpened; every other field is meaningless before that.
  bool exists = false;
  std::string id;
  std::string tenant;
  std::uint64_t number = 0;
  std::string subject;
  Status status = Status::kOpen;
  Priority priority = Priority::kMedium;
  Category category = Category::kGeneral;
  std::vector<std::string> tags;  // sorted, unique, lowercase
  Requester requester;
  std::optional<std::string> assignee;
  int escalation_level = 0;
  Instant created_at{};
  Instant updated_at{};  // occurred_at of the latest event
  std::optional<Instant> first_response_at;
  std::optional<Instant> resolved_at;
  std::optional<Instant> closed_at;
  std::optional<std::string> merged_into;
  std::vector<std::string> merged_from;  // ids of tickets merged into this one
  std::optional<std::string> follow_up_of;
  std::vector<Message> messages;  // in created_at order, internal notes included
  std::size_t public_message_count = 0;
  // Events applied: the stream version the API returns as the ETag.
  std::uint64_t version = 0;
  std::optional<Satisfaction> satisfaction;

  // The SLA clock and the business hours snapshot it counts in (from
  // TicketOpened: a ticket keeps the hours it was opened under).
  SlaClock sla{};
  BusinessHours business_hours;
  bool first_response_warned = false;
  bool resolution_warned = false;
  bool first_response_breached = false;
  bool resolution_breached = false;

  // The human-facing key, "<tenant>-<number>", e.g. "acme-42".
  std::string key() const { return tenant + "-" + std::to_string(number); }

  // Whether `tag` (already normalised) is on the ticket.
  bool has_tag(std::string_view tag) const {
    return std::binary_search(tags.begin(), tags.end(), tag);
  }

  friend bool operator==(const TicketState&, const TicketState&) = default;
};

// The state before any event: a ticket that does not exist.
inline TicketState initial_state() { return TicketState{}; }

}  // namespace ticketd::domain
