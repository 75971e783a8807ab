#pragma once
// The text and HTML of every notification email, in the tenant's language
// (English or German: email_strings.cc) and look (email_layout.cc: a
// table-based single column, the tenant's colour, light and dark). Every
// email says the same in both parts, in this order: the reply marker (the
// customer's emails), the greeting, what happened, the message with its
// author and time (rendered by mail_markup.h in the HTML part), its files,
// the link to the ticket, and for replies up to 3 earlier public messages;
// internal notes never. The text part is wrapped at 76 columns. Pure.
// tests/api/notifications/golden holds every kind in both languages.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "api/notifications/notification_rules.h"
#include "domain/events.h"
#include "domain/ticket_state.h"

namespace ticketd::api {

// The line customers reply above; inbound mail is cut there
// (inbound_email.h), so quoted history never becomes a message.
inline constexpr std::string_view kReplyAboveMarker =
    "##- Please type your reply above this line -##";

struct EmailContent {
  std::string subject;  // "[acme-42] ..."
  std::string text;     // text/plain, UTF-8, LF line ends
  std::string html;     // text/html, UTF-8
};

// A file of the message an email carries: attached to the email, or named
// with a link to download it (`url`; empty when ticketd has no public URL,
// then the file is only named).
struct MailFile {
  domain::Attachment file;
  bool attached = false;
  std::string url;
};

// Whether emails of `kind` go to the ticket's requester (else to staff).
bool to_customer(EmailKind kind);

// The files of the message an email of `source` carries: a public reply's,
// or for a new ticket its description's; none for an internal note or any
// other event. `ticket` as for render_email.
std::vector<domain::Attachment> message_files(const domain::TicketState& ticket,
                                              const domain::Event& source);

// Which of `files` an email attaches: in order, each that keeps the total
// within `attach_max_bytes`; the others are linked at `url_prefix` + id
// (empty prefix: named only).
std::vector<MailFile> plan_mail_files(const std::vector<domain::Attachment>& files,
                                      std::uint64_t attach_max_bytes, std::string_view url_prefix);

// How a tenant's mail looks and speaks (tenant settings language and
// brand_color, its name and its logo).
struct MailBrand {
  std::string tenant_name;      // "Acme Corp"; empty: none shown
  std::string language = "en";  // "en" or "de"
  std::string color;            // "#1d4ed8" form; empty: ticketd's own
  // Where mail clients fetch its logo (an absolute URL, tenant_logo_path
  // under --public-url); empty: none shown.
  std::string logo_url;
};

// Renders the email of `kind` for `to` about `source`, an event of the
// ticket whose state right after it is `ticket` (for an SLA breach: after
// the escalation it caused); `files` (plan_mail_files) are listed below the
// message's words, then `link` to the ticket (ticket_link; none if empty).
// SLA due times are in the ticket's business-hours time zone.
EmailContent render_email(EmailKind kind, const domain::TicketState& ticket,
                          const domain::Event& source, const Recipient& to,
                          const std::vector<MailFile>& files = {}, std::string_view link = {},
                          const MailBrand& brand = {});

// `t` as people read it in time zone `zone` (IANA name; UTC when empty or
// unknown), to the minute: "Thu 03 Dec 2026, 23:05 CET".
std::string local_time_words(domain::Instant t, std::string_view zone);

// A duration in words, to the minute: "2 hours 5 minutes", "3 days 4 hours",
// "less than a minute".
std::string duration_words(std::chrono::milliseconds d);

// A sentence of the wording (email_strings.h) filled in from `values`
// (unknown names become ""): for the HTML part the values are escaped,
// {{*name}} is bold, a newline is <br>, {{key}} never breaks at its hyphen
// and in {{left...}}/{{overdue...}} a number stays with its unit.
std::string fill_sentence(std::string_view tmpl, bool html,
                          const std::map<std::string, std::string, std::less<>>& values);

// Replaces each {{name}} in `tmpl` by lookup(name); `escape_html` escapes
// the substituted values (not the template), except the value of
// `markup_name`, markup made by the caller. Unknown names become "".
std::string fill_template(std::string_view tmpl, bool escape_html,
                          const std::function<std::string(std::string_view)>& lookup,
                          std::string_view markup_name = {});

}  // namespace ticketd::api
