// Reading inbound mail as people write it: charsets (declared, missing,
// wrong), encoded and raw headers, HTML as text, where the quoted history
// begins, what marks a mail as automatic, and the text parts that make the
// text.

#include <boost/test/unit_test.hpp>

#include "api/notifications/inbound_email.h"
#include "api/notifications/mail_text.h"

namespace ticketd::api {
namespace {

using mail_text::decode_header;
using mail_text::html_to_text;
using mail_text::to_utf8;

std::string mail(std::string_view headers, std::string_view body) {
  return "From: Ann <ann@acme.test>\r\nTo: support+acme@help.test\r\nSubject: x\r\n" +
         std::string(headers) + "\r\n" + std::string(body);
}

InboundEmail parsed(const std::string& raw) {
  auto m = parse_inbound_email(raw);
  BOOST_REQUIRE(m);
  return *m;
}

BOOST_AUTO_TEST_SUITE(mail_reading_test)

BOOST_AUTO_TEST_CASE(text_is_decoded_by_its_charset_and_detected_when_the_label_lies) {
  BOOST_TEST(to_utf8("\xA3"
                     "100",
                     "utf-8") == "£100");  // Latin-1 labelled UTF-8
  BOOST_TEST(to_utf8("\xA3"
                     "100",
                     "") == "£100");
  BOOST_TEST(to_utf8("£100", "") == "£100");                                 // valid UTF-8 stays
  BOOST_TEST(to_utf8("\x93quoted\x94 \x80", "iso-8859-1") == "“quoted” €");  // read as 1252
  BOOST_TEST(to_utf8("\x81\x8D", "windows-1252") == "\xC2\x81\xC2\x8D");     // undefined: kept
  BOOST_TEST(to_utf8("\xA4", "iso-8859-15") == "€");
  BOOST_TEST(to_utf8("\x83\x65\x83\x58\x83\x67", "Shift_JIS") == "テスト");
  BOOST_TEST(to_utf8("\xB2\xE2\xCA\xD4", "gb2312") == "测试");
  BOOST_TEST(to_utf8("\xC3\xA9t\xC3\xA9", "x-no-such-charset") == "été");  // unknown: detected
  // Not valid Shift_JIS: detected rather than cut.
  BOOST_TEST(to_utf8("caf\xE9", "shift_jis") == "café");
  BOOST_TEST(to_utf8("", "utf-8").empty());
}

BOOST_AUTO_TEST_CASE(headers_are_decoded_words_and_raw_bytes_alike) {
  BOOST_TEST(decode_header(" =?utf-8?Q?Gr=C3=BC=C3=9Fe?= aus =?ISO-8859-1?Q?K=F6ln?=\r\n") ==
             "Grüße aus Köln");
  // Words of one charset are joined before decoding: a character split.
  BOOST_TEST(decode_header("=?UTF-8?B?8J+Y?= =?UTF-8?B?gA==?=") == "😀");
  BOOST_TEST(decode_header("=?utf-8?q?a?=\r\n =?utf-8?q?b?=") == "ab");     // folded
  BOOST_TEST(decode_header("=?utf-8?Q?=A3100?= refund") == "£100 refund");  // mislabelled
  BOOST_TEST(decode_header("Caf\xE9 \xE2\x82\xAC") == "Café €");  // raw Latin-1 and UTF-8 words
  BOOST_TEST(decode_header("=?x-unknown?Q?caf=E9?=") == "café");
  BOOST_TEST(decode_header("=?iso-2022-jp?B?GyRCJUYlOSVIGyhC?=") == "テスト");
  BOOST_TEST(decode_header("=?utf-8*en?Q?hi?= there") == "hi there");  // RFC 2231 language
  BOOST_TEST(decode_header("price =?bad") == "price =?bad");
  auto m = parsed(
      "From: \"=?GB2312?B?zfXOsA==?=\" <w@x.test>\r\nSubject: =?Shift_JIS?B?g2WDWINn?=\r\n\r\nx");
  BOOST_TEST(m.from_name == "王伟");
  BOOST_TEST(m.subject == "テスト");
  auto raw = parsed("From: Ren\xE9 \"Le \\\"Chef\\\"\" <r@x.test>\r\nSubject: Caf\xE9\r\n\r\nx");
  BOOST_TEST(raw.from_name == "René Le \"Chef\"");
  BOOST_TEST(raw.subject == "Café");
  BOOST_TEST(parsed("From: daemon@x.test (Mail System)\r\n\r\nx").from_name == "Mail System");
}

BOOST_AUTO_TEST_CASE(a_part_in_latin1_labelled_utf8_keeps_every_byte) {
  auto m = parsed(mail("Content-Type: text/plain; charset=utf-8\r\n",
                       "It cost \xA3"
                       "100."));
  BOOST_TEST(m.text == "It cost £100.");
  auto none = parsed(mail("Content-Type: text/plain\r\n",
                          "Gr\xFC\xDF"
                          "e"));
  BOOST_TEST(none.text == "Grüße");
}

BOOST_AUTO_TEST_CASE(html_is_read_as_a_browser_shows_it) {
  BOOST_TEST(html_to_text("<html><head><title>T</title><style>p{color:red}</style>"
                          "<script>alert(1)</script></head><body><p>Hello</p></body></html>") ==
             "Hello");
  BOOST_TEST(html_to_text("&#8220;a&#8221; &eacute;t&eacute; &rsquo; x&nbsp;y &lt;b&gt; &amp;") ==
             "“a” été ’ x y <b> &");
  BOOST_TEST(html_to_text("<img alt=\"a>b\" src=x width=1 height=1>text <!-- hidden -->") ==
             "text");
  BOOST_TEST(html_to_text("<!--[if mso]><p>only Outlook</p><![endif]-->shown") == "shown");
  BOOST_TEST(html_to_text("<div>one</div><div><br></div><div>two</div>") == "one\n\ntwo");
  BOOST_TEST(html_to_text("<div>one<br></div><div>two</div>") == "one\ntwo");
  BOOST_TEST(html_to_text("<p>one</p><p>two</p>") == "one\n\ntwo");
  BOOST_TEST(html_to_text("a<br>b<br><br>c") == "a\nb\n\nc");
  BOOST_TEST(html_to_text("<p>  lots \n of\t  space </p>") == "lots of space");
  BOOST_TEST(html_to_text("<ul><li>x</li><li>y</li></ul><ol><li>z</li></ol>") == "- x\n- y\n- z");
  BOOST_TEST(html_to_text("<h1>Title</h1>text") == "Title\n\ntext");
  BOOST_TEST(html_to_text("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>") ==
             "a b\nc");
  BOOST_TEST(html_to_text("<a href=\"https://x.test/a\">the docs</a>") ==
             "the docs (https://x.test/a)");
  BOOST_TEST(html_to_text("<a href=\"https://x.test/\">https://x.test</a>") == "https://x.test");
  BOOST_TEST(html_to_text("<a href=\"mailto:a@b.test\">a@b.test</a>") == "a@b.test");
  BOOST_TEST(html_to_text("<a href=\"https://x.test\"><img src=logo.png></a>").empty());
  BOOST_TEST(html_to_text("<pre>a  b\n  c</pre>") == "a  b\n  c");
  BOOST_TEST(html_to_text("before<blockquote><div>q1</div><div>q2</div></blockquote>after") ==
             "before\n> q1\n> q2\nafter");
  BOOST_TEST(html_to_text("<blockquote>a<blockquote>b</blockquote></blockquote>") == "> a\n> > b");
  BOOST_TEST(html_to_text("<span style=\"display: none\">preheader</span>seen") == "seen");
  BOOST_TEST(html_to_text("<body><style>v\\:* {behavior:url(#default#VML);}</style>hi</body>") ==
             "hi");
  BOOST_TEST(html_to_text("<p class=MsoNormal>a<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;"
                          "</o:p></p><p class=MsoNormal>b<o:p></o:p></p>") == "a\n\nb");
  BOOST_TEST(html_to_text("<p class=MsoListParagraph><![if !supportLists]><span "
                          "style='mso-list:Ignore'>&middot;<span>&nbsp;&nbsp; </span></span>"
                          "<![endif]>item</p>") == "- item");
  BOOST_TEST(html_to_text("").empty());
  BOOST_TEST(html_to_text("<p>unclosed <b>bold <i>both</p>tail") == "unclosed bold both\n\ntail");
}

BOOST_AUTO_TEST_CASE(outlook_html_history_is_found_in_its_text) {
  for (std::string_view marker :
       {"<div id=\"appendonsend\"></div><hr style=\"display:inline-block\"><div "
        "id=\"divRplyFwdMsg\">",
        "<div style=\"border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm\">"}) {
    const std::string text =
        html_to_text("<div>My answer.</div>" + std::string(marker) +
                     "<p><b>From:</b> Support<br><b>Sent:</b> Monday<br><b>To:</b> Ann<br>"
                     "<b>Subject:</b> Re: x</p></div><div>old text</div>");
    BOOST_TEST(text.find("________________________________\n") != std::string::npos);
    BOOST_TEST(text.find("From: Support\nSent: Monday\nTo: Ann\nSubject: Re: x") !=
               std::string::npos);
    BOOST_TEST(strip_quoted_history(text) == "My answer.");
  }
}

BOOST_AUTO_TEST_CASE(wrote_lines_start_history_only_before_a_quote) {
  const std::string quote = "\n\n> old\n> older\n";
  for (std::string_view line : {"On Thu, Dec 3, 2026 at 10:15 AM Ann <a@b.test> wrote:",
                                "On 3 Dec 2026, at 10:15, Ann <a@b.test> wrote:",
                                "Am Do., 3. Dez. 2026 um 10:15 Uhr schrieb Ann <a@b.test>:",
                                "Le jeu. 3 déc. 2026 à 10:15, Ann <a@b.test> a écrit :",
                                "Le jeu. 3 déc. 2026 à 10:15, Ann <a@b.test> a écrit\xC2\xA0:",
                                "El jue, 3 dic 2026 a las 10:15, Ann (<a@b.test>) escribió:",
                                "Op do 3 dec. 2026 om 10:15 schreef Ann <a@b.test>:"}) {
    BOOST_TEST_CONTEXT(line) {
      BOOST_TEST(strip_quoted_history("Reply.\n\n" + std::string(line) + quote) == "Reply.");
    }
  }
  // Folded over two lines.
  BOOST_TEST(strip_quoted_history("Reply.\n\nOn Thu, Dec 3, 2026 at 10:15 AM Ann <a@b.test>\n"
                                  "wrote:\n\n> old") == "Reply.");
  // The customer's own sentence.
  const std::string own = "On Monday our admin wrote: the server is down.\nIt still is.";
  BOOST_TEST(quoted_history_start(own) == own.size());
  const std::string own2 = "Hi,\nOn Monday our admin wrote:\nthe backup is off.\n";
  BOOST_TEST(quoted_history_start(own2) == own2.size());
  // Before an Outlook header block.
  BOOST_TEST(strip_quoted_history("Ok.\nOn Mon, Ann wrote:\nFrom: Ann\nSent: Mon\nTo: Bo\n"
                                  "Subject: x\n") == "Ok.");
}

BOOST_AUTO_TEST_CASE(header_blocks_in_five_languages_start_history) {
  for (std::string_view block :
       {"From: A\nSent: Mon\nTo: B\nSubject: x", "From: A\nDate: Mon\nSubject: x",
        "*From:* A\n*Sent:* Mon\n*To:* B", "Von: A\nGesendet: Mo\nAn: B\nBetreff: x",
        "De : A\nEnvoyé : lundi\nÀ : B\nObjet : x", "De: A\nEnviado: lunes\nPara: B\nAsunto: x",
        "Van: A\nVerzonden: maandag\nAan: B\nOnderwerp: x"}) {
    BOOST_TEST_CONTEXT(block) {
      const std::string text = "Answer.\n\n" + std::string(block) + "\n\nold";
      BOOST_TEST(quoted_history_start(text) == std::string("Answer.\n\n").size());
    }
  }
  for (std::string_view sep : {"-----Original Message-----", "-----Ursprüngliche Nachricht-----",
                               "________________________________"}) {
    const std::string text = "Answer.\n" + std::string(sep) + "\nFrom: A\nSent: Mon\nTo: B\n";
    BOOST_TEST(quoted_history_start(text) == std::string("Answer.\n").size());
  }
  // A lone "From:" line or a rule is the customer's text.
  const std::string lone = "From: my manager\nwe need this today.\n____________________\nthanks";
  BOOST_TEST(quoted_history_start(lone) == lone.size());
}

BOOST_AUTO_TEST_CASE(signatures_and_mobile_footers_at_the_end_are_cut) {
  BOOST_TEST(strip_quoted_history("Fine.\n-- \nAnn\nCEO") == "Fine.");
  BOOST_TEST(strip_quoted_history("Fine.\r\n\r\nSent from my iPhone\r\n") == "Fine.");
  BOOST_TEST(strip_quoted_history(
                 "Fine.\n\nVon meinem iPhone gesendet\n\n> Am Mo schrieb A:\n> x") == "Fine.");
  BOOST_TEST(strip_quoted_history("Fine.\nEnvoyé de mon iPhone") == "Fine.");
  BOOST_TEST(strip_quoted_history("Fine.\n\nGet Outlook for iOS<https://aka.ms/o0ukef>\n"
                                  "________________________________\nFrom: A\nSent: M\nTo: B") ==
             "Fine.");
  BOOST_TEST(strip_quoted_history("Fine.\nGet Outlook for Android") == "Fine.");
  BOOST_TEST(strip_quoted_history("Fine.\nSent from Mail for Windows\n\nFrom: A\nSent: M\nTo: B") ==
             "Fine.");
  // Not at the end: the customer's words.
  const std::string mid = "Sent from my iPhone\nbut the app says otherwise.";
  BOOST_TEST(quoted_history_start(mid) == mid.size());
}

BOOST_AUTO_TEST_CASE(quotes_are_history_only_when_nothing_of_the_customer_follows) {
  const std::string interleaved = "> Which version?\n4.2\n> Restarted?\nYes\n\n> Thanks\n>\n";
  BOOST_TEST(interleaved.substr(0, quoted_history_start(interleaved)) ==
             "> Which version?\n4.2\n> Restarted?\nYes\n\n");
  BOOST_TEST(strip_quoted_history("It says:\n> disk full\nWhat now?") ==
             "It says:\n> disk full\nWhat now?");
  BOOST_TEST(strip_quoted_history("Done.\n\n> old\n\n> older\n\n-- \nAnn") == "Done.");
  BOOST_TEST(quoted_history_start("no history at all") == std::string("no history at all").size());
  BOOST_TEST(quoted_history_start("") == 0u);
}

BOOST_AUTO_TEST_CASE(forwards_are_what_the_customer_sends) {
  for (std::string_view marker :
       {"---------- Forwarded message ---------", "Begin forwarded message:",
        "-------- Weitergeleitete Nachricht --------", "-------- Forwarded Message --------"}) {
    const std::string text = "See below.\n\n" + std::string(marker) +
                             "\nFrom: V <v@x.test>\nDate: Mon\nSubject: s\nTo: <me@x.test>\n\n"
                             "Body\n\nOn Sun, W wrote:\n> older\n";
    BOOST_TEST(quoted_history_start(text) == text.size(), marker);
  }
}

BOOST_AUTO_TEST_CASE(automatic_mail_is_recognised) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"Auto-Submitted: auto-replied\r\n", "Auto-Submitted: auto-replied"},
      {"Auto-Submitted: Auto-Generated; owner-email=x@y\r\n", "Auto-Submitted: auto-generated"},
      {"Precedence: bulk\r\n", "Precedence: bulk"},
      {"Precedence: list\r\n", "Precedence: list"},
      {"Precedence: junk\r\n", "Precedence: junk"},
      {"Precedence: auto_reply\r\n", "Precedence: auto_reply"},
      {"X-Autoreply: yes\r\n", "X-Autoreply"},
      {"X-Autorespond: Thanks\r\n", "X-Autorespond"},
      {"List-Id: <dev.lists.x.test>\r\n", "List-Id"},
      {"List-Unsubscribe: <mailto:leave@x.test>\r\n", "List-Unsubscribe"},
      {"Content-Type: multipart/report; report-type=delivery-status; boundary=B\r\n",
       "delivery status notification (multipart/report)"},
      {"Content-Type: multipart/report; report-type=disposition-notification; boundary=B\r\n",
       "read receipt (multipart/report)"},
  };
  for (const auto& [headers, reason] : cases) {
    BOOST_TEST(parsed(mail(headers, "x")).automatic == reason, headers);
  }
  BOOST_TEST(parsed("From: MAILER-DAEMON@mx.x.test\r\n\r\nbounce").automatic ==
             "From: MAILER-DAEMON");
  BOOST_TEST(parsed("From: postmaster@x.test\r\n\r\nbounce").automatic == "From: postmaster");
  // A person's mail, also Outlook's with X-Auto-Response-Suppress.
  for (std::string_view headers :
       {"", "Auto-Submitted: no\r\n", "X-Auto-Response-Suppress: All\r\n",
        "Precedence: first-class\r\n"}) {
    BOOST_TEST(parsed(mail(headers, "x")).automatic.empty(), headers);
  }
  BOOST_TEST(parsed(mail("Auto-Submitted: auto-replied\r\n", "x")).auto_submitted ==
             "auto-replied");
}

BOOST_AUTO_TEST_CASE(every_inline_text_part_makes_the_text) {
  const std::string raw = mail(
      "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=M\r\n",
      "--M\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nHere it is:\r\n\r\n\r\n"
      "--M\r\nContent-Type: image/png\r\nContent-Disposition: inline; filename=shot.png\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\naGVsbG8=\r\n"
      "--M\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\n\r\n\r\nAnd more: caf\xE9\r\n"
      "--M\r\nContent-Type: text/plain\r\nContent-Disposition: inline; filename=log.txt\r\n\r\n"
      "a log\r\n"
      "--M--\r\n");
  auto m = parsed(raw);
  BOOST_TEST(m.text == "Here it is:\r\n\r\nAnd more: café");
  BOOST_REQUIRE(m.files.size() == 2u);
  BOOST_TEST(m.files[0].name == "shot.png");
  BOOST_TEST(m.files[1].name == "log.txt");
  // HTML parts likewise when there is no text/plain.
  auto html = parsed(mail("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=M\r\n",
                          "--M\r\nContent-Type: text/html\r\n\r\n<p>one</p>\r\n"
                          "--M\r\nContent-Type: text/html\r\n\r\n<p>two</p>\r\n--M--\r\n"));
  BOOST_TEST(html.text == "one\r\n\r\ntwo");
  BOOST_TEST(html.files.empty());
  // An HTML part beside (not instead of) the text/plain: a file, not lost.
  auto beside = parsed(mail("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=M\r\n",
                            "--M\r\nContent-Type: text/plain\r\n\r\nsee below\r\n"
                            "--M\r\nContent-Type: text/html\r\n\r\n<p>report</p>\r\n--M--\r\n"));
  BOOST_TEST(beside.text == "see below");
  BOOST_REQUIRE(beside.files.size() == 1u);
  BOOST_TEST(beside.files[0].name == "text.html");
  // An empty text/plain beside the HTML that has the words.
  auto empty_plain =
      parsed(mail("MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=A\r\n",
                  "--A\r\nContent-Type: text/plain\r\n\r\n\r\n"
                  "--A\r\nContent-Type: text/html\r\n\r\n<b>words</b>\r\n--A--\r\n"));
  BOOST_TEST(empty_plain.text == "words");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::api
