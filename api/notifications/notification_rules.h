#pragma once
// Which notifications an event causes: pure functions of the
// event, the ticket's state right after it and the staff known at that log
// position. No I/O, no clock: the outbox calls them for every event it
// follows, and replaying the same log always decides the same
// notifications, which is what makes re-decisions idempotent.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/alert_preferences.h"
#include "domain/events.h"
#include "domain/ticket_state.h"

namespace ticketd::api {

// Somebody an email goes to.
struct Recipient {
  std::string id;  // user id (agent id or requester id); may be empty
  std::string email;
  std::string name;
  friend bool operator==(const Recipient&, const Recipient&) = default;
};

// The kinds of email, each with its own template (email_templates.h).
enum class EmailKind {
  kTicketOpened,    // confirmation to the requester
  kNewTicketAlert,  // alert to agents
  kAgentReply,      // public agent reply, to the requester
  kAssigned,        // to the new assignee
  kResolved,        // to the requester
  kSlaWarning,      // to the assignee, else the agents
  kSlaBreached,     // to the assignee, else the agents
  kCustomerReply,   // to the assignee, else the agents
  kDigest,          // a staff member's digest of the alerts they chose to collect
};

std::string_view to_string(EmailKind kind);
std::optional<EmailKind> parse_email_kind(std::string_view text);

// One email to one recipient.
struct EmailIntent {
  EmailKind kind = EmailKind::kTicketOpened;
  Recipient to;
  friend bool operator==(const EmailIntent&, const EmailIntent&) = default;
};

// The emails `event` causes. `after` is the ticket right after the event;
// `staff` the agents and admins with an email address, known at the event's
// log position. Rules: TicketOpened confirms to the requester and alerts
// the staff; a public MessagePosted written by staff goes to the requester,
// one written by the customer (not the description; also a held mail an
// agent accepted) to the assignee or else the staff; an
// internal note never causes an email; TicketAssigned goes to the assignee
// unless they assigned themselves; StatusChanged to resolved goes to the
// requester; SlaWarning and SlaBreached go to the assignee or else the
// staff. Nobody gets an email about their own action, and recipients
// without an address are left out.
std::vector<EmailIntent> decide_emails(const domain::Event& event, const domain::TicketState& after,
                                       const std::vector<Recipient>& staff);

// The staff alert an email of `kind` is, or nullopt for the requester's
// emails (and the digest itself), which no preference turns off.
std::optional<domain::AlertKind> alert_kind_of(EmailKind kind);

// The emails of decide_emails split by each recipient's preferences as of
// the same log position: `now` (customer emails, and staff alerts set to
// immediately), `digest` (collected for the member's next digest); those
// set to off are left out.
struct RoutedEmails {
  std::vector<EmailIntent> now;
  std::vector<EmailIntent> digest;
  friend bool operator==(const RoutedEmails&, const RoutedEmails&) = default;
};
RoutedEmails route_by_preferences(std::vector<EmailIntent> intents,
                                  const domain::AlertPreferencesState& preferences);

// The end of the digest period `at` falls in: periods of `period` counted
// from the Unix epoch (an hour's end on the UTC hour).
domain::Instant digest_due(domain::Instant at, std::chrono::milliseconds period);

// A webhook's filter: event types (or "*") and an optional tenant.
struct WebhookFilter {
  std::vector<std::string> events;
  std::string tenant;  // empty: every tenant
};

// Whether an event of `type` in `tenant` on `stream` goes to a webhook with
// `filter`. The notification machinery's own events (Notification*,
// Webhook*) never do, so a delivery cannot cause another; "*" is every
// other event except the token events (TokenIssued, TokenRevoked), which
// go only to webhooks that name them.
bool webhook_wants(const WebhookFilter& filter, std::string_view type, std::string_view tenant);

// The wait before attempt `attempt` + 1 after attempt `attempt` (1-based)
// failed: base * 2^(attempt-1), at most `cap`.
std::chrono::milliseconds retry_delay(int attempt, std::chrono::milliseconds base,
                                      std::chrono::milliseconds cap);

}  // namespace ticketd::api
