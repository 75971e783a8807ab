#include "domain/command_validation.h"

#include <algorithm>
#include <string>
#include <variant>
#include <vector>

namespace ticketd::domain {
namespace {

void check_attachments(const std::vector<Attachment>& attachments, FieldErrors& errors) {
  if (attachments.size() > kMaxAttachmentsPerMessage) {
    errors.push_back(
        FieldError{"attachments",
                   "must hold at most " + std::to_string(kMaxAttachmentsPerMessage) + " files"});
  }
  for (std::size_t i = 0; i < attachments.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (attachments[j].id == attachments[i].id) {
        errors.push_back(
            FieldError{"attachments[" + std::to_string(i) + "]", "names a file already listed"});
      }
    }
  }
}

// A mail's quoted history: bounded (the route cuts it; the mail itself is kept whole).
void check_quoted(std::string_view quoted, FieldErrors& errors) {
  if (quoted.size() > kMaxQuotedBytes) {
    errors.push_back({"quoted", "must be at most " + std::to_string(kMaxQuotedBytes) + " bytes"});
  }
}

void validate(const OpenTicket& c, const TicketState&, FieldErrors& errors) {
  check_id(c.ticket_id, "ticket_id", errors);
  check_id(c.tenant, "tenant", errors);
  if (!c.requester.id.empty()) check_id(c.requester.id, "requester.id", errors);
  check_email(c.requester.email, "requester.email", errors);
  check_text(c.requester.name, kNameRule, "requester.name", errors);
  check_subject(c.subject, "subject", errors);
  if (c.attachments.empty() || !c.description.empty()) {
    check_body(c.description, "description", errors);
    check_quoted(c.quoted, errors);
  }
  check_attachments(c.attachments, errors);
  check_id(c.first_message_id, "first_message_id", errors);
  if (c.assignee) check_id(*c.assignee, "assignee", errors);
  if (c.follow_up_of) check_id(*c.follow_up_of, "follow_up_of", errors);
}

void validate(const PostMessage& c, const TicketState&, FieldErrors& errors) {
  check_id(c.message_id, "message_id", errors);
  // A message of files alone (a screenshot) needs no words.
  if (c.attachments.empty() || !c.body.empty()) check_body(c.body, "body", errors);
  check_attachments(c.attachments, errors);
  if (c.held && !c.internal) errors.push_back({"internal", "a held mail is an internal note"});
  check_quoted(c.quoted, errors);
}

void validate(const AcceptHeldMessage& c, const TicketState&, FieldErrors& errors) {
  check_id(c.held_message_id, "message_id", errors);
  check_id(c.message_id, "message_id", errors);
}

void validate(const Assign& c, const TicketState&, FieldErrors& errors) {
  check_id(c.assignee, "assignee", errors);
}

void validate(const ChangeStatus& c, const TicketState&, FieldErrors& errors) {
  if (!c.note) return;
  check_body(*c.note, "note", errors);
  check_id(c.note_message_id, "note_message_id", errors);
}

void validate(const Escalate& c, const TicketState&, FieldErrors& errors) {
  check_text(c.reason, kMaxReasonChars, true, "reason", errors);
}

void validate(const Tag& c, const TicketState&, FieldErrors& errors) {
  std::vector<std::string> added;
  for (std::size_t i = 0; i < c.add.size(); ++i) {
    if (auto tag = normalize_tag(c.add[i], "tags.add[" + std::to_string(i) + "]", errors)) {
      added.push_back(std::move(*tag));
    }
  }
  for (std::size_t i = 0; i < c.remove.size(); ++i) {
    const std::string field = "tags.remove[" + std::to_string(i) + "]";
    const auto tag = normalize_tag(c.remove[i], field, errors);
    if (tag && std::find(added.begin(), added.end(), *tag) != added.end()) {
      errors.push_back(FieldError{field, "is also being added"});
    }
  }
}

void validate(const Merge& c, const TicketState& state, FieldErrors& errors) {
  check_id(c.into_ticket_id, "into", errors);
  check_id(c.into_key, "into_key", errors);
  if (c.into_ticket_id == state.id || c.into_key == state.key()) {
    errors.push_back(FieldError{"into", "cannot merge a ticket into itself"});
  }
}

void validate(const ReceiveMerge& c, const TicketState& state, FieldErrors& errors) {
  check_id(c.from_ticket_id, "from", errors);
  check_id(c.from_key, "from_key", errors);
  if (c.from_ticket_id == state.id || c.from_key == state.key()) {
    errors.push_back(FieldError{"from", "cannot merge a ticket into itself"});
  }
}

void validate(const RateSatisfaction& c, const TicketState&, FieldErrors& errors) {
  check_rating(c.rating, "rating", errors);
  check_text(c.comment, kMaxCommentChars, false, "comment", errors);
}

// Unassign, ChangePriority, ChangeCategory, SLA records, AutoClose: the
// types themselves are the only constraint.
template <class C>
void validate(const C&, const TicketState&, FieldErrors&) {}

}  // namespace

FieldErrors validate_command(const Command& command, const TicketState& state) {
  FieldErrors errors;
  std::visit([&](const auto& c) { validate(c, state, errors); }, command);
  return errors;
}

}  // namespace ticketd::domain
