// The encoding half of event_codec.h; decoding is in event_codec.cc.
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/event_codec.h"
#include "domain/json_writer.h"

namespace ticketd::domain {
namespace {

void write_targets(JsonWriter& w, std::string_view key, const SlaTargets& t) {
  w.key(key);
  w.begin_object();
  w.member("first_response_ms", t.first_response.count());
  w.member("resolution_ms", t.resolution.count());
  w.end_object();
}

void write_hours(JsonWriter& w, std::string_view key, const BusinessHours& h) {
  w.key(key);
  w.begin_object();
  w.member("time_zone", h.time_zone);
  w.key("weekly");
  w.begin_array();
  for (const std::vector<OpenInterval>& day : h.weekly) {
    w.begin_array();
    for (const OpenInterval& interval : day) {
      w.begin_object();
      w.member("start_minute", interval.start_minute);
      w.member("end_minute", interval.end_minute);
      w.end_object();
    }
    w.end_array();
  }
  w.end_array();
  w.key("holidays");
  w.begin_array();
  for (const std::string& day : h.holidays) w.value(day);
  w.end_array();
  w.end_object();
}

void write_optional(JsonWriter& w, std::string_view key, const std::optional<std::string>& v) {
  w.key(key);
  if (v) {
    w.value(*v);
  } else {
    w.value(nullptr);
  }
}

void write_strings(JsonWriter& w, std::string_view key, const std::vector<std::string>& v) {
  w.key(key);
  w.begin_array();
  for (const std::string& s : v) w.value(s);
  w.end_array();
}

void write_author(JsonWriter& w, const Author& a) {
  w.key("author");
  w.begin_object();
  w.member("id", a.id);
  w.member("name", a.name);
  w.member("role", to_string(a.role));
  w.end_object();
}

// A held mail's sender and reason, and (in a merged copy) the reply it became.
void write_held(JsonWriter& w, const std::optional<HeldMail>& held) {
  if (!held) return;
  w.key("held");
  w.begin_object();
  w.member("email", held->email);
  w.member("name", held->name);
  w.member("reason", held->reason);
  if (!held->accepted_as.empty()) w.member("accepted_as", held->accepted_as);
  w.end_object();
}

void write_accepted_from(JsonWriter& w, const std::string& id) {
  if (!id.empty()) w.member("accepted_from", id);
}

// An attachment's members, in an object left open for more.
void write_attachment(JsonWriter& w, const Attachment& a) {
  w.begin_object();
  w.member("id", a.id);
  w.member("name", a.name);
  w.member("size", a.size);
  w.member("type", a.type);
  w.member("sha256", a.sha256);
}

// What came by mail: the quoted history and the mail itself.
void write_mail_source(JsonWriter& w, const std::string& quoted,
                       const std::optional<Attachment>& original) {
  if (!quoted.empty()) w.member("quoted", quoted);
  if (!original) return;
  w.key("original");
  write_attachment(w, *original);
  w.end_object();
}

struct Encoder {
  JsonWriter& w;

  void operator()(const TicketOpened& e) const {
    w.member("ticket_id", e.ticket_id);
    w.member("tenant", e.tenant);
    w.member("number", e.number);
    w.key("requester");
    w.begin_object();
    w.member("id", e.requester.id);
    w.member("email", e.requester.email);
    w.member("name", e.requester.name);
    w.end_object();
    w.member("subject", e.subject);
    w.member("category", to_string(e.category));
    w.member("priority", to_string(e.priority));
    write_optional(w, "assignee", e.assignee);
    write_optional(w, "follow_up_of", e.follow_up_of);
    write_targets(w, "sla_targets", e.sla_targets);
    write_hours(w, "business_hours", e.business_hours);
  }
  void operator()(const MessagePosted& e) const {
    w.member("message_id", e.message_id);
    write_author(w, e.author);
    w.member("body", e.body);
    w.member("internal", e.internal);
    if (!e.attachments.empty()) write_attachments(w, e.attachments);
    write_held(w, e.held);
    write_accepted_from(w, e.accepted_from);
    write_mail_source(w, e.quoted, e.original);
  }
  void operator()(const TicketAssigned& e) const { w.member("assignee", e.assignee); }
  void operator()(const TicketUnassigned&) const {}
  void operator()(const StatusChanged& e) const {
    w.member("from", to_string(e.from));
    w.member("to", to_string(e.to));
    w.member("reason", e.reason);
  }
  void operator()(const PriorityChanged& e) const {
    w.member("from", to_string(e.from));
    w.member("to", to_string(e.to));
    write_targets(w, "sla_targets", e.sla_targets);
  }
  void operator()(const CategoryChanged& e) const {
    w.member("from", to_string(e.from));
    w.member("to", to_string(e.to));
  }
  void operator()(const TicketEscalated& e) const {
    w.member("level", e.level);
    w.member("reason", e.reason);
  }
  void operator()(const TagsChanged& e) const {
    write_strings(w, "added", e.added);
    write_strings(w, "removed", e.removed);
  }
  void operator()(const TicketMerged& e) const {
    w.member("into_ticket_id", e.into_ticket_id);
    w.member("into_key", e.into_key);
  }
  void operator()(const MergeReceived& e) const {
    w.member("from_ticket_id", e.from_ticket_id);
    w.member("from_key", e.from_key);
    w.key("messages");
    w.begin_array();
    for (const Message& m : e.messages) {
      w.begin_object();
      w.member("id", m.id);
      write_author(w, m.author);
      w.member("internal", m.internal);
      w.member("body", m.body);
      w.member("created_at", m.created_at);
      if (!m.attachments.empty()) write_attachments(w, m.attachments);
      write_held(w, m.mail->held);
      write_accepted_from(w, m.mail->accepted_from);
      write_mail_source(w, m.mail->quoted, m.mail->original);
      w.end_object();
    }
    w.end_array();
  }
  void operator()(const SatisfactionRated& e) const {
    w.member("rating", e.rating);
    w.member("comment", e.comment);
  }
  void operator()(const SlaWarning& e) const {
    w.member("target", to_string(e.target));
    w.member("due_at", e.due_at);
  }
  void operator()(const SlaBreached& e) const {
    w.member("target", to_string(e.target));
    w.member("due_at", e.due_at);
  }
};

}  // namespace

void write_attachments(JsonWriter& w, const std::vector<Attachment>& attachments,
                       std::string_view url_prefix) {
  w.key("attachments");
  w.begin_array();
  for (const Attachment& a : attachments) {
    write_attachment(w, a);
    if (!url_prefix.empty()) w.member("url", std::string(url_prefix) + a.id);
    w.end_object();
  }
  w.end_array();
}

void append_event_data(std::string& out, const EventBody& body) {
  JsonWriter w(out);
  w.begin_object();
  std::visit(Encoder{w}, body);
  w.end_object();
}

std::string encode_event_data(const EventBody& body) {
  std::string out;
  append_event_data(out, body);
  return out;
}

}  // namespace ticketd::domain
