#include "domain/evolve.h"

#include <algorithm>
#include <type_traits>
#include <utility>

#include "domain/workflow.h"

namespace ticketd::domain {
namespace {

BusinessCalendar calendar_of(const TicketState& state) {
  if (state.business_hours.always_open()) return BusinessCalendar::always_open();
  Result<BusinessCalendar> calendar = BusinessCalendar::make(state.business_hours);
  return calendar ? *calendar : BusinessCalendar::always_open();
}

bool is_first_response(const Message& m) { return !m.internal && works_tickets(m.author.role); }

void add_message(TicketState& state, Message message) {
  if (!message.internal) ++state.public_message_count;
  state.messages.push_back(std::move(message));
}

// Moves the ticket to `to`, with the timestamps and SLA clock effects that
// entering `to` has (sla_enter_status).
void enter_status(TicketState& state, Status to, Instant at) {
  sla_enter_status(state.sla, calendar_of(state), to, at);
  if (is_active_status(to) || is_paused_status(to)) state.resolved_at.reset();
  if (to == Status::kResolved) state.resolved_at = at;
  if (to == Status::kClosed) state.closed_at = at;
  state.status = to;
}

struct Apply {
  TicketState& state;
  const EventMeta& meta;

  void operator()(const TicketOpened& e) const {
    state.exists = true;
    state.id = e.ticket_id;
    state.tenant = e.tenant;
    state.number = e.number;
    state.requester = e.requester;
    state.subject = e.subject;
    state.category = e.category;
    state.priority = e.priority;
    state.assignee = e.assignee;
    state.follow_up_of = e.follow_up_of;
    state.status = Status::kOpen;
    state.created_at = meta.occurred_at;
    state.business_hours = e.business_hours;
    state.sla = sla_start(calendar_of(state), e.sla_targets, meta.occurred_at);
  }

  void operator()(const MessagePosted& e) const {
    Message message{e.message_id,
                    e.author,
                    e.internal,
                    e.body,
                    meta.occurred_at,
                    e.attachments,
                    MailParts{e.held, e.accepted_from, e.quoted, e.original}};
    if (!state.first_response_at && is_first_response(message)) {
      state.first_response_at = meta.occurred_at;
    }
    if (!e.accepted_from.empty()) {
      for (Message& m : state.messages) {
        if (m.id != e.accepted_from || !m.mail->held) continue;
        MailParts parts = *m.mail;  // shared with earlier copies: never changed in place
        parts.held->accepted_as = e.message_id;
        m.mail = std::move(parts);
      }
    }
    add_message(state, std::move(message));
  }

  void operator()(const TicketAssigned& e) const { state.assignee = e.assignee; }
  void operator()(const TicketUnassigned&) const { state.assignee.reset(); }

  void operator()(const StatusChanged& e) const { enter_status(state, e.to, meta.occurred_at); }

  void operator()(const PriorityChanged& e) const {
    state.priority = e.to;
    sla_retarget(state.sla, calendar_of(state), e.sla_targets, state.created_at, meta.occurred_at);
  }

  void operator()(const CategoryChanged& e) const { state.category = e.to; }

  void operator()(const TicketEscalated& e) const { state.escalation_level = e.level; }

  void operator()(const TagsChanged& e) const {
    std::vector<std::string>& tags = state.tags;
    for (const std::string& tag : e.removed) {
      const auto it = std::lower_bound(tags.begin(), tags.end(), tag);
      if (it != tags.end() && *it == tag) tags.erase(it);
    }
    for (const std::string& tag : e.added) {
      const auto it = std::lower_bound(tags.begin(), tags.end(), tag);
      if (it == tags.end() || *it != tag) tags.insert(it, tag);
    }
  }

  void operator()(const TicketMerged& e) const {
    state.merged_into = e.into_ticket_id;
    enter_status(state, Status::kClosed, meta.occurred_at);
  }

  // The source's messages join the timeline in created_at order; a message
  // already present (same id) is not copied twice.
  void operator()(const MergeReceived& e) const {
    if (std::find(state.merged_from.begin(), state.merged_from.end(), e.from_ticket_id) ==
        state.merged_from.end()) {
      state.merged_from.push_back(e.from_ticket_id);
    }
    for (const Message& m : e.messages) {
      const bool present = std::any_of(state.messages.begin(), state.messages.end(),
                                       [&](const Message& have) { return have.id == m.id; });
      if (!present) add_message(state, m);
    }
    std::stable_sort(
        state.messages.begin(), state.messages.end(),
        [](const Message& a, const Message& b) { return a.created_at < b.created_at; });
  }

  void operator()(const SatisfactionRated& e) const {
    state.satisfaction = Satisfaction{e.rating, e.comment, meta.occurred_at};
  }

  void operator()(const SlaWarning& e) const {
    (e.target == SlaTargetKind::kFirstResponse ? state.first_response_warned
                                               : state.resolution_warned) = true;
  }

  void operator()(const SlaBreached& e) const {
    (e.target == SlaTargetKind::kFirstResponse ? state.first_response_breached
                                               : state.resolution_breached) = true;
  }
};

}  // namespace

TicketState evolve(TicketState state, const Event& event) {
  std::visit(Apply{state, event.meta}, event.body);
  ++state.version;
  state.updated_at = event.meta.occurred_at;
  return state;
}

TicketState fold(const std::vector<Event>& events) {
  TicketState state = initial_state();
  for (const Event& event : events) state = evolve(std::move(state), event);
  return state;
}

}  // namespace ticketd::domain
