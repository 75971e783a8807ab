#pragma once
// Given / when / then helpers for the ticket domain tests: a few actors, a
// ticket history to start from, and readable renderings of results so that
// a failed check shows what was decided.

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "domain/commands.h"
#include "domain/context.h"
#include "domain/decide.h"
#include "domain/event_codec.h"
#include "domain/events.h"
#include "domain/evolve.h"
#include "domain/sla_policy.h"
#include "domain/ticket_state.h"
#include "domain/time_format.h"

namespace ticketd::domain::testing {

using std::chrono::hours;
using std::chrono::minutes;

// An instant written as RFC 3339 text; a typo fails the test loudly.
inline Instant at(std::string_view text) {
  const std::optional<Instant> t = parse_instant(text);
  if (!t) throw std::invalid_argument("bad instant in test: " + std::string(text));
  return *t;
}

inline std::string str(Instant t) { return format_instant(t); }
inline std::string str(const std::optional<Instant>& t) { return t ? format_instant(*t) : "none"; }

// Ticket t-1 of tenant acme (key acme-7) is opened at this instant.
inline const Instant kOpenedAt = at("2026-11-22T10:00:00.000Z");

inline Actor agent() { return Actor{"agent-7", Role::kAgent, "", "bob@support.test", "Bob"}; }
inline Actor admin() { return Actor{"admin-1", Role::kAdmin, "", "ada@support.test", "Ada"}; }
inline Actor system_actor() { return Actor{"system", Role::kSystem, "", "", "ticketd"}; }
// Ann is the requester of t-1.
inline Actor ann() { return Actor{"u-1", Role::kCustomer, "acme", "ann@acme.test", "Ann"}; }
// Carl is another customer of acme.
inline Actor carl() { return Actor{"u-2", Role::kCustomer, "acme", "carl@acme.test", "Carl"}; }
inline Actor acme_admin() {
  return Actor{"u-9", Role::kCustomerAdmin, "acme", "boss@acme.test", "Boss"};
}
// Gina is a customer admin of another tenant.
inline Actor globex_admin() {
  return Actor{"g-1", Role::kCustomerAdmin, "globex", "gina@globex.test", "Gina"};
}
inline Requester ann_requester() { return Requester{"u-1", "ann@acme.test", "Ann"}; }

inline Context ctx(const Actor& actor, Instant now = kOpenedAt + hours{1}) {
  return Context{actor, now, SlaPolicy::defaults()};
}

inline Event event(Instant when, const Actor& actor, EventBody body) {
  return Event{EventMeta{when, actor.id, actor.role}, std::move(body)};
}

inline Author author_of(const Actor& actor) { return Author{actor.id, actor.name, actor.role}; }

// The history of t-1 just after Ann opened it with `priority`.
inline std::vector<Event> opened(Priority priority = Priority::kMedium) {
  const SlaPolicy policy = SlaPolicy::defaults();
  TicketOpened e;
  e.ticket_id = "t-1";
  e.tenant = "acme";
  e.number = 7;
  e.requester = ann_requester();
  e.subject = "Cannot log in";
  e.category = Category::kTechnical;
  e.priority = priority;
  e.sla_targets = policy.for_priority(priority);
  e.business_hours = policy.business_hours;
  return {event(kOpenedAt, ann(), e),
          event(kOpenedAt, ann(),
                MessagePosted{"m-1", author_of(ann()), "It says password expired.", false})};
}

// The history of t-1 moved to `status` by an agent through allowed
// transitions, 10 minutes after opening (closed: resolved, then closed).
inline std::vector<Event> in_status(Status status) {
  std::vector<Event> history = opened();
  const Instant when = kOpenedAt + minutes{10};
  if (status == Status::kOpen) return history;
  if (status == Status::kClosed) {
    history.push_back(event(when, agent(), StatusChanged{Status::kOpen, Status::kResolved, ""}));
    history.push_back(event(when, agent(), StatusChanged{Status::kResolved, Status::kClosed, ""}));
    return history;
  }
  history.push_back(event(when, agent(), StatusChanged{Status::kOpen, status, ""}));
  return history;
}

inline std::vector<Event> with(std::vector<Event> history, Event more) {
  history.push_back(std::move(more));
  return history;
}

// decide() on the state folded from `history`.
inline Result<std::vector<Event>> when(const std::vector<Event>& history, const Command& command,
                                       const Context& context) {
  return decide(command, fold(history), context);
}

// "ok" or the error's wire code, for BOOST_TEST comparisons.
inline std::string code_of(const Result<std::vector<Event>>& result) {
  return result ? "ok" : std::string(to_string(result.error().code));
}

// Events as text: one line per event with its meta, type and JSON data.
inline std::string describe(const std::vector<Event>& events) {
  std::string out;
  for (const Event& e : events) {
    out += str(e.meta.occurred_at) + " " + e.meta.actor_id + "/" +
           std::string(to_string(e.meta.actor_role)) + " " + std::string(event_type(e.body)) + " " +
           encode_event_data(e.body) + "\n";
  }
  return out;
}

inline std::string describe(const Result<std::vector<Event>>& result) {
  if (!result)
    return "error " + std::string(to_string(result.error().code)) + ": " + result.error().message;
  return describe(*result);
}

// Events as expected: every one with meta {now, actor}.
inline std::vector<Event> expected(const Context& context, std::vector<EventBody> bodies) {
  std::vector<Event> out;
  for (EventBody& body : bodies) out.push_back(event(context.now, context.actor, std::move(body)));
  return out;
}

// The field names of a validation error, in order.
inline std::vector<std::string> fields_of(const Result<std::vector<Event>>& result) {
  std::vector<std::string> out;
  if (!result) {
    for (const FieldError& f : result.error().fields) out.push_back(f.field);
  }
  return out;
}

}  // namespace ticketd::domain::testing
