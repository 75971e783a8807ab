// Every notification email as people receive it: each kind in English and
// German rendered from one fixed ticket (requester Ann Müller, an earlier
// agent reply, an internal note that must never show, a file attached and
// one linked, a link) and compared byte for byte with
// tests/api/notifications/golden/<kind>.<lang>.{subject,txt,html}.
// Also the body renderer (mail_markup.h) with hostile input, the brand
// colour check and the German words for times and durations.
//
// After a deliberate change of wording or layout, regenerate the files and
// read the diff (and the screenshots of web/e2e/mail-screens.test.ts):
//   TICKETD_UPDATE_GOLDEN=1 build-x/tests/api/api_tests --run_test=email_golden_test

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "api/notifications/digest_email.h"
#include "api/notifications/email_layout.h"
#include "api/notifications/email_strings.h"
#include "api/notifications/email_templates.h"
#include "api/notifications/inbound_email.h"
#include "api/notifications/mail_markup.h"
#include "api/notifications/mail_text.h"
#include "domain/time_format.h"

namespace ticketd::api {
namespace {

using namespace std::chrono_literals;

domain::Instant at(std::string_view text) { return *domain::parse_instant(text); }

constexpr std::string_view kNote = "INTERNAL: Ann is on the VIP list, offer the loan printer";

domain::Attachment file(std::string id, std::string name, std::uint64_t size) {
  return domain::Attachment{std::move(id), std::move(name), size, "application/octet-stream",
                            std::string(64, 'a')};
}

domain::Message message(std::string id, domain::Author author, std::string body,
                        std::string_view when, bool internal = false,
                        std::vector<domain::Attachment> files = {}) {
  domain::Message m;
  m.id = std::move(id);
  m.author = std::move(author);
  m.body = std::move(body);
  m.created_at = at(when);
  m.internal = internal;
  m.attachments = std::move(files);
  return m;
}

const domain::Author kAnn{"u-ann", "Ann Müller", domain::Role::kCustomer};
const domain::Author kSeven{"agent-7", "Sven Seven", domain::Role::kAgent};
const std::vector<domain::Attachment> kFiles{file("att_1", "printer-photo.jpg", 245760),
                                             file("att_2", "error-log.zip", 3 * 1024 * 1024)};

// The ticket: opened by Ann with two files, answered by Sven, a note, Ann
// again, Sven again. `upto` messages of it exist when the email is made.
domain::TicketState ticket(std::size_t upto) {
  domain::TicketState t;
  t.exists = true;
  t.id = "t00000000000000000042";
  t.tenant = "acme";
  t.number = 42;
  t.subject = "Printer on fire";
  t.requester = domain::Requester{"u-ann", "ann@acme.test", "Ann Müller"};
  t.assignee = "agent-7";
  t.priority = domain::Priority::kHigh;
  t.category = domain::Category::kTechnical;
  t.escalation_level = 1;
  t.business_hours.time_zone = "Europe/Berlin";
  t.created_at = at("2026-12-03T08:00:00.000Z");
  const std::vector<domain::Message> all{
      message("m1", kAnn,
              "Hello,\n\nthe printer on floor 2 smokes when it prints:\n- paper tray 2 jams\n"
              "- the display shows E-52\n\nThe manual (https://example.test/manual.pdf) says "
              "to call you.\nThanks, Ann",
              "2026-12-03T08:00:00.000Z", false, kFiles),
      message("m2", kSeven, "Please switch it off and send us a photo of the label on its back.",
              "2026-12-03T09:15:00.000Z"),
      message("m3", kSeven, std::string(kNote), "2026-12-03T09:16:00.000Z", true),
      message("m4", kAnn, "Here is the photo. It is off now.\n> Please switch it off",
              "2026-12-03T10:02:00.000Z"),
      message("m5", kSeven,
              "Thanks, Ann. A technician comes tomorrow between 9 and 11:\n\n1. Leave the "
              "printer off.\n2. Keep the area clear.\n\nTrack the visit at "
              "https://acme.test/visits?id=7&day=fri.",
              "2026-12-03T10:30:00.000Z", false, kFiles),
  };
  t.messages.assign(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(upto));
  return t;
}

domain::Event event(domain::EventBody body, std::string_view when, std::string actor) {
  domain::Event e;
  e.meta.occurred_at = at(when);
  e.meta.actor_id = std::move(actor);
  e.body = std::move(body);
  return e;
}

domain::Event posted(const domain::TicketState& t, std::size_t index) {
  const domain::Message& m = t.messages[index];
  domain::MessagePosted p;
  p.message_id = m.id;
  p.author = m.author;
  p.body = m.body;
  p.internal = m.internal;
  p.attachments = m.attachments;
  return event(p, domain::format_instant(m.created_at), m.author.id);
}

const Recipient kAnnTo{"u-ann", "ann@acme.test", "Ann Müller"};
const Recipient kSevenTo{"agent-7", "sven@support.test", "Sven Seven"};

struct Case {
  domain::TicketState ticket;
  domain::Event source;
  Recipient to;
};

Case make_case(EmailKind kind) {
  const domain::Instant due = at("2026-12-03T12:00:00.000Z");
  switch (kind) {
    case EmailKind::kTicketOpened:
    case EmailKind::kNewTicketAlert: {
      domain::TicketState t = ticket(1);
      domain::TicketOpened o;
      o.ticket_id = t.id;
      return {t, event(o, "2026-12-03T08:00:00.000Z", "u-ann"),
              kind == EmailKind::kTicketOpened ? kAnnTo : kSevenTo};
    }
    case EmailKind::kAgentReply: {
      domain::TicketState t = ticket(5);
      t.status = domain::Status::kWaitingOnCustomer;
      return {t, posted(t, 4), kAnnTo};
    }
    case EmailKind::kCustomerReply: {  // Ann answers the agent's question
      domain::TicketState t = ticket(4);
      t.status = domain::Status::kWaitingOnCustomer;
      return {t, posted(t, 3), kSevenTo};
    }
    case EmailKind::kAssigned:
      return {ticket(3),
              event(domain::TicketAssigned{"agent-7"}, "2026-12-03T09:20:00.000Z", "admin"),
              kSevenTo};
    case EmailKind::kResolved: {
      domain::TicketState t = ticket(5);
      t.status = domain::Status::kResolved;
      return {
          t,
          event(domain::StatusChanged{domain::Status::kInProgress, domain::Status::kResolved, ""},
                "2026-12-04T11:00:00.000Z", "agent-7"),
          kAnnTo};
    }
    case EmailKind::kSlaWarning:
      return {ticket(1),
              event(domain::SlaWarning{domain::SlaTargetKind::kResolution, due},
                    "2026-12-03T09:55:00.000Z", "system"),
              kSevenTo};
    case EmailKind::kSlaBreached: {
      domain::TicketState t = ticket(1);
      t.escalation_level = 2;
      return {t,
              event(domain::SlaBreached{domain::SlaTargetKind::kFirstResponse, due},
                    "2026-12-03T14:05:30.000Z", "system"),
              kSevenTo};
    }
    case EmailKind::kDigest:  // not about one ticket: render_digest below
      break;
  }
  return {};
}

EmailContent render(EmailKind kind, std::string_view lang) {
  const Case c = make_case(kind);
  const auto files = plan_mail_files(message_files(c.ticket, c.source), 300 * 1024,
                                     "https://help.acme.test/v1/tickets/t42/attachments/");
  const std::string link = to_customer(kind) ? "https://help.acme.test/portal/tickets/acme-42"
                                             : "https://help.acme.test/tickets/acme-42";
  // English in ticketd's own blue, German in a tenant colour.
  const MailBrand brand{"Acme Corp", std::string(lang), lang == "de" ? "#0F766E" : ""};
  return render_email(kind, c.ticket, c.source, c.to, files, link, brand);
}

std::string golden_path(std::string_view name) {
  return std::string(TICKETD_MAIL_GOLDEN_DIR) + "/" + std::string(name);
}

// Compares `actual` with the golden file (or writes it with
// TICKETD_UPDATE_GOLDEN=1), saying the first line that differs.
void check_golden(const std::string& name, const std::string& actual) {
  const std::string path = golden_path(name);
  const char* update = std::getenv("TICKETD_UPDATE_GOLDEN");
  if (update != nullptr && std::string_view(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  BOOST_TEST_REQUIRE(in.good(),
                     "missing golden file " << path << " (TICKETD_UPDATE_GOLDEN=1 makes it)");
  std::stringstream expected;
  expected << in.rdbuf();
  if (expected.str() == actual) return;
  std::istringstream e(expected.str()), a(actual);
  std::string el, al;
  int line = 0;
  while (true) {
    ++line;
    const bool more_e = static_cast<bool>(std::getline(e, el));
    const bool more_a = static_cast<bool>(std::getline(a, al));
    if (!more_e && !more_a) break;
    if (more_e != more_a || el != al) {
      BOOST_ERROR(path << ":" << line << " differs\n  expected: " << (more_e ? el : "(end of file)")
                       << "\n  actual:   " << (more_a ? al : "(end of file)")
                       << "\n  (after a deliberate change: TICKETD_UPDATE_GOLDEN=1 "
                          "api_tests --run_test=email_golden_test, then review the diff)");
      return;
    }
  }
  BOOST_ERROR(path << " differs in line ends or the final newline");
}

constexpr EmailKind kKinds[] = {EmailKind::kTicketOpened, EmailKind::kNewTicketAlert,
                                EmailKind::kAgentReply,   EmailKind::kCustomerReply,
                                EmailKind::kAssigned,     EmailKind::kResolved,
                                EmailKind::kSlaWarning,   EmailKind::kSlaBreached};

BOOST_AUTO_TEST_SUITE(email_golden_test)

BOOST_AUTO_TEST_CASE(every_kind_in_english_and_german_matches_its_golden_files) {
  for (EmailKind kind : kKinds) {
    for (std::string_view lang : {"en", "de"}) {
      const std::string base = std::string(to_string(kind)) + "." + std::string(lang);
      BOOST_TEST_CONTEXT(base) {
        const EmailContent mail = render(kind, lang);
        check_golden(base + ".subject", mail.subject + "\n");
        check_golden(base + ".txt", mail.text);
        check_golden(base + ".html", mail.html);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(the_digest_in_english_and_german_matches_its_golden_files) {
  // Three alerts of one hour; one ticket without a console link.
  const std::vector<DigestItem> items{
      {EmailKind::kNewTicketAlert, "acme-42", "Printer on fire",
       "https://help.acme.test/tickets/acme-42", at("2026-12-03T08:00:00.000Z")},
      {EmailKind::kCustomerReply, "acme-42", "Printer on fire",
       "https://help.acme.test/tickets/acme-42", at("2026-12-03T08:20:00.000Z")},
      {EmailKind::kSlaWarning, "acme-43", "Invoice <missing> & late", "",
       at("2026-12-03T08:55:00.000Z")}};
  for (std::string_view lang : {"en", "de"}) {
    const std::string base = "digest." + std::string(lang);
    BOOST_TEST_CONTEXT(base) {
      const MailBrand brand{"Acme Corp", std::string(lang), lang == "de" ? "#0F766E" : ""};
      const EmailContent mail =
          render_digest(items, kSevenTo, at("2026-12-03T08:00:00.000Z"), brand);
      check_golden(base + ".subject", mail.subject + "\n");
      check_golden(base + ".txt", mail.text);
      check_golden(base + ".html", mail.html);
      BOOST_TEST(mail.html.find("<missing>") == std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_CASE(no_internal_note_ever_shows_and_the_marker_stays_exact) {
  for (EmailKind kind : kKinds) {
    for (std::string_view lang : {"en", "de", "fr"}) {
      const EmailContent mail = render(kind, lang);
      BOOST_TEST_CONTEXT(to_string(kind) << "." << lang) {
        BOOST_TEST(mail.text.find("VIP") == std::string::npos);
        BOOST_TEST(mail.html.find("VIP") == std::string::npos);
        BOOST_TEST(mail.subject.starts_with("[acme-42] "));
        BOOST_TEST(mail.html.find("<script") == std::string::npos);
        if (to_customer(kind)) {
          BOOST_TEST(mail.text.starts_with(std::string(kReplyAboveMarker) + "\n"));
          BOOST_TEST(mail.html.find(std::string(kReplyAboveMarker) + "<") != std::string::npos);
        } else {
          BOOST_TEST(mail.text.find(kReplyAboveMarker) == std::string::npos);
        }
        for (std::size_t start = 0; start < mail.text.size();) {
          const std::size_t end = std::min(mail.text.find('\n', start), mail.text.size());
          const std::string_view line = std::string_view(mail.text).substr(start, end - start);
          std::size_t columns = 0;
          for (char ch : line) columns += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
          // Only a line with a URL may be longer than 76 columns.
          if (columns > 76) BOOST_TEST(line.find("://") != std::string_view::npos, line);
          start = end + 1;
        }
      }
    }
  }
  // Any other language is English.
  BOOST_TEST(render(EmailKind::kResolved, "fr").text == render(EmailKind::kResolved, "en").text);
  BOOST_TEST(render(EmailKind::kResolved, "fr").html.find("<html lang=\"en\">") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_reply_above_either_part_is_cut_at_the_marker) {
  for (EmailKind kind : {EmailKind::kTicketOpened, EmailKind::kAgentReply, EmailKind::kResolved}) {
    for (std::string_view lang : {"en", "de"}) {
      const EmailContent mail = render(kind, lang);
      BOOST_TEST_CONTEXT(to_string(kind) << "." << lang) {
        BOOST_TEST(strip_quoted_history("Thanks, it works.\n\n" + mail.text) ==
                   "Thanks, it works.");
        BOOST_TEST(strip_quoted_history("Thanks, it works.\n\n" +
                                        mail_text::html_to_text(mail.html)) == "Thanks, it works.");
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(the_history_holds_at_most_three_public_messages) {
  Case c = make_case(EmailKind::kAgentReply);
  for (int i = 0; i < 4; ++i) {
    domain::Message extra = c.ticket.messages[1];
    extra.id = "old" + std::to_string(i);
    extra.body = "Old message " + std::to_string(i);
    c.ticket.messages.insert(c.ticket.messages.begin() + 1, extra);
  }
  c.ticket.messages.insert(c.ticket.messages.end() - 1, message("m9", kSeven, std::string(kNote),
                                                                "2026-12-03T10:29:00.000Z", true));
  const EmailContent mail = render_email(EmailKind::kAgentReply, c.ticket, c.source, c.to);
  BOOST_TEST(mail.html.find("VIP") == std::string::npos);
  BOOST_TEST(mail.text.find("Here is the photo") != std::string::npos);
  BOOST_TEST(mail.text.find("Please switch it off and send") != std::string::npos);
  BOOST_TEST(mail.text.find("Old message 0") != std::string::npos);
  BOOST_TEST(mail.text.find("Old message 1") == std::string::npos);
  // The new message comes before the history.
  BOOST_TEST(mail.html.find("A technician comes") < mail.html.find("Here is the photo"));
}

BOOST_AUTO_TEST_CASE(bodies_become_safe_markup) {
  BOOST_TEST(markup_html("one\ntwo\n\nthree") ==
             "<p style=\"margin:0 0 12px 0;\">one<br>two</p>"
             "<p style=\"margin:0 0 12px 0;\">three</p>");
  BOOST_TEST(markup_html("- a\n* b\nafter") ==
             "<ul style=\"margin:0 0 12px 0;padding:0 0 0 24px;\">"
             "<li style=\"margin:0 0 4px 0;\">a</li><li style=\"margin:0 0 4px 0;\">b</li></ul>"
             "<p style=\"margin:0 0 12px 0;\">after</p>");
  BOOST_TEST(markup_html("3. c\n4. d").starts_with("<ol start=\"3\" style="));
  BOOST_TEST(markup_html("> quoted\n> - item\nreply")
                 .find("<blockquote style=\"margin:0 0 12px 0;padding:0 0 0 12px;") == 0u);
  BOOST_TEST(markup_html("see https://x.test/a?b=1&c=2.") ==
             "<p style=\"margin:0 0 12px 0;\">see <a href=\"https://x.test/a?b=1&amp;c=2\" "
             "style=\"color:#1d4ed8;text-decoration:underline;\">https://x.test/a?b=1&amp;c=2</a>."
             "</p>");
  BOOST_TEST(
      markup_html("(https://x.test/wiki/A_(b))").find("href=\"https://x.test/wiki/A_(b)\"") !=
      std::string::npos);
  // Hostile input stays text.
  const std::string hostile = markup_html(
      "<script>alert(1)</script>\nhttps://x.test/\" onmouseover=\"alert(1)\n"
      "javascript:alert(1) JAVASCRIPT://x.test\n<img src=x onerror=alert(1)>\n"
      "**unclosed _and `odd\n> \n>>> deep\n- \n1.\nxhttps://no.test");
  BOOST_TEST(hostile.find("<script") == std::string::npos);
  BOOST_TEST(hostile.find("<img") == std::string::npos);
  BOOST_TEST(hostile.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  BOOST_TEST(hostile.find("href=\"https://x.test/\"") != std::string::npos);
  BOOST_TEST(hostile.find("&quot; onmouseover=&quot;alert(1)") != std::string::npos);
  BOOST_TEST(hostile.find("href=\"javascript") == std::string::npos);
  BOOST_TEST(hostile.find("href=\"JAVASCRIPT") == std::string::npos);
  BOOST_TEST(hostile.find("no.test\"") == std::string::npos);
  BOOST_TEST(hostile.find("**unclosed _and `odd") != std::string::npos);
  BOOST_TEST(markup_html("") == "");
  BOOST_TEST(markup_html("a\r\nb") == "<p style=\"margin:0 0 12px 0;\">a<br>b</p>");
}

BOOST_AUTO_TEST_CASE(text_wraps_at_76_columns_without_splitting_words) {
  const std::string words =
      "Grüße aus München: the quick brown fox jumps over the lazy dog and keeps running far away";
  BOOST_TEST(wrap_text(words) ==
             "Grüße aus München: the quick brown fox jumps over the lazy dog and keeps\n"
             "running far away");
  const std::string url = "https://help.test/" + std::string(90, 'x');
  BOOST_TEST(wrap_text("see " + url + " now") == "see\n" + url + "\nnow");
  BOOST_TEST(wrap_text("> " + std::string(40, 'a') + " " + std::string(40, 'b')) ==
             "> " + std::string(40, 'a') + "\n> " + std::string(40, 'b'));
  BOOST_TEST(wrap_text("- " + std::string(40, 'a') + " " + std::string(40, 'b') + "\n\nnext") ==
             "- " + std::string(40, 'a') + "\n  " + std::string(40, 'b') + "\n\nnext");
  BOOST_TEST(wrap_text(std::string(kReplyAboveMarker)) == kReplyAboveMarker);
}

BOOST_AUTO_TEST_CASE(only_a_hex_colour_reaches_the_css) {
  BOOST_TEST(brand_color("#0F766E") == "#0f766e");
  BOOST_TEST(brand_color("") == "#1d4ed8");
  BOOST_TEST(brand_color("red") == "#1d4ed8");
  BOOST_TEST(brand_color("#12345g") == "#1d4ed8");
  BOOST_TEST(brand_color("#123456;x:y") == "#1d4ed8");
  BOOST_TEST(brand_color("#fff") == "#1d4ed8");
  BOOST_TEST(text_color_on("#1d4ed8") == "#ffffff");
  BOOST_TEST(text_color_on("#fde047") == "#111827");
  const domain::TicketState t = ticket(1);
  domain::TicketOpened o;
  const EmailContent mail =
      render_email(EmailKind::kTicketOpened, t, event(o, "2026-12-03T08:00:00.000Z", "u-ann"),
                   kAnnTo, {}, "", MailBrand{"<b>Evil</b> & Co", "en", "#000000\"><script>"});
  BOOST_TEST(mail.html.find("<script") == std::string::npos);
  BOOST_TEST(mail.html.find("&lt;b&gt;Evil&lt;/b&gt; &amp; Co") != std::string::npos);
  BOOST_TEST(mail.html.find("background-color:#1d4ed8") != std::string::npos);
  BOOST_TEST(mail.html.find("class=\"td-btn\"") == std::string::npos);  // no link, no button
}

BOOST_AUTO_TEST_CASE(a_customer_reply_alert_says_when_the_reply_reopened_the_ticket) {
  Case c = make_case(EmailKind::kCustomerReply);
  const EmailContent reopened = render_email(EmailKind::kCustomerReply, c.ticket, c.source, c.to);
  BOOST_TEST(reopened.text.find("The reply reopened the ticket: it was waiting on customer and is "
                                "open again.") != std::string::npos);
  BOOST_TEST(reopened.html.find("acme-42</span> · open<") != std::string::npos);
  c.ticket.status = domain::Status::kResolved;
  const EmailContent de = render_email(EmailKind::kCustomerReply, c.ticket, c.source, c.to, {}, "",
                                       MailBrand{"", "de", ""});
  BOOST_TEST(de.html.find("wieder geöffnet (Status vorher: gelöst, jetzt: offen).") !=
             std::string::npos);
  // A reply to a ticket in progress changes nothing: no such sentence.
  c.ticket.status = domain::Status::kInProgress;
  const EmailContent working = render_email(EmailKind::kCustomerReply, c.ticket, c.source, c.to);
  BOOST_TEST(working.text.find("reopened") == std::string::npos);
  BOOST_TEST(working.html.find("acme-42</span> · in progress<") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(german_times_and_durations) {
  const Wording& de = wording_for("de");
  BOOST_TEST(time_words(de, at("2026-12-03T22:05:04.353Z"), "Europe/Berlin") ==
             "Do., 03.12.2026, 23:05 Uhr (Europe/Berlin)");
  BOOST_TEST(time_words(de, at("2026-07-05T22:05:00.000Z"), "Europe/Berlin") ==
             "Mo., 06.07.2026, 00:05 Uhr (Europe/Berlin)");
  BOOST_TEST(time_words(de, at("2026-12-03T22:05:00.000Z"), "Nowhere/Atlantis") ==
             "Do., 03.12.2026, 22:05 Uhr (UTC)");
  BOOST_TEST(time_words(wording_for("en"), at("2026-12-03T22:05:00.000Z"), "Europe/Berlin") ==
             "Thu 03 Dec 2026, 23:05 CET");
  BOOST_TEST(duration_in(de, 30s) == "weniger als eine Minute");
  BOOST_TEST(duration_in(de, 30s, true) == "weniger als einer Minute");
  BOOST_TEST(duration_in(de, 1min) == "1 Minute");
  BOOST_TEST(duration_in(de, 125min) == "2 Stunden 5 Minuten");
  BOOST_TEST(duration_in(de, 60min) == "1 Stunde");
  BOOST_TEST(duration_in(de, std::chrono::hours{24 * 3 + 4}) == "3 Tage 4 Stunden");
  BOOST_TEST(duration_in(de, std::chrono::hours{24 * 3}, true) == "3 Tagen");
  BOOST_TEST(duration_in(de, std::chrono::hours{24}, true) == "1 Tag");
  BOOST_TEST(status_words(de, domain::Status::kOpen) == "offen");
  BOOST_TEST(priority_words(de, domain::Priority::kUrgent) == "dringend");
  BOOST_TEST(category_words(de, domain::Category::kBilling) == "Abrechnung");
  BOOST_TEST(target_words(de, domain::SlaTargetKind::kResolution, false) == "Lösung");
}

BOOST_AUTO_TEST_CASE(a_tenants_logo_stands_before_its_name_which_stays_as_text) {
  // The agent's reply to the customer in the tenant's colour, with its logo
  // under ticketd's public URL: agent_reply.logo.en.{html,txt}.
  const Case c = make_case(EmailKind::kAgentReply);
  const auto files = plan_mail_files(message_files(c.ticket, c.source), 300 * 1024,
                                     "https://help.acme.test/v1/tickets/t42/attachments/");
  const std::string link = "https://help.acme.test/portal/tickets/acme-42";
  MailBrand brand{"Acme Corp", "en", "#0F766E"};
  const EmailContent plain =
      render_email(EmailKind::kAgentReply, c.ticket, c.source, c.to, files, link, brand);
  brand.logo_url = "https://help.acme.test/v1/tenants/acme/logo?v=0123456789ab";
  const EmailContent mail =
      render_email(EmailKind::kAgentReply, c.ticket, c.source, c.to, files, link, brand);
  check_golden("agent_reply.logo.en.html", mail.html);
  check_golden("agent_reply.logo.en.txt", mail.text);
  BOOST_TEST(
      mail.html.find("<img src=\"https://help.acme.test/v1/tenants/acme/logo?v=0123456789ab\" "
                     "alt=\"Acme Corp\" height=\"32\" style=\"") != std::string::npos);
  BOOST_TEST(mail.html.find("<span style=\"vertical-align:middle;\">Acme Corp</span>") !=
             std::string::npos);
  BOOST_TEST(mail.html.find("<img") < mail.html.find("Acme Corp</span>"));
  // Only the header changes: the text part has no images.
  BOOST_TEST(mail.text == plain.text);
  BOOST_TEST(plain.html.find("<img") == std::string::npos);
  // What reaches the attribute is escaped, as the name is.
  brand.tenant_name = "\"><script>x</script>";
  brand.logo_url = "https://x.test/\" onerror=\"alert(1)";
  const EmailContent hostile =
      render_email(EmailKind::kAgentReply, c.ticket, c.source, c.to, files, link, brand);
  BOOST_TEST(hostile.html.find("<script") == std::string::npos);
  BOOST_TEST(hostile.html.find("\" onerror") == std::string::npos);
  BOOST_TEST(hostile.html.find("src=\"https://x.test/&quot; onerror=&quot;alert(1)\"") !=
             std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::api
