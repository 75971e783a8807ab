#include "api/notifications/email_templates.h"

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
// can be cut above it.
constexpr std::array<Template, 8> kTemplates{{
    {EmailKind::kTicketOpened, "[{{key}}] {{subject}}",
     "{{marker}}\n\nHello {{to_name}},\n\nwe received your request \"{{subject}}\" and opened "
     "ticket {{key}}. We will get back to you soon.\n\nYou wrote:\n{{body}}\n{{files}}\n"
     "Reply to this email to add to your ticket.\n",
     "<p>Hello {{to_name}},</p><p>we received your request <b>{{subject}}</b> and opened ticket "
     "<b>{{key}}</b>. We will get back to you soon.</p><p>You wrote:</p><blockquote>{{body}}"
     "</blockquote>{{files}}<p>Reply to this email to add to your ticket.</p>"},
    {EmailKind::kNewTicketAlert, "[{{key}}] New ticket: {{subject}}",
     "New ticket {{key}} from {{requester}} ({{requester_email}}), priority {{priority}}, "
     "category {{category}}:\n\n{{subject}}\n\n{{body}}\n{{files}}",
     "<p>New ticket <b>{{key}}</b> from {{requester}} ({{requester_email}}), priority "
     "{{priority}}, category {{category}}:</p><h3>{{subject}}</h3><blockquote>{{body}}"
     "</blockquote>{{files}}"},
    {EmailKind::kAgentReply, "[{{key}}] {{subject}}",
     "{{marker}}\n\n{{author}} replied to your ticket {{key}}:\n\n{{body}}\n{{files}}\n"
     "Reply to this email to answer.\n",
     "<p>{{author}} replied to your ticket <b>{{key}}</b>:</p><blockquote>{{body}}</blockquote>"
     "{{files}}<p>Reply to this email to answer.</p>"},
    {EmailKind::kAssigned, "[{{key}}] Assigned to you: {{subject}}",
     "Ticket {{key}} \"{{subject}}\" from {{requester}} was assigned to you.\nStatus "
     "{{status}}, priority {{priority}}.\n",
     "<p>Ticket <b>{{key}}</b> <i>{{subject}}</i> from {{requester}} was assigned to you.</p>"
     "<p>Status {{status}}, priority {{priority}}.</p>"},
    {EmailKind::kResolved, "[{{key}}] Resolved: {{subject}}",
     "{{marker}}\n\nHello {{to_name}},\n\nyour ticket {{key}} \"{{subject}}\" was resolved. If "
     "something is still wrong, reply to this email and it opens again.\n",
     "<p>Hello {{to_name}},</p><p>your ticket <b>{{key}}</b> <i>{{subject}}</i> was resolved. "
     "If something is still wrong, reply to this email and it opens again.</p>"},
    {EmailKind::kSlaWarning, "[{{key}}] SLA warning: {{subject}}",
     "The {{target}} target of ticket {{key}} \"{{subject}}\" is due at {{due_at}}.\nPriority "
     "{{priority}}, status {{status}}.\n",
     "<p>The {{target}} target of ticket <b>{{key}}</b> <i>{{subject}}</i> is due at "
     "{{due_at}}.</p><p>Priority {{priority}}, status {{status}}.</p>"},
    {EmailKind::kSlaBreached, "[{{key}}] SLA breached: {{subject}}",
     "The {{target}} target of ticket {{key}} \"{{subject}}\" was missed (due {{due_at}}).\n"
     "Priority {{priority}}, status {{status}}, escalation level {{escalation}}.\n",
     "<p>The {{target}} target of ticket <b>{{key}}</b> <i>{{subject}}</i> was missed (due "
     "{{due_at}}).</p><p>Priority {{priority}}, status {{status}}, escalation level "
     "{{escalation}}.</p>"},
    {EmailKind::kCustomerReply, "[{{key}}] Customer reply: {{subject}}",
     "{{requester}} replied to ticket {{key}}:\n\n{{body}}\n{{files}}",
     "<p>{{requester}} replied to ticket <b>{{key}}</b>:</p><blockquote>{{body}}</blockquote>"
     "{{files}}"},
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
// which are attached and where the others are. Empty without files.
void list_files(const std::vector<MailFile>& files, std::string& text, std::string& html) {
  if (files.empty()) return;
  text = "\nFiles:\n";
  html = "<p>Files:</p><ul>";
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

}  // namespace

EmailContent render_email(EmailKind kind, const domain::TicketState& ticket,
                          const domain::Event& source, const Recipient& to,
                          const std::vector<MailFile>& files) {
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
  auto sla = [&](domain::SlaTargetKind target, domain::Instant due) {
    v["target"] = target == domain::SlaTargetKind::kFirstResponse ? "first response" : "resolution";
    v["due_at"] = domain::format_instant(due);
  };
  if (const auto* w = std::get_if<domain::SlaWarning>(&source.body)) sla(w->target, w->due_at);
  if (const auto* b = std::get_if<domain::SlaBreached>(&source.body)) sla(b->target, b->due_at);
  std::string files_text;
  std::string files_html;
  list_files(files, files_text, files_html);
  auto lookup = [&](std::string_view name) -> std::string {
    auto it = v.find(name);
    return it == v.end() ? std::string() : it->second;
  };
  EmailContent out;
  for (const Template& t : kTemplates) {
    if (t.kind != kind) continue;
    out.subject = fill_template(t.subject, false, lookup);
    v["files"] = files_text;
    out.text = fill_template(t.text, false, lookup);
    v["files"] = files_html;
    const std::string content = fill_template(t.html_body, true, lookup, "files");
    out.html = fill_template(kHtmlFrame, false, [&](std::string_view) { return content; });
  }
  // Subjects are one line.
  for (char& c : out.subject) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return out;
}

}  // namespace ticketd::api
