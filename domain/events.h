#pragma once
// Events: immutable past-tense facts about one ticket, appended by the event
// store and folded by evolve(). Each struct's kType is its wire type name
// (the envelope's `type`); event_codec.h maps the bodies to JSON. Events
// never change meaning once written: add new event types or optional fields
// (with a schema version bump) instead of editing these.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "domain/business_calendar.h"
#include "domain/message.h"
#include "domain/sla_policy.h"
#include "domain/types.h"

namespace ticketd::domain {

// The ticket came into being. `number` is the tenant's sequential number,
// assigned by the event store after decide (which leaves it 0) and set by
// the caller before encoding. `sla_targets` and `business_hours` snapshot
// the tenant's policy so that replay needs nothing else and a ticket keeps
// the policy it was opened under.
struct TicketOpened {
  static constexpr std::string_view kType = "TicketOpened";
  std::string ticket_id;
  std::string tenant;
  std::uint64_t number = 0;
  Requester requester;
  std::string subject;
  Category category = Category::kGeneral;
  Priority priority = Priority::kMedium;
  std::optional<std::string> assignee;
  std::optional<std::string> follow_up_of;
  SlaTargets sla_targets{};
  BusinessHours business_hours;
  friend bool operator==(const TicketOpened&, const TicketOpened&) = default;
};

// A reply or internal note; it was created at the event's occurred_at.
// A held mail is an internal note with `held` (the claimed sender and why it
// was not believed); accepting it posts the requester's reply with
// `accepted_from` naming the note, by the agent who accepted it.
struct MessagePosted {
  static constexpr std::string_view kType = "MessagePosted";
  std::string message_id;
  Author author;
  std::string body;
  bool internal = false;
  std::vector<Attachment> attachments;  // absent in the JSON when empty
  std::optional<HeldMail> held;         // absent unless a held mail
  std::string accepted_from;            // absent unless accepted from a held mail
  std::string quoted;                   // by mail: the quoted history below; absent when none
  std::optional<Attachment> original;   // by mail: the mail as it came; absent otherwise
  friend bool operator==(const MessagePosted&, const MessagePosted&) = default;
};

struct TicketAssigned {
  static constexpr std::string_view kType = "TicketAssigned";
  std::string assignee;
  friend bool operator==(const TicketAssigned&, const TicketAssigned&) = default;
};

struct TicketUnassigned {
  static constexpr std::string_view kType = "TicketUnassigned";
  friend bool operator==(const TicketUnassigned&, const TicketUnassigned&) = default;
};

// `reason` says why when the change was automatic or implied: "assigned",
// "customer_reply", "auto_close"; empty for an explicit status command.
struct StatusChanged {
  static constexpr std::string_view kType = "StatusChanged";
  Status from = Status::kOpen;
  Status to = Status::kOpen;
  std::string reason;
  friend bool operator==(const StatusChanged&, const StatusChanged&) = default;
};

// Carries the tenant's targets for the new priority at the time of the
// change; the due instants are recomputed from them (sla_retarget).
struct PriorityChanged {
  static constexpr std::string_view kType = "PriorityChanged";
  Priority from = Priority::kMedium;
  Priority to = Priority::kMedium;
  SlaTargets sla_targets{};
  friend bool operator==(const PriorityChanged&, const PriorityChanged&) = default;
};

struct CategoryChanged {
  static constexpr std::string_view kType = "CategoryChanged";
  Category from = Category::kGeneral;
  Category to = Category::kGeneral;
  friend bool operator==(const CategoryChanged&, const CategoryChanged&) = default;
};

// `level` is the ticket's escalation level after this event (previous + 1).
struct TicketEscalated {
  static constexpr std::string_view kType = "TicketEscalated";
  int level = 0;
  std::string reason;
  friend bool operator==(const TicketEscalated&, const TicketEscalated&) = default;
};

// Only tags that really changed: `added` were absent, `removed` present.
struct TagsChanged {
  static constexpr std::string_view kType = "TagsChanged";
  std::vector<std::string> added;
  std::vector<std::string> removed;
  friend bool operator==(const TagsChanged&, const TagsChanged&) = default;
};

// Source side of a merge: this ticket is closed in favour of `into_ticket_id`.
struct TicketMerged {
  static constexpr std::string_view kType = "TicketMerged";
  std::string into_ticket_id;
  std::string into_key;
  friend bool operator==(const TicketMerged&, const TicketMerged&) = default;
};

// Target side of a merge: full copies of the source's messages, so the
// target's stream alone reproduces its state.
struct MergeReceived {
  static constexpr std::string_view kType = "MergeReceived";
  std::string from_ticket_id;
  std::string from_key;
  std::vector<Message> messages;
  friend bool operator==(const MergeReceived&, const MergeReceived&) = default;
};

struct SatisfactionRated {
  static constexpr std::string_view kType = "SatisfactionRated";
  int rating = 0;
  std::string comment;
  friend bool operator==(const SatisfactionRated&, const SatisfactionRated&) = default;
};

// An SLA target is about to be missed; recorded at most once per target.
struct SlaWarning {
  static constexpr std::string_view kType = "SlaWarning";
  SlaTargetKind target = SlaTargetKind::kFirstResponse;
  Instant due_at{};
  friend bool operator==(const SlaWarning&, const SlaWarning&) = default;
};

// An SLA target was missed; recorded exactly once per target, together with
// a TicketEscalated by the system.
struct SlaBreached {
  static constexpr std::string_view kType = "SlaBreached";
  SlaTargetKind target = SlaTargetKind::kFirstResponse;
  Instant due_at{};
  friend bool operator==(const SlaBreached&, const SlaBreached&) = default;
};

using EventBody =
    std::variant<TicketOpened, MessagePosted, TicketAssigned, TicketUnassigned, StatusChanged,
                 PriorityChanged, CategoryChanged, TicketEscalated, TagsChanged, TicketMerged,
                 MergeReceived, SatisfactionRated, SlaWarning, SlaBreached>;

// When and by whom; the event store copies these into the envelope.
struct EventMeta {
  Instant occurred_at{};
  std::string actor_id;
  Role actor_role = Role::kSystem;
  friend bool operator==(const EventMeta&, const EventMeta&) = default;
};

struct Event {
  EventMeta meta;
  EventBody body;
  friend bool operator==(const Event&, const Event&) = default;
};

// The wire type name of `body`, equal to its struct name ("StatusChanged").
inline std::string_view event_type(const EventBody& body) {
  return std::visit([](const auto& e) { return std::decay_t<decltype(e)>::kType; }, body);
}

}  // namespace ticketd::domain
