#include "api/notifications/auth_mail.h"

#include "api/commands/ids.h"
#include "api/notifications/email_templates.h"

namespace ticketd::api {
namespace {

struct Wording {
  std::string_view subject;
  std::string_view intro;
  std::string_view action;
  std::string_view outro;
};

Wording wording_of(std::string_view purpose) {
  if (purpose == "reset")
    return {"Reset your password",
            "Someone (we hope you) asked to reset the password of your account.",
            "Choose a new password",
            "If it was not you, ignore this email: your password stays as it is. Choosing a "
            "new one signs you out everywhere else."};
  if (purpose == "invitation")
    return {"You are invited to the helpdesk",
            "{{invited_by}} invited you to the helpdesk, with the role {{role}}.",
            "Accept and set a password", "If you did not expect this, ignore this email."};
  return {"Your sign-in link", "Here is the link you asked for to sign in to the helpdesk.",
          "Sign in", "If you did not ask for it, ignore this email: nobody can use it without it."};
}

constexpr std::string_view kText =
    "Hello {{name}},\n\n{{intro}}\n\n{{action}}:\n{{url}}\n\n"
    "The link works once and expires in {{expiry}}.\n\n{{outro}}\n";

constexpr std::string_view kHtml =
    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<meta name=\"viewport\" content=\"width=device-width\">"
    "<meta name=\"color-scheme\" content=\"light dark\"><title>{{subject}}</title></head>"
    "<body style=\"font-family:system-ui,sans-serif;line-height:1.5;max-width:36em\">"
    "<p>Hello {{name}},</p><p>{{intro}}</p>"
    "<p><a href=\"{{url}}\" style=\"display:inline-block;padding:.6em 1.2em;border-radius:6px;"
    "background:#1f5fbf;color:#fff;text-decoration:none\">{{action}}</a></p>"
    "<p style=\"font-size:.9em\">The link works once and expires in {{expiry}}. "
    "If the button does not work, open this address:<br>"
    "<span style=\"word-break:break-all\">{{url}}</span></p>"
    "<p style=\"font-size:.9em;opacity:.75\">{{outro}}</p></body></html>";

// "15 minutes", "4 hours", "7 days".
std::string expiry_text(std::chrono::minutes m) {
  const auto n = m.count();
  if (n < 120) return std::to_string(n) + (n == 1 ? " minute" : " minutes");
  if (n < 48 * 60) return std::to_string(n / 60) + " hours";
  return std::to_string(n / (24 * 60)) + " days";
}

}  // namespace

OutgoingEmail compose_link_mail(const LinkMail& mail, std::string_view public_url,
                                std::string_view from, domain::Instant now) {
  const Wording words = wording_of(mail.purpose);
  const std::string url = std::string(public_url) + "/sign-in" +
                          (mail.next.empty() ? "" : "?next=" + mail.next) +
                          "#purpose=" + mail.purpose + "&token=" + mail.secret;
  auto values = [&](std::string_view name) -> std::string {
    if (name == "name") return mail.to_name.empty() ? mail.to_email : mail.to_name;
    if (name == "url") return url;
    if (name == "expiry") return expiry_text(mail.valid_for);
    if (name == "invited_by") return mail.invited_by;
    if (name == "role") return mail.role;
    if (name == "subject") return std::string(words.subject);
    return "";
  };
  // The wording may itself hold placeholders (who invited, the role): filled
  // here as text, escaped once where the HTML part takes it.
  const std::string intro = fill_template(words.intro, false, values);
  auto lookup = [&](std::string_view name) -> std::string {
    if (name == "intro") return intro;
    if (name == "action") return std::string(words.action);
    if (name == "outro") return std::string(words.outro);
    return values(name);
  };
  OutgoingEmail email;
  email.from = std::string(from);
  email.to_email = mail.to_email;
  email.to_name = mail.to_name;
  email.subject = std::string(words.subject);
  email.text = fill_template(kText, false, lookup);
  email.html = fill_template(kHtml, true, lookup);
  email.message_id = "<auth-" + random_hex(12) + "@" + domain_of(address_of(from)) + ">";
  email.date = now;
  return email;
}

DeliveryOutcome AuthMail::send(const LinkMail& mail, domain::Instant now) const {
  const OutgoingEmail email = compose_link_mail(mail, public_url_, from_, now);
  return mailer_.send(address_of(from_), mail.to_email, compose_mime(email), never_cancelled_);
}

}  // namespace ticketd::api
