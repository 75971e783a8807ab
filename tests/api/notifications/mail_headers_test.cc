// What the mail ticketd sends says and carries: SLA alerts in words (which
// target, when in the ticket's time zone, how long, the level after the
// breach, who, the link), the plus address replies come back through, and
// the headers that stop automatic answers.

#include <boost/test/unit_test.hpp>

#include "api/notifications/email_templates.h"
#include "api/notifications/mail_message.h"
#include "domain/time_format.h"

namespace ticketd::api {
namespace {

using namespace std::chrono_literals;

domain::Instant at(std::string_view text) { return *domain::parse_instant(text); }

domain::TicketState ticket() {
  domain::TicketState t;
  t.exists = true;
  t.id = "t00000000000000000042";
  t.tenant = "acme";
  t.number = 42;
  t.subject = "Printer on fire";
  t.requester = domain::Requester{"u-ann", "ann@acme.test", "Ann"};
  t.assignee = "agent-7";
  t.escalation_level = 2;
  t.priority = domain::Priority::kUrgent;
  t.business_hours.time_zone = "Europe/Berlin";
  return t;
}

domain::Event sla_event(domain::EventBody body, domain::Instant when) {
  domain::Event e;
  e.meta.occurred_at = when;
  e.meta.actor_id = "system";
  e.meta.actor_role = domain::Role::kSystem;
  e.body = std::move(body);
  return e;
}

const Recipient kAgent{"agent-7", "a7@support.test", "Seven"};

BOOST_AUTO_TEST_SUITE(mail_headers_test)

BOOST_AUTO_TEST_CASE(times_are_read_in_the_tickets_zone_and_durations_in_words) {
  BOOST_TEST(local_time_words(at("2026-12-03T22:05:04.353Z"), "Europe/Berlin") ==
             "Thu 03 Dec 2026, 23:05 CET");
  BOOST_TEST(local_time_words(at("2026-07-03T22:05:00.000Z"), "Europe/Berlin") ==
             "Sat 04 Jul 2026, 00:05 CEST");
  BOOST_TEST(local_time_words(at("2026-12-03T22:05:00.000Z"), "") == "Thu 03 Dec 2026, 22:05 UTC");
  BOOST_TEST(local_time_words(at("2026-12-03T22:05:00.000Z"), "Nowhere/Atlantis") ==
             "Thu 03 Dec 2026, 22:05 UTC");
  BOOST_TEST(duration_words(30s) == "less than a minute");
  BOOST_TEST(duration_words(1min) == "1 minute");
  BOOST_TEST(duration_words(125min) == "2 hours 5 minutes");
  BOOST_TEST(duration_words(60min) == "1 hour");
  BOOST_TEST(duration_words(std::chrono::hours{24 * 3 + 4} + 10min) == "3 days 4 hours");
}

BOOST_AUTO_TEST_CASE(a_breach_says_which_target_how_late_the_level_who_and_where) {
  const domain::Instant due = at("2026-12-03T22:05:00.000Z");
  const EmailContent mail = render_email(
      EmailKind::kSlaBreached, ticket(),
      sla_event(domain::SlaBreached{domain::SlaTargetKind::kFirstResponse, due}, due + 3min),
      kAgent, {}, "https://help.test/tickets/acme-42");
  BOOST_TEST(mail.subject == "[acme-42] First response overdue: Printer on fire");
  BOOST_TEST(mail.text ==
             "The first response target of ticket acme-42 \"Printer on fire\" was missed.\n"
             "It was due Thu 03 Dec 2026, 23:05 CET, 3 minutes ago.\n"
             "The ticket is now at escalation level 2.\n\n"
             "Requester Ann (ann@acme.test), assignee agent-7.\n"
             "Priority urgent, status open.\n\n"
             "Open the ticket: https://help.test/tickets/acme-42\n\n"
             "-- \n"
             "You receive this email because you work on the tickets of this helpdesk.\n");
  const std::size_t button = mail.html.find("<a href=\"https://help.test/tickets/acme-42\"");
  BOOST_TEST(button != std::string::npos);
  BOOST_TEST(mail.html.find(">Open the ticket</a>", button) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_warning_says_how_long_is_left_and_targets_read_apart) {
  const domain::Instant due = at("2026-12-03T22:05:00.000Z");
  domain::TicketState t = ticket();
  t.assignee.reset();
  const EmailContent first = render_email(
      EmailKind::kSlaWarning, t,
      sla_event(domain::SlaWarning{domain::SlaTargetKind::kFirstResponse, due}, due - 45min),
      kAgent);
  const EmailContent resolution = render_email(
      EmailKind::kSlaWarning, t,
      sla_event(domain::SlaWarning{domain::SlaTargetKind::kResolution, due}, due - 45min), kAgent);
  BOOST_TEST(first.subject == "[acme-42] First response due in 45 minutes: Printer on fire");
  BOOST_TEST(resolution.subject == "[acme-42] Resolution due in 45 minutes: Printer on fire");
  BOOST_TEST(first.text.find("assignee nobody") != std::string::npos);
  BOOST_TEST(first.text.find("Open the ticket") == std::string::npos);  // no public URL
}

BOOST_AUTO_TEST_CASE(the_plus_address_carries_the_ticket_and_comes_back) {
  BOOST_TEST(plus_address("Acme Support <support@help.test>", "acme-42") ==
             "support+acme-42@help.test");
  BOOST_TEST(plus_address("support+acme@help.test", "acme-7") == "support+acme-7@help.test");
  BOOST_TEST(ticket_key_in_address("Support <SUPPORT+acme-42@help.test>").value_or("") ==
             "acme-42");
  BOOST_TEST(ticket_key_in_address("support+my-team-3@help.test").value_or("") == "my-team-3");
  BOOST_TEST(!ticket_key_in_address("support+acme@help.test"));
  BOOST_TEST(!ticket_key_in_address("support+acme-@help.test"));
  BOOST_TEST(!ticket_key_in_address("support@help.test"));
  BOOST_TEST(!ticket_key_in_address("support+-42@help.test"));
}

BOOST_AUTO_TEST_CASE(sent_mail_carries_reply_to_and_suppresses_automatic_answers) {
  OutgoingEmail e;
  e.from = "support@help.test";
  e.to_email = "ann@acme.test";
  e.subject = "[acme-42] Printer on fire";
  e.text = "hi";
  e.html = "<p>hi</p>";
  e.message_id = "<t00000000000000000042-em1@help.test>";
  e.reply_to = "support+acme-42@help.test";
  const std::string raw = compose_mime(e);
  BOOST_TEST(raw.find("\r\nReply-To: support+acme-42@help.test\r\n") != std::string::npos);
  BOOST_TEST(raw.find("\r\nX-Auto-Response-Suppress: All\r\n") != std::string::npos);
  BOOST_TEST(raw.find("\r\nAuto-Submitted: auto-generated\r\n") != std::string::npos);
  e.reply_to.clear();
  BOOST_TEST(compose_mime(e).find("Reply-To:") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::api
