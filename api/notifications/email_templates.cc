#include "api/notifications/email_templates.h"

#include <date/tz.h>

#include <cctype>
#include <functional>
#include <map>
#include <optional>

#include "api/commands/attachments.h"
#include "api/notifications/email_layout.h"
#include "api/notifications/email_strings.h"
#include "api/notifications/mail_markup.h"
#include "domain/business_calendar.h"
#include "domain/decide.h"
#include "domain/time_format.h"

namespace ticketd::api {
namespace {

void escape_into(std::string& out, std::string_view s) {
  std::size_t start = 0;
  for (std::size_t nl; (nl = s.find('\n', start)) != std::string_view::npos; start = nl + 1) {
    out += escape_html(s.substr(start, nl - start));
    out += "<br>";
  }
  out += escape_html(s.substr(start));
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

std::string local_time_words(domain::Instant t, std::string_view zone) {
  const date::time_zone* tz = domain::find_zone(zone);  // none: UTC, which the text says
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

using Values = std::map<std::string, std::string, std::less<>>;

std::string fill_sentence(std::string_view tmpl, bool html, const Values& v) {
  std::string out;
  std::size_t i = 0;
  auto literal = [&](std::string_view s) {
    for (char c : s) {
      if (html && c == '\n') {
        out += "<br>";
      } else {
        out.push_back(c);
      }
    }
  };
  while (i < tmpl.size()) {
    const std::size_t open = tmpl.find("{{", i);
    const std::size_t close = open == std::string_view::npos ? open : tmpl.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    literal(tmpl.substr(i, open - i));
    std::string_view name = tmpl.substr(open + 2, close - open - 2);
    const bool bold = name.starts_with('*');
    if (bold) name.remove_prefix(1);
    const auto it = v.find(name);
    const std::string value = it == v.end() ? std::string() : it->second;
    if (!html) {
      out += value;
    } else if (name == "key") {  // "acme-42" never breaks at its hyphen
      const std::string key = escape_html(value);
      out +=
          "<span style=\"white-space:nowrap;\">" + (bold ? "<b>" + key + "</b>" : key) + "</span>";
    } else if (name.starts_with("left") || name.starts_with("overdue")) {
      // "2 hours 5 minutes": a number stays with its unit.
      for (char c : escape_html(value)) {
        if (c == ' ' && !out.empty() && std::isdigit(static_cast<unsigned char>(out.back()))) {
          out += "&nbsp;";
        } else {
          out.push_back(c);
        }
      }
    } else if (bold) {
      out += "<b>" + escape_html(value) + "</b>";
    } else {
      out += escape_html(value);
    }
    i = close + 2;
  }
  literal(tmpl.substr(i));
  return out;
}

namespace {

// A message shown in an email: who wrote it, when, what.
struct Shown {
  std::string author;
  std::string when;  // empty when unknown
  std::string body;
};

std::string author_name(const domain::Author& a) { return a.name.empty() ? a.id : a.name; }

std::string when_words(const Wording& w, domain::Instant t, const domain::TicketState& ticket) {
  return t == domain::Instant{} ? std::string() : time_words(w, t, ticket.business_hours.time_zone);
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' '))
    s.remove_suffix(1);
  while (!s.empty() && (s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
  return std::string(s);
}

// The message the email is about: a reply, or a new ticket's description.
std::optional<Shown> shown_message(EmailKind kind, const domain::TicketState& ticket,
                                   const domain::Event& source, const Wording& w) {
  if (const auto* m = std::get_if<domain::MessagePosted>(&source.body)) {
    if (kind != EmailKind::kAgentReply && kind != EmailKind::kCustomerReply) return std::nullopt;
    return Shown{author_name(m->author), when_words(w, source.meta.occurred_at, ticket),
                 trimmed(m->body)};
  }
  if ((kind == EmailKind::kTicketOpened || kind == EmailKind::kNewTicketAlert) &&
      !ticket.messages.empty() && !ticket.messages.front().internal) {
    const domain::Message& first = ticket.messages.front();
    std::string author = author_name(first.author);
    if (author.empty()) author = ticket.requester.name;
    return Shown{author, when_words(w, first.created_at, ticket), trimmed(first.body)};
  }
  return std::nullopt;
}

// At most this many earlier public messages follow a reply.
constexpr std::size_t kHistoryMessages = 3;

// The public messages before the reply `source`, the latest first.
std::vector<Shown> earlier_messages(const domain::TicketState& ticket, const domain::Event& source,
                                    const Wording& w) {
  const auto* m = std::get_if<domain::MessagePosted>(&source.body);
  if (m == nullptr) return {};
  std::size_t end = ticket.messages.size();
  for (std::size_t i = 0; i < ticket.messages.size(); ++i) {
    if (ticket.messages[i].id == m->message_id) end = i;
  }
  std::vector<Shown> out;
  for (std::size_t i = end; i-- > 0 && out.size() < kHistoryMessages;) {
    const domain::Message& earlier = ticket.messages[i];
    if (earlier.internal || earlier.id == m->message_id) continue;
    out.push_back(Shown{author_name(earlier.author), when_words(w, earlier.created_at, ticket),
                        trimmed(earlier.body)});
  }
  return out;
}

// An earlier message in the text part: quoted, "> " on every line.
std::string quoted_text(std::string_view body) {
  std::string out;
  std::size_t start = 0;
  while (true) {
    const std::size_t nl = body.find('\n', start);
    const std::string_view line =
        body.substr(start, nl == std::string_view::npos ? nl : nl - start);
    out += line.empty()            ? ">"
           : line.starts_with(">") ? ">" + std::string(line)
                                   : "> " + std::string(line);
    if (nl == std::string_view::npos) break;
    out.push_back('\n');
    start = nl + 1;
  }
  return out;
}

std::string message_heading_text(const Shown& s) {
  return s.when.empty() ? s.author + ":" : s.author + ", " + s.when + ":";
}

// The files below a message: a heading and a line (an item) each, saying
// which are attached and where the others are.
void list_files(const std::vector<MailFile>& files, const Wording& w,
                std::vector<std::string>& text, std::string& html) {
  if (files.empty()) return;
  std::string t = std::string(w.files);
  html += "<p style=\"margin:0 0 6px 0;font-weight:bold;\">" + escape_html(w.files) +
          "</p><ul style=\"margin:0 0 16px 0;padding:0 0 0 24px;\">";
  for (const MailFile& f : files) {
    const std::string size = file_size_words(f.file.size);
    t += "\n- " + f.file.name + " (" + size + ")";
    html += "<li style=\"margin:0 0 4px 0;\">";
    if (f.attached) {
      t += ", " + std::string(w.attached);
      html += escape_html(f.file.name) + " (" + escape_html(size) + "), " + escape_html(w.attached);
    } else if (!f.url.empty()) {
      t += ": " + f.url;
      html += "<a href=\"" + escape_html(f.url) + "\" style=\"color:#1d4ed8;\">" +
              escape_html(f.file.name) + "</a> (" + escape_html(size) + ")";
    } else {
      t += ", " + std::string(w.on_ticket);
      html +=
          escape_html(f.file.name) + " (" + escape_html(size) + "), " + escape_html(w.on_ticket);
    }
    html += "</li>";
  }
  html += "</ul>";
  text.push_back(std::move(t));  // file lines carry URLs: never wrapped
}

}  // namespace

EmailContent render_email(EmailKind kind, const domain::TicketState& ticket,
                          const domain::Event& source, const Recipient& to,
                          const std::vector<MailFile>& files, std::string_view link,
                          const MailBrand& brand) {
  const Wording& w = wording_for(brand.language);
  const KindWording& says = kind_wording(w, kind);
  const std::string color = brand_color(brand.color);
  Values v;
  v["key"] = ticket.key();
  v["subject"] = ticket.subject;
  v["to_name"] = to.name.empty() ? to.email : to.name;
  v["requester"] = ticket.requester.name.empty() ? ticket.requester.email : ticket.requester.name;
  v["requester_email"] = ticket.requester.email;
  v["priority"] = std::string(priority_words(w, ticket.priority));
  v["category"] = std::string(category_words(w, ticket.category));
  v["status"] = std::string(status_words(w, ticket.status));
  v["escalation"] = std::to_string(ticket.escalation_level);
  v["assignee"] = ticket.assignee.value_or(std::string(w.nobody));
  v["tenant"] = brand.tenant_name;
  if (const auto* m = std::get_if<domain::MessagePosted>(&source.body)) {
    v["author"] = author_name(m->author);
  }
  auto sla = [&](domain::SlaTargetKind target, domain::Instant due) {
    v["target"] = std::string(target_words(w, target, false));
    v["Target"] = std::string(target_words(w, target, true));
    v["due_at"] = time_words(w, due, ticket.business_hours.time_zone);
    const domain::Instant at = source.meta.occurred_at;
    const auto left = due > at ? due - at : std::chrono::milliseconds{0};
    const auto overdue = at > due ? at - due : std::chrono::milliseconds{0};
    v["left"] = duration_in(w, left);
    v["left_dative"] = duration_in(w, left, true);
    v["overdue"] = duration_in(w, overdue);
    v["overdue_dative"] = duration_in(w, overdue, true);
  };
  // A customer's reply to a waiting or resolved ticket reopened it (the
  // next event of the same command): say so, and show where it is now.
  std::string_view reopened;
  if (kind == EmailKind::kCustomerReply) {
    const domain::Status now = domain::status_after_customer_reply(ticket.status);
    if (now != ticket.status) {
      v["was_status"] = std::string(status_words(w, ticket.status));
      v["status"] = std::string(status_words(w, now));
      reopened = w.reopened;
    }
  }
  if (const auto* s = std::get_if<domain::SlaWarning>(&source.body)) sla(s->target, s->due_at);
  if (const auto* s = std::get_if<domain::SlaBreached>(&source.body)) sla(s->target, s->due_at);

  EmailContent out;
  out.subject = fill_sentence(says.subject, false, v);
  for (char& c : out.subject) {
    if (c == '\r' || c == '\n') c = ' ';  // subjects are one line
  }

  // The text part is made of blocks separated by blank lines; prose is
  // wrapped, lines with the marker or URLs are not.
  std::vector<std::string> text;
  std::string html;
  MailPage page;
  const bool customer = to_customer(kind);
  if (customer) {
    std::string marker(kReplyAboveMarker);
    page.marker_lines.push_back(marker);
    if (!w.reply_hint.empty()) {
      marker += "\n" + std::string(w.reply_hint);
      page.marker_lines.emplace_back(w.reply_hint);
    }
    text.push_back(std::move(marker));
    text.push_back(wrap_text(fill_sentence(w.greeting, false, v)));
    html += paragraph_html(fill_sentence(w.greeting, true, v));
  }
  for (std::string_view sentence : {says.intro, reopened, says.details}) {
    if (sentence.empty()) continue;
    text.push_back(wrap_text(fill_sentence(sentence, false, v)));
    html += paragraph_html(fill_sentence(sentence, true, v));
  }
  if (const std::optional<Shown> message = shown_message(kind, ticket, source, w)) {
    text.push_back(wrap_text(message_heading_text(*message) + "\n" + message->body));
    html += message_html(message->author, message->when, message->body, color, false);
  }
  list_files(files, w, text, html);
  if (!link.empty()) {
    text.push_back(std::string(w.open_link) + ": " + std::string(link));
    html += button_html(link, w.open_link, color);
  }
  if (!says.closing.empty()) {
    text.push_back(wrap_text(fill_sentence(says.closing, false, v)));
    html += paragraph_html(fill_sentence(says.closing, true, v));
  }
  if (kind == EmailKind::kAgentReply || kind == EmailKind::kCustomerReply) {
    const std::vector<Shown> earlier = earlier_messages(ticket, source, w);
    if (!earlier.empty()) {
      text.push_back(std::string(w.history) + ":");
      html += heading_html(w.history);
      for (const Shown& s : earlier) {
        text.push_back(wrap_text(message_heading_text(s) + "\n" + quoted_text(s.body)));
        html += message_html(s.author, s.when, s.body, color, true);
      }
    }
  }
  const std::string_view footer = customer                    ? w.footer_customer
                                  : brand.tenant_name.empty() ? w.footer_staff_no_tenant
                                                              : w.footer_staff;
  text.push_back("-- \n" + wrap_text(fill_sentence(footer, false, v)));
  page.footer = fill_sentence(footer, true, v);

  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i > 0) out.text += "\n\n";
    out.text += text[i];
  }
  out.text += "\n";
  page.lang = std::string(w.lang);
  page.title = out.subject;
  page.color = color;
  page.tenant_name = brand.tenant_name;
  page.logo_url = brand.logo_url;
  page.ticket_line = fill_sentence(w.ticket_line, true, v);
  page.content = std::move(html);
  out.html = page_html(page);
  return out;
}

}  // namespace ticketd::api
