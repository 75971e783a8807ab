#include "domain/decide.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "domain/command_validation.h"
#include "domain/permissions.h"
#include "domain/validation.h"
#include "domain/workflow.h"

namespace ticketd::domain {
namespace {

using Events = std::vector<Event>;

Error forbidden(std::string_view why) {
  return make_error(ErrorCode::kForbidden, std::string(why));
}
Error conflict(std::string message) { return make_error(ErrorCode::kConflict, std::move(message)); }
Error invalid_transition(std::string message) {
  return make_error(ErrorCode::kInvalidTransition, std::move(message));
}

Event event(const Context& ctx, EventBody body) {
  return Event{EventMeta{ctx.now, ctx.actor.id, ctx.actor.role}, std::move(body)};
}

// Whether `key` is "<tenant>-<number>", i.e. names a ticket of `tenant`.
bool key_in_tenant(std::string_view key, std::string_view tenant) {
  if (key.size() <= tenant.size() + 1 || key.substr(0, tenant.size()) != tenant ||
      key[tenant.size()] != '-') {
    return false;
  }
  const std::string_view number = key.substr(tenant.size() + 1);
  return std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool has_message(const TicketState& state, std::string_view id) {
  return std::any_of(state.messages.begin(), state.messages.end(),
                     [&](const Message& m) { return m.id == id; });
}

MessagePosted posted(std::string id, Author author, std::string body, bool internal,
                     std::vector<Attachment> files = {}) {
  MessagePosted m;
  m.message_id = std::move(id);
  m.author = std::move(author);
  m.body = std::move(body);
  m.internal = internal;
  m.attachments = std::move(files);
  return m;
}

Author author_of(const Actor& actor) { return Author{actor.id, actor.name, actor.role}; }

// The author shown on the description: the requester, with the role of the
// actor when customers open for themselves.
Author requester_author(const Requester& requester, const Actor& actor) {
  const Role role =
      is_customer(actor.role) && acts_as(requester, actor) ? actor.role : Role::kCustomer;
  return Author{requester.id.empty() ? requester.email : requester.id, requester.name, role};
}

Result<Events> apply(const OpenTicket& c, const TicketState&, const Context& ctx) {
  const Priority priority = c.priority.value_or(Priority::kMedium);
  TicketOpened opened{.ticket_id = c.ticket_id,
                      .tenant = c.tenant,
                      .number = 0,
                      .requester = c.requester,
                      .subject = c.subject,
                      .category = c.category.value_or(Category::kGeneral),
                      .priority = priority,
                      .assignee = c.assignee,
                      .follow_up_of = c.follow_up_of,
                      .sla_targets = ctx.policy.for_priority(priority),
                      .business_hours = ctx.policy.business_hours};
  Events out;
  out.push_back(event(ctx, std::move(opened)));
  MessagePosted description = posted(c.first_message_id, requester_author(c.requester, ctx.actor),
                                     c.description, false, c.attachments);
  description.quoted = c.quoted;
  description.original = c.original;
  out.push_back(event(ctx, std::move(description)));
  // Opened with an assignee is opened and assigned: work has started.
  if (c.assignee) {
    out.push_back(event(ctx, StatusChanged{Status::kOpen, Status::kInProgress, "assigned"}));
  }
  return out;
}

void reopen_on_customer_reply(const TicketState& state, const Context& ctx, Events& out) {
  const Status now = status_after_customer_reply(state.status);
  if (now != state.status)
    out.push_back(event(ctx, StatusChanged{state.status, now, "customer_reply"}));
}

Result<Events> apply(const PostMessage& c, const TicketState& state, const Context& ctx) {
  if (has_message(state, c.message_id)) return conflict("message id already used");
  Events out;
  MessagePosted message =
      posted(c.message_id, author_of(ctx.actor), c.body, c.internal, c.attachments);
  message.held = c.held;
  message.quoted = c.quoted;
  message.original = c.original;
  out.push_back(event(ctx, std::move(message)));
  if (is_customer(ctx.actor.role)) reopen_on_customer_reply(state, ctx, out);
  return out;
}

// The held mail becomes the requester's reply, as if they had posted it;
// the event's actor is the agent who accepted it.
Result<Events> apply(const AcceptHeldMessage& c, const TicketState& state, const Context& ctx) {
  const auto held = std::find_if(state.messages.begin(), state.messages.end(),
                                 [&](const Message& m) { return m.id == c.held_message_id; });
  if (held == state.messages.end() || !held->mail->held) {
    return make_error(ErrorCode::kNotFound, "the ticket has no held mail with this id");
  }
  if (!held->mail->held->accepted_as.empty()) {
    return conflict("the held mail was already accepted as message " +
                    held->mail->held->accepted_as);
  }
  if (has_message(state, c.message_id)) return conflict("message id already used");
  const Requester& r = state.requester;
  Events out;
  MessagePosted reply =
      posted(c.message_id, Author{r.id.empty() ? r.email : r.id, r.name, Role::kCustomer},
             held->body, false, held->attachments);
  reply.accepted_from = held->id;
  reply.quoted = held->mail->quoted;
  reply.original = held->mail->original;
  out.push_back(event(ctx, std::move(reply)));
  reopen_on_customer_reply(state, ctx, out);
  return out;
}

Result<Events> apply(const Assign& c, const TicketState& state, const Context& ctx) {
  if (state.assignee == c.assignee) return Events{};
  Events out;
  out.push_back(event(ctx, TicketAssigned{c.assignee}));
  if (state.status == Status::kOpen) {
    out.push_back(event(ctx, StatusChanged{Status::kOpen, Status::kInProgress, "assigned"}));
  }
  return out;
}

Result<Events> apply(const Unassign&, const TicketState& state, const Context& ctx) {
  if (!state.assignee) return Events{};
  return Events{event(ctx, TicketUnassigned{})};
}

Result<Events> apply(const ChangeStatus& c, const TicketState& state, const Context& ctx) {
  if (c.status == state.status) {
    return invalid_transition("ticket is already " + std::string(to_string(c.status)));
  }
  if (!allowed(state.status, c.status)) {
    return invalid_transition("cannot change status from " + std::string(to_string(state.status)) +
                              " to " + std::string(to_string(c.status)));
  }
  Events out;
  if (c.note) {
    if (has_message(state, c.note_message_id)) return conflict("message id already used");
    out.push_back(event(ctx, posted(c.note_message_id, author_of(ctx.actor), *c.note, true)));
  }
  out.push_back(event(ctx, StatusChanged{state.status, c.status, ""}));
  return out;
}

Result<Events> apply(const ChangePriority& c, const TicketState& state, const Context& ctx) {
  if (c.priority == state.priority) return Events{};
  return Events{
      event(ctx, PriorityChanged{state.priority, c.priority, ctx.policy.for_priority(c.priority)})};
}

Result<Events> apply(const ChangeCategory& c, const TicketState& state, const Context& ctx) {
  if (c.category == state.category) return Events{};
  return Events{event(ctx, CategoryChanged{state.category, c.category})};
}

Result<Events> apply(const Escalate& c, const TicketState& state, const Context& ctx) {
  return Events{event(ctx, TicketEscalated{state.escalation_level + 1, c.reason})};
}

Result<Events> apply(const Tag& c, const TicketState& state, const Context& ctx) {
  FieldErrors unused;  // the tags were checked by validate_command()
  TagsChanged change;
  for (const std::string& raw : c.add) {
    const std::string tag = *normalize_tag(raw, "", unused);
    if (!state.has_tag(tag) &&
        std::find(change.added.begin(), change.added.end(), tag) == change.added.end()) {
      change.added.push_back(tag);
    }
  }
  for (const std::string& raw : c.remove) {
    const std::string tag = *normalize_tag(raw, "", unused);
    if (state.has_tag(tag) &&
        std::find(change.removed.begin(), change.removed.end(), tag) == change.removed.end()) {
      change.removed.push_back(tag);
    }
  }
  if (change.added.empty() && change.removed.empty()) return Events{};
  if (state.tags.size() + change.added.size() - change.removed.size() > kMaxTagsPerTicket) {
    FieldErrors errors{FieldError{
        "tags.add", "a ticket has at most " + std::to_string(kMaxTagsPerTicket) + " tags"}};
    return *validation_error(std::move(errors));
  }
  std::sort(change.added.begin(), change.added.end());
  std::sort(change.removed.begin(), change.removed.end());
  return Events{event(ctx, std::move(change))};
}

Result<Events> apply(const Merge& c, const TicketState& state, const Context& ctx) {
  if (!key_in_tenant(c.into_key, state.tenant)) {
    return conflict("cannot merge into a ticket of another tenant");
  }
  return Events{event(ctx, TicketMerged{c.into_ticket_id, c.into_key})};
}

Result<Events> apply(const ReceiveMerge& c, const TicketState& state, const Context& ctx) {
  if (!key_in_tenant(c.from_key, state.tenant)) {
    return conflict("cannot merge a ticket of another tenant");
  }
  if (std::find(state.merged_from.begin(), state.merged_from.end(), c.from_ticket_id) !=
      state.merged_from.end()) {
    return Events{};
  }
  return Events{event(ctx, MergeReceived{c.from_ticket_id, c.from_key, c.messages})};
}

Result<Events> apply(const RateSatisfaction& c, const TicketState& state, const Context& ctx) {
  if (state.status != Status::kResolved && state.status != Status::kClosed) {
    return invalid_transition("only a resolved or closed ticket can be rated");
  }
  return Events{event(ctx, SatisfactionRated{c.rating, c.comment})};
}

// Shared by warnings and breaches: each is recorded at most once per target,
// only while that target is still being measured, and only for the due
// instant the ticket has now (a timer for a due that moved is stale).
Result<Events> record_sla(SlaTargetKind target, Instant due_at, bool breach,
                          const TicketState& state, const Context& ctx) {
  const bool first = target == SlaTargetKind::kFirstResponse;
  const bool breached = first ? state.first_response_breached : state.resolution_breached;
  const bool warned = first ? state.first_response_warned : state.resolution_warned;
  if (breached || (!breach && warned)) return Events{};

  const std::string name(to_string(target));
  if (first && state.first_response_at) {
    return conflict("first response was already given");
  }
  if (state.status == Status::kResolved || state.sla.stopped) {
    return conflict("ticket is resolved: " + name + " is no longer measured");
  }
  const std::optional<Instant> due =
      first ? state.sla.first_response_due : state.sla.resolution_due;
  if (!due) return conflict(name + " clock is paused");
  if (*due != due_at) return conflict("stale " + name + " timer: the due instant has moved");
  if (breach && ctx.now < *due) return conflict(name + " is not yet due");

  Events out;
  if (breach) {
    out.push_back(event(ctx, SlaBreached{target, due_at}));
    out.push_back(event(ctx, TicketEscalated{state.escalation_level + 1, "sla_breach:" + name}));
  } else {
    out.push_back(event(ctx, SlaWarning{target, due_at}));
  }
  return out;
}

Result<Events> apply(const RecordSlaWarning& c, const TicketState& state, const Context& ctx) {
  return record_sla(c.target, c.due_at, false, state, ctx);
}

Result<Events> apply(const RecordSlaBreach& c, const TicketState& state, const Context& ctx) {
  return record_sla(c.target, c.due_at, true, state, ctx);
}

Result<Events> apply(const AutoClose&, const TicketState& state, const Context& ctx) {
  if (state.status != Status::kResolved) {
    return invalid_transition("only a resolved ticket is closed automatically");
  }
  return Events{event(ctx, StatusChanged{Status::kResolved, Status::kClosed, "auto_close"})};
}

}  // namespace

Result<std::vector<Event>> decide(const Command& command, const TicketState& state,
                                  const Context& ctx) {
  const bool opens = std::holds_alternative<OpenTicket>(command);
  if (opens && state.exists) return conflict("ticket " + state.id + " already exists");
  // A tenant outside the staff member's scope answers as an unknown one
  // does (the route checks the same before deciding).
  if (const auto* open = std::get_if<OpenTicket>(&command);
      open != nullptr && !is_customer(ctx.actor.role) && !in_scope(ctx.actor, open->tenant)) {
    return *validation_error(FieldErrors{FieldError{"tenant", "no such tenant"}});
  }
  if (!opens && !visible_to(state, ctx.actor)) {
    return make_error(ErrorCode::kNotFound, std::string(kTicketNotFound));
  }
  if (const std::string_view why = role_denial(command, ctx.actor); !why.empty()) {
    return forbidden(why);
  }
  if (auto error = validation_error(validate_command(command, state))) return std::move(*error);
  if (state.status == Status::kClosed && !opens &&
      !std::holds_alternative<RateSatisfaction>(command)) {
    return make_error(ErrorCode::kTicketClosed, "ticket " + state.key() + " is closed");
  }
  return std::visit([&](const auto& c) { return apply(c, state, ctx); }, command);
}

bool visible_to(const TicketState& state, const Actor& actor) {
  if (!state.exists) return false;
  // A ticket of a tenant outside the actor's reach is as missing as any.
  if (!in_scope(actor, state.tenant)) return false;
  if (!is_customer(actor.role)) return true;
  if (actor.role == Role::kCustomerAdmin) return true;
  return (!actor.email.empty() && same_email(actor.email, state.requester.email)) ||
         (!state.requester.id.empty() && state.requester.id == actor.id);
}

bool message_visible_to(const Message& message, const Actor& actor) {
  return !message.internal || !is_customer(actor.role);
}

Status status_after_customer_reply(Status status) {
  return status == Status::kWaitingOnCustomer || status == Status::kResolved ? Status::kOpen
                                                                             : status;
}

}  // namespace ticketd::domain
