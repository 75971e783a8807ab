#include "api/notifications/email_templates.h"

#include <date/tz.h>

#include <array>
#include <functional>
#include <map>

#include "api/commands/attachments.h"
#include "domain/time_format.h"

namespace ticketd::api {
namespace {

struct Template {
  EmailKind kind;
  std::string_view subject;
  std::string_view text;
  std::string_view html_body;  // inside the common HTML frame
};

// Customer-facing templates start with the reply marker so that replies
// can be cut above it. {{after}} is what follows the message: its files and
// the link to the ticket (markup made by render_email in the HTML part).
constexpr std::array<Template, 8> kTemplates{{
    {EmailKind::kTicketOpened, "[{{key}}] {{subject}}",
     "{{marker}}\n\nHello {{to_name}},\n\nwe received your request \"{{subject}}\" and opened "
     "ticket {{key}}. We will get back to you soon.\n\nYou wrote:\n{{body}}\n{{after}}\n"
     "Reply to this email to add to your ticket.\n",
     "<p>Hello {{to_name}},</p><p>we received your request <b>{{subject}}</b> and opened ticket "
     "<b>{{key}}</b>. We will get back to you soon.</p><p>You wrote:</p><blockquote>{{body}}"
     "</blockquote>{{after}}<p>Reply to this email to add to your ticket.</p>"},
    {EmailKind::kNewTicketAlert, "[{{key}}] New ticket: {{subject}}",
     "New ticket {{key}} from {{requester}} ({{requester_email}}), priority {{priority}}, "
     "category {{category}}:\n\n{{subject}}\n\n{{body}}\n{{after}}",
     "<p>New ticket <b>{{key}}</b> from {{requester}} ({{requester_email}}), priority "
     "{{priority}}, category {{category}}:</p><h3>{{subject}}</h3><blockquote>{{body}}"
     "</blockquote>{{after}}"},
    {EmailKind::kAgentReply, "[{{key}}] {{subject}}",
     "{{marker}}\n\n{{author}} replied to your ticket {{key}}:\n\n{{body}}\n{{after}}\n"
     "Reply to this email to answer.\n",
     "<p>{{author}} replied to your ticket <b>{{key}}</b>:</p><blockquote>{{body}}</blockquote>"
     "{{after}}<p>Reply to this email to answer.</p>"},
    {EmailKind::kAssigned, "[{{key}}] Assigned to you: {{subject}}",
     "Ticket {{key}} \"{{subject}}\" from {{requester}} was assigned to you.\nStatus "
     "{{status}}, priority {{priority}}.\n{{after}}",
     "<p>Ticket <b>{{key}}</b> <i>{{subject}}</i> from {{requester}} was assigned to you.</p>"
     "<p>Status {{status}}, priority {{priority}}.</p>{{after}}"},
    {EmailKind::kResolved, "[{{key}}] Resolved: {{subject}}",
     "{{marker}}\n\nHello {{to_name}},\n\nyour ticket {{key}} \"{{subject}}\" was resolved. If "
     "something is still wrong, reply to this email and it opens again.\n{{after}}",
     "<p>Hello {{to_name}},</p><p>your ticket <b>{{key}}</b> <i>{{subject}}</i> was resolved. "
     "If something is still wrong, reply to this email and it opens again.</p>{{after}}"},
    {EmailKind::kSlaWarning, "[{{key}}] {{Target}} due in {{left}}: {{subject}}",
     "The {{target}} target of ticket {{key}} \"{{subject}}\" is due {{due_at}}, in "
     "{{left}}.\nRequester {{requester}} ({{requester_email}}), assignee {{assignee}}.\n"
     "Priority {{priority}}, status {{status}}, escalation level {{escalation}}.\n{{after}}",
     "<p>The {{target}} target of ticket <b>{{key}}</b> <i>{{subject}}</i> is due "
     "<b>{{due_at}}</b>, in {{left}}.</p><p>Requester {{requester}} ({{requester_email}}), "
     "assignee {{assignee}}.<br>Priority {{priority}}, status {{status}}, escalation level "
     "{{escalation}}.</p>{{after}}"},
    {EmailKind::kSlaBreached, "[{{key}}] {{Target}} overdue: {{subject}}",
     "The {{target}} target of ticket {{key}} \"{{subject}}\" was missed: it was due "
     "{{due_at}}, {{overdue}} ago.\nThe ticket is now at escalation level {{escalation}}.\n"
     "Requester {{requester}} ({{requester_email}}), assignee {{assignee}}.\n"
     "Priority {{priority}}, status {{status}}.\n{{after}}",
     "<p>The {{target}} target of ticket <b>{{key}}</b> <i>{{subject}}</i> was missed: it was "
     "due <b>{{due_at}}</b>, {{overdue}} ago.</p><p>The ticket is now at escalation level "
     "<b>{{escalation}}</b>.</p><p>Requester {{requester}} ({{requester_email}}), assignee "
     "{{assignee}}.<br>Priority {{priority}}, status {{status}}.</p>{{after}}"},
    {EmailKind::kCustomerReply, "[{{key}}] Customer reply: {{subject}}",
     "{{requester}} replied to ticket {{key}}:\n\n{{body}}\n{{after}}",
     "<p>{{requester}} replied to ticket <b>{{key}}</b>:</p><blockquote>{{body}}</blockquote>"
     "{{after}}"},
}};

constexpr std::string_view kHtmlFrame =
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>{{content}}</body></html>";

void escape_into(std::string& out, std::string_view s) {
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '\n':
        out += "<br>";
        break;
      default:
        out.push_back(c);
    }
  }
}

}  // namespace

std::string fill_template(std::string_view tmpl, bool escape_html,
                          const std::function<std::string(std::string_view)>& lookup,
                          std::string_view markup_name) {
  std::string out;
  std::size_t i = 0;
  while (i < tmpl.size()) {
    const std::size_t open = tmpl.find("{{", i);
    if (open == std::string_view::npos) break;
    const std::size_t close = tmpl.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    out.append(tmpl.substr(i, open - i));
    const std::string_view name = tmpl.substr(open + 2, close - open - 2);
    const std::string value = lookup(name);
    if (escape_html && (markup_name.empty() || name != markup_name)) {
      escape_into(out, value);
    } else {
      out += value;
    }
    i = close + 2;
  }
  out.append(tmpl.substr(i));
  return out;
}

bool to_customer(EmailKind kind) {
  return kind == EmailKind::kTicketOpened || kind == EmailKind::kAgentReply ||
         kind == EmailKind::kResolved;
}

std::vector<domain::Attachment> message_files(const domain::TicketState& ticket,
                                              const domain::Event& source) {
  if (const auto* m = std::get_if<domain::MessagePosted>(&source.body)) {
    return m->internal ? std::vector<domain::Attachment>{} : m->attachments;
  }
  if (std::holds_alternative<domain::TicketOpened>(source.body) && !ticket.messages.empty() &&
      !ticket.messages.front().internal) {
    return ticket.messages.front().attachments;
  }
  return {};
}

std::vector<MailFile> plan_mail_files(const std::vector<domain::Attachment>& files,
                                      std::uint64_t attach_max_bytes, std::string_view url_prefix) {
  std::vector<MailFile> out;
  std::uint64_t attached = 0;
  for (const domain::Attachment& file : files) {
    MailFile m{file, false, {}};
    if (attached + file.size <= attach_max_bytes) {
      m.attached = true;
      attached += file.size;
    } else if (!url_prefix.empty()) {
      m.url = std::string(url_prefix) + file.id;
    }
    out.push_back(std::move(m));
  }
  return out;
}

namespace {

// The files below a message: "Files:" and a line (an item) each, saying
// which are attached and where the others are. Nothing without files.
void list_files(const std::vector<MailFile>& files, std::string& text, std::string& html) {
  if (files.empty()) return;
  text += "\nFiles:\n";
  html += "<p>Files:</p><ul>";
  for (const MailFile& f : files) {
    const std::string size = file_size_words(f.file.size);
    text += "- " + f.file.name + " (" + size + ")";
    html += "<li>";
    if (f.attached) {
      text += ", attached\n";
      html += fill_template("{{name}} ({{size}}), attached", true, [&](std::string_view n) {
        return std::string(n == "name" ? f.file.name : size);
      });
    } else if (!f.url.empty()) {
      text += ": " + f.url + "\n";
      html += fill_template(
          "<a href=\"{{url}}\">{{name}}</a> ({{size}})", true, [&](std::string_view n) {
            return std::string(n == "url" ? f.url : n == "name" ? f.file.name : size);
          });
    } else {
      text += ", on the ticket\n";
      html += fill_template("{{name}} ({{size}}), on the ticket", true, [&](std::string_view n) {
        return std::string(n == "name" ? f.file.name : size);
      });
    }
    html += "</li>";
  }
  html += "</ul>";
}

// The link to the ticket, on a line of its own; nothing without one.
void add_link(std::string_view url, std::string& text, std::string& html) {
  if (url.empty()) return;
  text += "\nOpen the ticket: " + std::string(url) + "\n";
  html += fill_template("<p><a href=\"{{url}}\">Open the ticket</a></p>", true,
                        [&](std::string_view) { return std::string(url); });
}

}  // namespace

std::string local_time_words(domain::Instant t, std::string_view zone) {
  const date::time_zone* tz = nullptr;
  if (!zone.empty()) {
    try {
      tz = date::locate_zone(zone);
    } catch (const std::exception&) {
      tz = nullptr;  // an unknown zone: UTC, which the text says
    }
  }
  const auto minutes = std::chrono::floor<std::chrono::minutes>(t);
  if (tz == nullptr) return date::format("%a %d %b %Y, %H:%M UTC", minutes);
  return date::format("%a %d %b %Y, %H:%M %Z", date::zoned_time{tz, minutes});
}

std::string duration_words(std::chrono::milliseconds d) {
  using std::chrono::duration_cast;
  if (d < std::chrono::minutes{1}) return "less than a minute";
  const auto total = duration_cast<std::chrono::minutes>(d).count();
  const long long days = total / (24 * 60), hours = total / 60 % 24, mins = total % 60;
  auto part = [](long long n, std::string_view unit) {
    return std::to_string(n) + " " + std::string(unit) + (n == 1 ? "" : "s");
  };
  if (days > 0) return part(days, "day") + (hours > 0 ? " " + part(hours, "hour") : "");
  if (hours > 0) return part(hours, "hour") + (mins > 0 ? " " + part(mins, "minute") : "");
  return part(mins, "minute");
}

EmailContent render_email(EmailKind kind, const domain::TicketState& ticket,
                          const domain::Event& source, const Recipient& to,
                          const std::vector<MailFile>& files, std::string_view link) {
  std::map<std::string, std::string, std::less<>> v;
  v["key"] = ticket.key();
  v["subject"] = ticket.subject;
  v["marker"] = std::string(kReplyAboveMarker);
  v["to_name"] = to.name.empty() ? to.email : to.name;
  v["requester"] = ticket.requester.name.empty() ? ticket.requester.email : ticket.requester.name;
  v["requester_email"] = ticket.requester.email;
  v["priority"] = std::string(domain::to_string(ticket.priority));
  v["category"] = std::string(domain::to_string(ticket.category));
  v["status"] = std::string(domain::to_string(ticket.status));
  v["escalation"] = std::to_string(ticket.escalation_level);
  if (const auto* m = std::get_if<domain::MessagePosted>(&source.body)) {
    v["body"] = m->body;
    v["author"] = m->author.name.empty() ? m->author.id : m->author.name;
  } else if (!ticket.messages.empty()) {
    // TicketOpened: the description, which follows it in the same command.
    v["body"] = ticket.messages.front().body;
  }
  v["assignee"] = ticket.assignee.value_or("nobody");
  auto sla = [&](domain::SlaTargetKind target, domain::Instant due) {
    const bool first = target == domain::SlaTargetKind::kFirstResponse;
    v["target"] = first ? "first response" : "resolution";
    v["Target"] = first ? "First response" : "Resolution";
    v["due_at"] = local_time_words(due, ticket.business_hours.time_zone);
    const domain::Instant at = source.meta.occurred_at;
    v["left"] = duration_words(due > at ? due - at : std::chrono::milliseconds{0});
    v["overdue"] = duration_words(at > due ? at - due : std::chrono::milliseconds{0});
  };
  if (const auto* w = std::get_if<domain::SlaWarning>(&source.body)) sla(w->target, w->due_at);
  if (const auto* b = std::get_if<domain::SlaBreached>(&source.body)) sla(b->target, b->due_at);
  std::string after_text;
  std::string after_html;
  list_files(files, after_text, after_html);
  add_link(link, after_text, after_html);
  auto lookup = [&](std::string_view name) -> std::string {
    auto it = v.find(name);
    return it == v.end() ? std::string() : it->second;
  };
  EmailContent out;
  for (const Template& t : kTemplates) {
    if (t.kind != kind) continue;
    out.subject = fill_template(t.subject, false, lookup);
    v["after"] = after_text;
    out.text = fill_template(t.text, false, lookup);
    v["after"] = after_html;
    const std::string content = fill_template(t.html_body, true, lookup, "after");
    out.html = fill_template(kHtmlFrame, false, [&](std::string_view) { return content; });
  }
  // Subjects are one line.
  for (char& c : out.subject) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return out;
}

}  // namespace ticketd::api
