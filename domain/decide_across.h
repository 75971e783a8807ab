#pragma once
// decide_across(): the business rules of commands that may touch more than
// the ticket they name, over decide(). A Merge closes its source and copies
// the source's messages onto the target; a customer's public reply to a
// closed ticket opens a follow-up ticket (API.md) instead of failing. Every
// other command is decide() on the one ticket. The answer says, per ticket
// stream, which events to append, so the caller appends them all in one
// atomic append with the versions given and decides again on a conflict.
// Pure, like decide(): ids come in from the caller.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/commands.h"
#include "domain/context.h"
#include "domain/events.h"
#include "domain/result.h"
#include "domain/ticket_state.h"

namespace ticketd::domain {

// The events a command appends to one ticket's stream.
struct StreamDecision {
  std::string ticket_id;
  // The ticket's tenant: the tenant of its events (and, when `opens`, of
  // the ticket number the caller allocates for it).
  std::string tenant;
  // A new ticket: its stream must not exist yet, and its first event is the
  // TicketOpened whose number the caller sets.
  bool opens = false;
  // The ticket's version the events were decided on (0 when `opens`): the
  // expected version of the append.
  std::uint64_t version = 0;
  // Empty when the command changes nothing on this ticket.
  std::vector<Event> events;
};

// What a command decides, one entry per ticket it touches, in append order.
// The last is the ticket the caller answers with: the ticket acted on, the
// merge target, or the follow-up ticket.
struct TicketDecision {
  std::vector<StreamDecision> streams;

  const StreamDecision& shown() const { return streams.back(); }
};

// What decide_across needs besides the command, the acting ticket and the
// context; the caller loads and makes these.
struct OtherTickets {
  // The state of the ticket other_ticket(command) names (a merge target),
  // or nullptr when it names none. A state that does not exist stands for a
  // ticket that does not.
  const TicketState* named = nullptr;
  // The id a follow-up ticket gets when opens_follow_up(); a fresh id, or
  // one derived from an idempotency key so that a repeat opens the same one.
  std::string follow_up_id;
};

// The id of the other ticket whose state decide_across needs for `command`:
// a Merge's target. std::nullopt for every other command.
std::optional<std::string> other_ticket(const Command& command);

// Whether `command` on `state` by `actor` opens a follow-up ticket: a
// public reply by a customer who can see the ticket, to a ticket that is
// closed and was not merged away (a merged ticket stays closed to replies).
bool opens_follow_up(const Command& command, const TicketState& state, const Actor& actor);

// The subject of a follow-up of a ticket with `subject`: "Re: <subject>",
// cut to kMaxSubjectChars code points on a UTF-8 character boundary.
std::string follow_up_subject(std::string_view subject);

// Decides `command` on `state` (the ticket the command names), as decide()
// does, with two commands that reach further:
//  - opens_follow_up(): an OpenTicket of others.follow_up_id, decided by
//    decide() on no ticket, for the same tenant, requester, category and
//    priority, subject follow_up_subject(state.subject), the reply's body
//    as description and its message id as the first message's, and
//    follow_up_of = state.id. One stream, which opens.
//  - a Merge on a ticket the actor can see: the target (others.named) must
//    exist and be visible to the actor, else kValidation on "into" ("no
//    such ticket"); then the Merge, with the target's key as into_key, is
//    decided on the source and a ReceiveMerge of the source's messages on
//    the target, and both must succeed. Two streams, source then target.
// Anything else: decide() on `state`, one stream (which opens for an
// OpenTicket). ctx.policy is the policy of the tenant of `state` (of the
// OpenTicket's tenant when it opens one); a follow-up shares its tenant.
Result<TicketDecision> decide_across(const Command& command, const TicketState& state,
                                     const OtherTickets& others, const Context& ctx);

}  // namespace ticketd::domain
