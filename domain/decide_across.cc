#include "domain/decide_across.h"

#include <utility>
#include <variant>

#include "domain/decide.h"
#include "domain/validation.h"

namespace ticketd::domain {
namespace {

constexpr std::string_view kFollowUpPrefix = "Re: ";

StreamDecision existing(const TicketState& state, std::vector<Event> events) {
  return StreamDecision{state.id, state.tenant, false, state.version, std::move(events)};
}

Result<TicketDecision> follow_up(const PostMessage& reply, const TicketState& closed,
                                 const std::string& ticket_id, const Context& ctx) {
  OpenTicket open;
  open.ticket_id = ticket_id;
  open.tenant = closed.tenant;
  open.requester = closed.requester;
  open.subject = follow_up_subject(closed.subject);
  open.description = reply.body;
  open.first_message_id = reply.message_id;
  open.category = closed.category;
  open.priority = closed.priority;
  open.follow_up_of = closed.id;
  Result<std::vector<Event>> events = decide(open, initial_state(), ctx);
  if (!events) return events.error();
  TicketDecision out;
  out.streams.push_back(StreamDecision{open.ticket_id, open.tenant, true, 0, std::move(*events)});
  return out;
}

Result<TicketDecision> merge(const Merge& command, const TicketState& source,
                             const TicketState* target, const Context& ctx) {
  if (target == nullptr || !visible_to(*target, ctx.actor)) {
    Error e = make_error(ErrorCode::kValidation, "no such ticket to merge into");
    e.fields.push_back({"into", "no such ticket"});
    return e;
  }
  Merge source_side = command;
  source_side.into_key = target->key();
  Result<std::vector<Event>> merged = decide(source_side, source, ctx);
  if (!merged) return merged.error();
  Result<std::vector<Event>> received =
      decide(ReceiveMerge{source.id, source.key(), source.messages}, *target, ctx);
  if (!received) return received.error();
  TicketDecision out;
  out.streams.push_back(existing(source, std::move(*merged)));
  out.streams.push_back(existing(*target, std::move(*received)));
  return out;
}

Result<TicketDecision> single(const Command& command, const TicketState& state,
                              const Context& ctx) {
  Result<std::vector<Event>> events = decide(command, state, ctx);
  if (!events) return events.error();
  TicketDecision out;
  if (const auto* open = std::get_if<OpenTicket>(&command)) {
    out.streams.push_back(
        StreamDecision{open->ticket_id, open->tenant, true, 0, std::move(*events)});
  } else {
    out.streams.push_back(existing(state, std::move(*events)));
  }
  return out;
}

}  // namespace

std::optional<std::string> other_ticket(const Command& command) {
  if (const auto* merge = std::get_if<Merge>(&command)) return merge->into_ticket_id;
  return std::nullopt;
}

bool opens_follow_up(const Command& command, const TicketState& state, const Actor& actor) {
  const auto* post = std::get_if<PostMessage>(&command);
  return post != nullptr && !post->internal && is_customer(actor.role) &&
         visible_to(state, actor) && state.status == Status::kClosed && !state.merged_into;
}

std::string follow_up_subject(std::string_view subject) {
  std::string out(kFollowUpPrefix);
  std::size_t chars = kFollowUpPrefix.size();
  for (std::size_t i = 0; i < subject.size(); ++i) {
    const bool lead = (static_cast<unsigned char>(subject[i]) & 0xC0) != 0x80;
    if (lead && chars++ == kMaxSubjectChars) break;
    out.push_back(subject[i]);
  }
  return out;
}

Result<TicketDecision> decide_across(const Command& command, const TicketState& state,
                                     const OtherTickets& others, const Context& ctx) {
  if (opens_follow_up(command, state, ctx.actor)) {
    return follow_up(std::get<PostMessage>(command), state, others.follow_up_id, ctx);
  }
  const auto* merging = std::get_if<Merge>(&command);
  if (merging != nullptr && visible_to(state, ctx.actor)) {
    return merge(*merging, state, others.named, ctx);
  }
  return single(command, state, ctx);
}

}  // namespace ticketd::domain
