#include "api/views/ticket_json.h"

#include "domain/decide.h"
#include "domain/event_codec.h"
#include "projections/summary_json.h"
#include "projections/ticket_summary.h"

namespace ticketd::api {
namespace {

// Staff only: a held mail's claimed sender, why it was held and the reply it
// became; on that reply, the held mail it came from.
void write_held_members(domain::JsonWriter& w, const domain::Message& m) {
  if (m.mail->held) {
    w.key("held");
    w.begin_object();
    w.member("email", m.mail->held->email);
    w.member("name", m.mail->held->name);
    w.member("reason", m.mail->held->reason);
    w.key("accepted_as");
    if (m.mail->held->accepted_as.empty()) {
      w.value(nullptr);
    } else {
      w.value(m.mail->held->accepted_as);
    }
    w.end_object();
  }
  if (!m.mail->accepted_from.empty()) w.member("accepted_from", m.mail->accepted_from);
}

}  // namespace

void write_ticket(domain::JsonWriter& w, const domain::TicketState& t, const domain::Actor& viewer,
                  bool with_messages) {
  const bool customer = domain::is_customer(viewer.role);
  projections::TicketSummary s;
  s.id = t.id;
  s.number = t.number;
  s.key = t.key();
  s.tenant = t.tenant;
  s.subject = t.subject;
  s.status = t.status;
  s.priority = t.priority;
  s.category = t.category;
  s.tags = t.tags;
  s.requester = t.requester;
  s.assignee = t.assignee;
  s.escalation_level = t.escalation_level;
  s.created_at = t.created_at;
  s.updated_at = t.updated_at;
  s.first_response_at = t.first_response_at;
  s.resolved_at = t.resolved_at;
  s.closed_at = t.closed_at;
  s.sla.first_response_due = t.sla.first_response_due;
  s.sla.resolution_due = t.sla.resolution_due;
  s.sla.first_response_breached = t.first_response_breached;
  s.sla.resolution_breached = t.resolution_breached;
  s.sla.paused = t.sla.paused;
  s.message_count = customer ? t.public_message_count : t.messages.size();
  s.version = t.version;
  s.merged_into = t.merged_into;
  s.follow_up_of = t.follow_up_of;
  w.begin_object();
  projections::write_ticket_summary_members(w, s);
  if (with_messages) {
    std::string files_at;  // made for the first message with files: most have none
    w.key("messages");
    w.begin_array();
    for (const domain::Message& m : t.messages) {
      if (!domain::message_visible_to(m, viewer)) continue;
      w.begin_object();
      w.member("id", m.id);
      w.key("author");
      w.begin_object();
      w.member("id", m.author.id);
      w.member("name", m.author.name);
      w.member("role", domain::to_string(m.author.role));
      w.end_object();
      w.member("internal", m.internal);
      w.member("body", m.body);
      w.member("created_at", m.created_at);
      if (files_at.empty() && !m.attachments.empty())
        files_at = attachment_path(t.id, "", customer);
      domain::write_attachments(w, m.attachments, files_at);
      if (!m.mail->quoted.empty()) w.member("quoted", m.mail->quoted);
      if (!customer) write_held_members(w, m);
      if (!customer && m.mail->original) {
        // The mail as it came: staff download it like a file.
        w.key("original");
        w.begin_object();
        w.member("size", m.mail->original->size);
        w.member("url", attachment_path(t.id, m.mail->original->id, false));
        w.end_object();
      }
      w.end_object();
    }
    w.end_array();
  }
  if (t.satisfaction) {
    w.key("satisfaction");
    w.begin_object();
    w.member("rating", t.satisfaction->rating);
    w.member("comment", t.satisfaction->comment);
    w.member("rated_at", t.satisfaction->rated_at);
    w.end_object();
  }
  w.end_object();
}

std::string ticket_json(const domain::TicketState& ticket, const domain::Actor& viewer) {
  std::string out;
  domain::JsonWriter w(out);
  write_ticket(w, ticket, viewer);
  return out;
}

std::string attachment_path(std::string_view ticket_id, std::string_view attachment_id,
                            bool customer) {
  std::string path(customer ? "/v1/tickets/" : "/admin/v1/tickets/");
  path.append(ticket_id);
  path.append("/attachments/");
  path.append(attachment_id);
  return path;
}

}  // namespace ticketd::api
