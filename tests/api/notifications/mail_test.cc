// Outbound mail composition, templates, inbound parsing (GMime) and the
// helpers that route inbound mail, and webhook signatures.

#include <boost/test/unit_test.hpp>

#include "api/notifications/email_templates.h"
#include "api/notifications/inbound_email.h"
#include "api/notifications/mail_message.h"
#include "api/notifications/webhook_sender.h"

namespace ticketd::api {
namespace {

BOOST_AUTO_TEST_SUITE(mail_test)

BOOST_AUTO_TEST_CASE(composed_mail_parses_back_with_its_threading_headers) {
  OutgoingEmail e;
  e.from = "Acme Support <support@help.test>";
  e.to_email = "ann@acme.test";
  e.to_name = "Änn Çustomer";
  e.subject = "[acme-42] Grüße\r\nBcc: evil@x";
  e.text = "Hello\nsecond line äöü";
  e.html = "<p>Hello</p>";
  e.message_id = notification_message_id("t0123456789abcdef0123", "em1", "help.test");
  e.in_reply_to = ticket_thread_id("t0123456789abcdef0123", "help.test");
  e.references = e.in_reply_to;
  const std::string raw = compose_mime(e);
  BOOST_TEST(raw.find("\nBcc:") == std::string::npos);  // no header injection
  auto parsed = parse_inbound_email(raw);
  BOOST_REQUIRE(parsed);
  BOOST_TEST(parsed->from_email == "support@help.test");
  BOOST_TEST(parsed->subject == "[acme-42] Grüße  Bcc: evil@x");
  BOOST_TEST(parsed->message_id == "t0123456789abcdef0123-em1@help.test");
  BOOST_TEST(parsed->text == "Hello\r\nsecond line äöü");
  BOOST_TEST((parsed->recipients == std::vector<std::string>{"ann@acme.test"}));
  BOOST_TEST(ticket_id_in_message_ids(parsed->in_reply_to).value_or("") == "t0123456789abcdef0123");
}

BOOST_AUTO_TEST_CASE(ticket_ids_in_message_ids) {
  BOOST_TEST(ticket_id_in_message_ids("<abc@x> <t0123456789abcdef0123-em9@y>").value_or("") ==
             "t0123456789abcdef0123");
  BOOST_TEST(ticket_id_in_message_ids("<t0123456789abcdef0123@y>").value_or("") ==
             "t0123456789abcdef0123");
  BOOST_TEST(!ticket_id_in_message_ids("<tZZ23456789abcdef0123@y>"));
  BOOST_TEST(!ticket_id_in_message_ids("<t0123@y>"));
  BOOST_TEST(!ticket_id_in_message_ids(""));
}

BOOST_AUTO_TEST_CASE(inbound_prefers_plain_text_and_decodes_it) {
  const std::string raw =
      "From: \"Bob B\" <Bob@Acme.test>\r\nTo: support+acme@help.test\r\nCc: other@x.test\r\n"
      "Delivered-To: support+acme@help.test\r\nSubject: =?UTF-8?B?w5xiZXI=?=\r\n"
      "Message-ID: <m1@acme.test>\r\nIn-Reply-To: <t0123456789abcdef0123-e@help.test>\r\n"
      "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=B\r\n\r\n"
      "--B\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>html &amp; more</p>\r\n"
      "--B\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: "
      "quoted-printable\r\n\r\n"
      "Gr=FC=DFe\r\n--B--\r\n";
  auto mail = parse_inbound_email(raw);
  BOOST_REQUIRE(mail);
  BOOST_TEST(mail->from_email == "bob@acme.test");
  BOOST_TEST(mail->from_name == "Bob B");
  BOOST_TEST(mail->subject == "Über");
  BOOST_TEST(mail->message_id == "m1@acme.test");
  BOOST_TEST(mail->text.starts_with("Grüße"));
  BOOST_TEST((mail->recipients == std::vector<std::string>{"support+acme@help.test", "other@x.test",
                                                           "support+acme@help.test"}));
}

BOOST_AUTO_TEST_CASE(inbound_html_only_becomes_text_and_no_sender_is_refused) {
  auto html = parse_inbound_email(
      "From: a@b.test\r\nContent-Type: text/html\r\n\r\n<div>one</div><div>two &lt;3</div>");
  BOOST_REQUIRE(html);
  BOOST_TEST(html->text == "one\ntwo <3");
  BOOST_TEST(!parse_inbound_email("Subject: nobody\r\n\r\nbody"));
}

BOOST_AUTO_TEST_CASE(quoted_history_is_stripped) {
  BOOST_TEST(strip_quoted_history(
                 "Thanks!\r\n\r\nOn Mon, 1 Jan 2026, Support <s@x> wrote:\r\n> old\r\n") ==
             "Thanks!");
  BOOST_TEST(strip_quoted_history(
                 "Fine now.\nOn Mon, 1 Jan 2026 at 10:00, Support\n<s@x> wrote:\n> old") ==
             "Fine now.");
  BOOST_TEST(strip_quoted_history("Top\n##- Please type your reply above this line -##\nold") ==
             "Top");
  // A quote the customer answers below stays: it is part of the reply.
  BOOST_TEST(strip_quoted_history("a\n> quoted\nb\n-- \nsig") == "a\n> quoted\nb");
  BOOST_TEST(strip_quoted_history("x\n-----Original Message-----\nFrom: y") == "x");
  BOOST_TEST(strip_quoted_history("> all quoted\n>more").empty());
  BOOST_TEST(strip_quoted_history("On the other hand it works") == "On the other hand it works");
}

BOOST_AUTO_TEST_CASE(keys_subjects_and_tenants) {
  BOOST_TEST(ticket_key_in_subject("Re: [acme-42] Cannot log in").value_or("") == "acme-42");
  BOOST_TEST(ticket_key_in_subject("[urgent] [my-shop-7] x").value_or("") == "my-shop-7");
  BOOST_TEST(!ticket_key_in_subject("[acme] [Acme-4] [acme-x]"));
  BOOST_TEST(clean_subject("  Re: FWD: aw: Printer ") == "Printer");
  BOOST_TEST(clean_subject("Re:") == "(no subject)");
  // French with a no-break (and a narrow no-break) space before the colon.
  BOOST_TEST(clean_subject("RE\u00a0: TR\u202f:\u00a0Imprimante") == "Imprimante");
  BOOST_TEST(clean_subject("RE : Imprimante") == "Imprimante");
  BOOST_TEST(clean_subject("RV: Antw: Doorst: Printer") == "Printer");
  BOOST_TEST(clean_subject("Re[2]: Re(3): Printer") == "Printer");
  BOOST_TEST(clean_subject("\u56de\u590d\uff1a\u8f6c\u53d1: Printer") == "Printer");
  // Words that merely begin like a prefix stay.
  BOOST_TEST(clean_subject("Trouble: printer") == "Trouble: printer");
  BOOST_TEST(clean_subject("Reset: the printer") == "Reset: the printer");
  BOOST_TEST(clean_subject("Re[x]: Printer") == "Re[x]: Printer");
  BOOST_TEST(clean_subject("Tr : Printer") == "Printer");
  BOOST_TEST(clean_subject(std::string(300, 'x')).size() == 200u);
  BOOST_TEST(
      (tenant_candidates("Support <support+acme@help.test>") == std::vector<std::string>{"acme"}));
  BOOST_TEST((tenant_candidates("globex@help.test") == std::vector<std::string>{"globex"}));
  BOOST_TEST(tenant_candidates("support+@help.test").empty());
  BOOST_TEST(tenant_candidates("nobody").empty());
  BOOST_TEST(address_of("\"X\" <A@B.test>") == "a@b.test");
  BOOST_TEST(domain_of("Acme <support@help.test>") == "help.test");
}

BOOST_AUTO_TEST_CASE(templates_escape_html_but_not_text) {
  domain::TicketState t;
  t.exists = true;
  t.tenant = "acme";
  t.number = 7;
  t.subject = "a <b> & c";
  t.requester = domain::Requester{"u", "ann@acme.test", "Ann"};
  domain::Event e;
  e.body = domain::MessagePosted{"m", domain::Author{"agent-7", "Seven", domain::Role::kAgent},
                                 "<script>x</script>\nline 2", false};
  EmailContent c =
      render_email(EmailKind::kAgentReply, t, e, Recipient{"u", "ann@acme.test", "Ann"});
  BOOST_TEST(c.subject == "[acme-7] a <b> & c");
  BOOST_TEST(c.text.find("<script>x</script>\nline 2") != std::string::npos);
  BOOST_TEST(c.text.starts_with(std::string(kReplyAboveMarker)));
  BOOST_TEST(c.html.find("&lt;script&gt;x&lt;/script&gt;<br>line 2") != std::string::npos);
  BOOST_TEST(c.html.find("<script>") == std::string::npos);
  BOOST_TEST(fill_template("{{a}}-{{b}}-{{", false,
                           [](std::string_view n) { return std::string(n) + "!"; }) == "a!-b!-{{");
}

BOOST_AUTO_TEST_CASE(webhook_signature_is_hmac_sha256_of_timestamp_and_body) {
  // RFC 4231 test case 2.
  BOOST_TEST(hmac_sha256_hex("Jefe", "what do ya want for nothing?") ==
             "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  BOOST_TEST(webhook_signature("Jefe", 1700000000, "{}") ==
             "t=1700000000,v1=" + hmac_sha256_hex("Jefe", "1700000000.{}"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::api
