// Files in mail: an inbound mail's attachments, inline images and forwarded
// messages (and the signatures that are not files), and an outbound mail's
// files: which are attached, which linked, how they are listed, and the
// MIME that carries them (parsed back with GMime).

#include <boost/test/unit_test.hpp>

#include "api/notifications/email_templates.h"
#include "api/notifications/inbound_email.h"
#include "api/notifications/mail_message.h"

namespace ticketd::api {
namespace {

BOOST_AUTO_TEST_SUITE(mail_files_test)

BOOST_AUTO_TEST_CASE(inbound_files_are_decoded_and_signatures_left_out) {
  const std::string raw =
      "From: ann@acme.test\r\nTo: support+acme@help.test\r\nSubject: Files\r\n"
      "MIME-Version: 1.0\r\nContent-Type: multipart/signed; boundary=S; "
      "protocol=\"application/pgp-signature\"\r\n\r\n"
      "--S\r\nContent-Type: multipart/mixed; boundary=M\r\n\r\n"
      "--M\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee the files.\r\n"
      "--M\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
      "Content-ID: <shot>\r\n\r\naGVsbG8=\r\n"
      "--M\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
      "Content-Disposition: attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.log\r\n\r\n"
      "AAEC/w==\r\n"
      "--M\r\nContent-Type: text/plain; charset=utf-8\r\n"
      "Content-Disposition: attachment; filename=notes.txt\r\n\r\nnot the body\r\n"
      "--M\r\nContent-Type: message/rfc822\r\n\r\n"
      "From: vendor@x.test\r\nSubject: Notice\r\n\r\nUpdate now\r\n"
      "--M--\r\n"
      "--S\r\nContent-Type: application/pgp-signature\r\n\r\n-----BEGIN PGP SIGNATURE-----\r\n"
      "--S--\r\n";
  auto mail = parse_inbound_email(raw);
  BOOST_REQUIRE(mail);
  BOOST_TEST(mail->text.starts_with("See the files."));
  BOOST_REQUIRE(mail->files.size() == 4u);
  BOOST_TEST(mail->files[0].name == "image.png");
  BOOST_TEST(mail->files[0].type == "image/png");
  BOOST_TEST(mail->files[0].content == "hello");
  BOOST_TEST(mail->files[1].name == "résumé.log");
  BOOST_TEST(mail->files[1].content == std::string("\x00\x01\x02\xff", 4));
  BOOST_TEST(mail->files[2].name == "notes.txt");
  BOOST_TEST(mail->files[2].content.starts_with("not the body"));
  BOOST_TEST(mail->files[3].name == "Notice.eml");
  BOOST_TEST(mail->files[3].type == "message/rfc822");
  BOOST_TEST(mail->files[3].content.find("Update now") != std::string::npos);
}

domain::Attachment file(std::string id, std::string name, std::uint64_t size) {
  return domain::Attachment{std::move(id), std::move(name), size, "application/pdf",
                            std::string(64, 'a')};
}

BOOST_AUTO_TEST_CASE(files_are_attached_while_they_fit_and_linked_after) {
  const std::vector<domain::Attachment> files{
      file("att_1", "a.pdf", 60), file("att_2", "b.pdf", 50), file("att_3", "c.pdf", 40)};
  auto plan = plan_mail_files(files, 100, "https://h.test/v1/tickets/t1/attachments/");
  BOOST_REQUIRE(plan.size() == 3u);
  BOOST_TEST(plan[0].attached);
  BOOST_TEST(!plan[1].attached);  // 60 + 50 > 100
  BOOST_TEST(plan[1].url == "https://h.test/v1/tickets/t1/attachments/att_2");
  BOOST_TEST(plan[2].attached);  // 60 + 40 fits
  BOOST_TEST(plan[2].url.empty());
  auto none = plan_mail_files(files, 0, "");
  BOOST_TEST(!none[0].attached);
  BOOST_TEST(none[0].url.empty());  // no public URL: only named
}

BOOST_AUTO_TEST_CASE(files_are_listed_below_the_words_escaped) {
  domain::TicketState t;
  t.exists = true;
  t.tenant = "acme";
  t.number = 7;
  t.subject = "Manual";
  t.requester = domain::Requester{"u", "ann@acme.test", "Ann"};
  domain::Event e;
  e.body = domain::MessagePosted{"m",
                                 domain::Author{"agent-7", "Seven", domain::Role::kAgent},
                                 "Here it is",
                                 false,
                                 {file("att_1", "<b>x</b>.pdf", 2048)}};
  const std::vector<domain::Attachment> message = message_files(t, e);
  BOOST_REQUIRE(message.size() == 1u);
  auto plan = plan_mail_files(message, 0, "https://h.test/v1/tickets/t1/attachments/");
  EmailContent c =
      render_email(EmailKind::kAgentReply, t, e, Recipient{"u", "ann@acme.test", "Ann"}, plan);
  BOOST_TEST(c.text.find("Here it is\n\nFiles:\n- <b>x</b>.pdf (2 KiB): "
                         "https://h.test/v1/tickets/t1/attachments/att_1\n") != std::string::npos,
             c.text);
  BOOST_TEST(c.html.find("<li style=\"margin:0 0 4px 0;\">"
                         "<a href=\"https://h.test/v1/tickets/t1/attachments/att_1\" "
                         "style=\"color:#1d4ed8;\">&lt;b&gt;x&lt;/b&gt;.pdf</a> (2 KiB)</li>") !=
                 std::string::npos,
             c.html);
  // An internal note's files go into no email.
  std::get<domain::MessagePosted>(e.body).internal = true;
  BOOST_TEST(message_files(t, e).empty());
}

BOOST_AUTO_TEST_CASE(attachments_make_a_mixed_message_that_parses_back) {
  OutgoingEmail e;
  e.from = "support@help.test";
  e.to_email = "ann@acme.test";
  e.subject = "[acme-7] Manual";
  e.text = "Here it is";
  e.html = "<p>Here it is</p>";
  e.message_id = "<t1-em1@help.test>";
  e.attachments.push_back(MailAttachment{"manual.pdf", "application/pdf", "%PDF-1.4 bytes"});
  e.attachments.push_back(MailAttachment{"Grüße \"1\".txt", "text/plain\r\nX-Evil: 1", "hi"});
  const std::string raw = compose_mime(e);
  BOOST_TEST(raw.find("Content-Type: multipart/mixed;") != std::string::npos);
  BOOST_TEST(raw.find("X-Evil") == std::string::npos);  // a type is no way into the headers
  auto parsed = parse_inbound_email(raw);
  BOOST_REQUIRE(parsed);
  BOOST_TEST(parsed->text == "Here it is");
  BOOST_REQUIRE(parsed->files.size() == 2u);
  BOOST_TEST(parsed->files[0].name == "manual.pdf");
  BOOST_TEST(parsed->files[0].type == "application/pdf");
  BOOST_TEST(parsed->files[0].content == "%PDF-1.4 bytes");
  BOOST_TEST(parsed->files[1].name == "Grüße \"1\".txt");
  BOOST_TEST(parsed->files[1].type == "application/octet-stream");
  BOOST_TEST(parsed->files[1].content == "hi");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::api
