#pragma once
// Commands: what an actor asks to happen to one ticket. decide() checks a
// command against the ticket's state and turns it into events or an error.
// Ids (ticket, message) are chosen by the caller so that a retried command
// produces identical events.

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/message.h"
#include "domain/types.h"

namespace ticketd::domain {

// Opens a new ticket for `requester` in `tenant`. The description becomes the
// first (public) message, with id `first_message_id`. `follow_up_of` links a
// ticket opened because someone replied to a closed one.
struct OpenTicket {
  std::string ticket_id;
  std::string tenant;
  Requester requester;
  std::string subject;
  std::string description;
  std::string first_message_id;
  std::optional<Category> category;  // default general
  std::optional<Priority> priority;  // default medium
  std::optional<std::string> assignee;
  std::optional<std::string> follow_up_of;
  std::vector<Attachment> attachments;  // of the description
  // Opened by mail: the quoted history below the description, and the mail
  // (set by the mail route only).
  std::string quoted;
  std::optional<Attachment> original;
};

// A public reply, or an internal note when `internal` (staff only).
struct PostMessage {
  std::string message_id;
  std::string body;  // may be empty when there are attachments
  bool internal = false;
  std::vector<Attachment> attachments;
  std::optional<HeldMail> held;  // a mail held back (internal only); set by the mail route
  // Posted by mail: the quoted history below the body, and the mail (set by
  // the mail route only).
  std::string quoted;
  std::optional<Attachment> original;
};

// An agent accepts a held mail (MessagePosted with `held`) as the
// requester's reply: posted as `message_id`, with the mail's words and files.
struct AcceptHeldMessage {
  std::string held_message_id;
  std::string message_id;
};

struct Assign {
  std::string assignee;
};

struct Unassign {};

// Moves the ticket along the workflow (workflow.h). A `note` is stored as an
// internal message with id `note_message_id`, posted just before the change.
struct ChangeStatus {
  Status status = Status::kOpen;
  std::optional<std::string> note;
  std::string note_message_id;
};

struct ChangePriority {
  Priority priority = Priority::kMedium;
};

struct ChangeCategory {
  Category category = Category::kGeneral;
};

struct Escalate {
  std::string reason;
};

// Adds and removes tags in one step. Tags are normalised to lowercase.
struct Tag {
  std::vector<std::string> add;
  std::vector<std::string> remove;
};

// Source side of a merge: closes this ticket in favour of another ticket of
// the same tenant. `into_key` is the target's key ("acme-42"); it also proves
// the target's tenant, since a key is "<tenant>-<number>".
struct Merge {
  std::string into_ticket_id;
  std::string into_key;
};

// Target side of a merge: copies the source's messages onto this ticket. The
// caller decides Merge on the source and ReceiveMerge on the target and
// appends both.
struct ReceiveMerge {
  std::string from_ticket_id;
  std::string from_key;
  std::vector<Message> messages;
};

// The customer's rating of a resolved or closed ticket, 1..5.
struct RateSatisfaction {
  int rating = 0;
  std::string comment;
};

// The system noticed that an SLA target is close (warning) or past (breach).
// `due_at` is the due instant the timer was set for; a timer set for a due
// instant that has since moved is refused as stale (kConflict).
struct RecordSlaWarning {
  SlaTargetKind target = SlaTargetKind::kFirstResponse;
  Instant due_at{};
};

struct RecordSlaBreach {
  SlaTargetKind target = SlaTargetKind::kFirstResponse;
  Instant due_at{};
};

// The system closes a ticket that stayed resolved long enough.
struct AutoClose {};

using Command =
    std::variant<OpenTicket, PostMessage, AcceptHeldMessage, Assign, Unassign, ChangeStatus,
                 ChangePriority, ChangeCategory, Escalate, Tag, Merge, ReceiveMerge,
                 RateSatisfaction, RecordSlaWarning, RecordSlaBreach, AutoClose>;

}  // namespace ticketd::domain
