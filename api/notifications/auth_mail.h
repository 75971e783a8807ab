#pragma once
// The emails of signing in: a sign-in link, a password reset link, an
// invitation. Each carries a single-use secret, so none goes through the
// outbox (whose queue is rebuilt from the log): they are sent at once, by
// the caller's thread, and a failure is the caller's to report. The link
// is `public_url` + "/sign-in#purpose=...&token=..." (with "?next=PATH"
// before the "#" when the person asked from a page they want back to): the
// secret is in the fragment, which browsers do not send, so it reaches no
// access log.
//
// Thread-safety: send() may run on several threads at once.

#include <atomic>
#include <chrono>
#include <string>
#include <string_view>

#include "api/notifications/delivery_outcome.h"
#include "api/notifications/mail_message.h"
#include "api/notifications/smtp_mailer.h"

namespace ticketd::api {

struct LinkMail {
  std::string purpose;  // "magic_link", "reset", "invitation"
  std::string to_email;
  std::string to_name;
  std::string secret;
  std::chrono::minutes valid_for{15};
  std::string invited_by;  // invitations: who invited them
  std::string role;        // invitations: the role they will have
  std::string next;        // sign-in and reset links: the page to open after (a safe path)
};

// The message (subject, text, HTML) for `mail`, linking to `public_url`.
OutgoingEmail compose_link_mail(const LinkMail& mail, std::string_view public_url,
                                std::string_view from, domain::Instant now);

class AuthMail {
 public:
  AuthMail(const SmtpMailer& mailer, std::string from, std::string public_url)
      : mailer_(mailer), from_(std::move(from)), public_url_(std::move(public_url)) {}

  // Blocking: composes and sends `mail`.
  DeliveryOutcome send(const LinkMail& mail, domain::Instant now) const;

 private:
  const SmtpMailer& mailer_;
  const std::string from_;
  const std::string public_url_;
  std::atomic<bool> never_cancelled_{false};
};

}  // namespace ticketd::api
