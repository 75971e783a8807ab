#include "projections/summary_json.h"

namespace ticketd::projections {
namespace {

template <class T>
void optional_member(domain::JsonWriter& w, std::string_view name, const std::optional<T>& v) {
  w.key(name);
  if (v) {
    w.value(*v);
  } else {
    w.value(nullptr);
  }
}

}  // namespace

void write_ticket_summary_members(domain::JsonWriter& w, const TicketSummary& s) {
  w.member("id", s.id);
  w.member("number", s.number);
  w.member("key", s.key);
  w.member("tenant", s.tenant);
  w.member("subject", s.subject);
  w.member("status", domain::to_string(s.status));
  w.member("priority", domain::to_string(s.priority));
  w.member("category", domain::to_string(s.category));
  w.key("tags");
  w.begin_array();
  for (const std::string& tag : s.tags) w.value(tag);
  w.end_array();
  w.key("requester");
  w.begin_object();
  w.member("id", s.requester.id);
  w.member("email", s.requester.email);
  w.member("name", s.requester.name);
  w.end_object();
  optional_member(w, "assignee", s.assignee);
  w.member("escalation_level", s.escalation_level);
  w.member("created_at", s.created_at);
  w.member("updated_at", s.updated_at);
  optional_member(w, "first_response_at", s.first_response_at);
  optional_member(w, "resolved_at", s.resolved_at);
  optional_member(w, "closed_at", s.closed_at);
  w.key("sla");
  w.begin_object();
  optional_member(w, "first_response_due", s.sla.first_response_due);
  optional_member(w, "resolution_due", s.sla.resolution_due);
  w.member("first_response_breached", s.sla.first_response_breached);
  w.member("resolution_breached", s.sla.resolution_breached);
  w.member("paused", s.sla.paused);
  w.end_object();
  w.member("message_count", s.message_count);
  w.member("version", s.version);
  optional_member(w, "merged_into", s.merged_into);
  optional_member(w, "follow_up_of", s.follow_up_of);
}

void write_ticket_summary(domain::JsonWriter& w, const TicketSummary& s) {
  w.begin_object();
  write_ticket_summary_members(w, s);
  w.end_object();
}

}  // namespace ticketd::projections
