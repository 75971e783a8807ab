#pragma once
// The text and HTML of every notification email, from templates with
// {{placeholders}} (values are HTML-escaped in the HTML part). Pure.

#include <functional>
#include <string>
#include <string_view>

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

// Renders the email of `kind` for `to` about `source`, an event of the
// ticket whose state right after it is `ticket`.
EmailContent render_email(EmailKind kind, const domain::TicketState& ticket,
                          const domain::Event& source, const Recipient& to);

// Replaces each {{name}} in `tmpl` by lookup(name); `escape_html` escapes
// the substituted values (not the template). Unknown names become "".
std::string fill_template(std::string_view tmpl, bool escape_html,
                          const std::function<std::string(std::string_view)>& lookup);

}  // namespace ticketd::api
