// Staff alerts under the members' preferences (route_by_preferences), the
// digest's periods (digest_due), the digest email, and the List-Unsubscribe
// token: given preferences and the emails an event causes, then which are
// sent now, collected, or dropped.

#include <boost/test/unit_test.hpp>

#include "api/notifications/digest_email.h"
#include "api/notifications/notification_rules.h"
#include "api/notifications/unsubscribe_token.h"
#include "domain/time_format.h"

namespace ticketd::api {
namespace {

using domain::AlertDelivery;
using domain::AlertKind;

const Recipient kAnn{"u-ann", "ann@acme.test", "Ann"};
const Recipient kA7{"agent-7", "a7@support.test", "Seven"};
const Recipient kA8{"agent-8", "a8@support.test", "Eight"};

domain::AlertPreferencesState prefs(const std::string& staff, AlertKind kind, AlertDelivery how) {
  domain::AlertPreferences p;
  p.set(kind, how);
  return domain::evolve({}, {staff, p, "api"});
}

domain::Instant at(std::string_view text) { return *domain::parse_instant(text); }

BOOST_AUTO_TEST_SUITE(alert_routing_test)

BOOST_AUTO_TEST_CASE(without_preferences_everything_goes_now) {
  const std::vector<EmailIntent> intents{{EmailKind::kTicketOpened, kAnn},
                                         {EmailKind::kNewTicketAlert, kA7},
                                         {EmailKind::kNewTicketAlert, kA8}};
  const RoutedEmails r = route_by_preferences(intents, {});
  BOOST_TEST((r.now == intents));
  BOOST_TEST(r.digest.empty());
}

BOOST_AUTO_TEST_CASE(off_drops_only_that_members_kind) {
  const auto p = prefs("agent-7", AlertKind::kNewTicket, AlertDelivery::kOff);
  const RoutedEmails r = route_by_preferences({{EmailKind::kTicketOpened, kAnn},
                                               {EmailKind::kNewTicketAlert, kA7},
                                               {EmailKind::kNewTicketAlert, kA8}},
                                              p);
  BOOST_TEST((r.now == std::vector<EmailIntent>{{EmailKind::kTicketOpened, kAnn},
                                                {EmailKind::kNewTicketAlert, kA8}}));
  BOOST_TEST(r.digest.empty());
  // Another kind of the same member still goes.
  const RoutedEmails assigned = route_by_preferences({{EmailKind::kAssigned, kA7}}, p);
  BOOST_TEST(assigned.now.size() == 1u);
}

BOOST_AUTO_TEST_CASE(digest_collects_instead_of_sending) {
  const auto p = prefs("agent-8", AlertKind::kSlaWarning, AlertDelivery::kDigest);
  const RoutedEmails r =
      route_by_preferences({{EmailKind::kSlaWarning, kA7}, {EmailKind::kSlaWarning, kA8}}, p);
  BOOST_TEST((r.now == std::vector<EmailIntent>{{EmailKind::kSlaWarning, kA7}}));
  BOOST_TEST((r.digest == std::vector<EmailIntent>{{EmailKind::kSlaWarning, kA8}}));
}

BOOST_AUTO_TEST_CASE(customer_emails_ignore_staff_preferences) {
  // A requester who is also staff by id: their customer emails never stop.
  domain::AlertPreferences all_off;
  all_off.kinds.fill(AlertDelivery::kOff);
  const auto p = domain::evolve({}, {"u-ann", all_off, "api"});
  const RoutedEmails r = route_by_preferences({{EmailKind::kTicketOpened, kAnn},
                                               {EmailKind::kAgentReply, kAnn},
                                               {EmailKind::kResolved, kAnn}},
                                              p);
  BOOST_TEST(r.now.size() == 3u);
}

BOOST_AUTO_TEST_CASE(each_staff_email_kind_has_its_alert_kind) {
  BOOST_TEST((alert_kind_of(EmailKind::kNewTicketAlert) == AlertKind::kNewTicket));
  BOOST_TEST((alert_kind_of(EmailKind::kAssigned) == AlertKind::kAssigned));
  BOOST_TEST((alert_kind_of(EmailKind::kCustomerReply) == AlertKind::kCustomerReply));
  BOOST_TEST((alert_kind_of(EmailKind::kSlaWarning) == AlertKind::kSlaWarning));
  BOOST_TEST((alert_kind_of(EmailKind::kSlaBreached) == AlertKind::kSlaBreached));
  BOOST_TEST(!alert_kind_of(EmailKind::kAgentReply));
  BOOST_TEST(!alert_kind_of(EmailKind::kDigest));
  BOOST_TEST((parse_email_kind("digest") == EmailKind::kDigest));
}

BOOST_AUTO_TEST_CASE(an_hourly_digest_is_due_on_the_next_utc_hour) {
  const auto hour = std::chrono::hours(1);
  BOOST_TEST((digest_due(at("2026-03-01T10:15:00.000Z"), hour) == at("2026-03-01T11:00:00.000Z")));
  BOOST_TEST((digest_due(at("2026-03-01T10:00:00.000Z"), hour) == at("2026-03-01T11:00:00.000Z")));
  BOOST_TEST((digest_due(at("2026-03-01T10:59:59.999Z"), hour) == at("2026-03-01T11:00:00.000Z")));
  BOOST_TEST((digest_due(at("2026-03-01T10:00:04.000Z"), std::chrono::seconds(5)) ==
              at("2026-03-01T10:00:05.000Z")));
}

BOOST_AUTO_TEST_CASE(the_digest_lists_every_item_in_both_parts) {
  const std::vector<DigestItem> items{
      {EmailKind::kNewTicketAlert, "acme-41", "Printer on fire",
       "https://help.example/tickets/acme-41", at("2026-03-01T10:05:00.000Z")},
      {EmailKind::kCustomerReply, "acme-42", "Cannot <log> in", "",
       at("2026-03-01T10:35:00.000Z")}};
  const EmailContent en = render_digest(items, kA7, at("2026-03-01T10:00:00.000Z"));
  BOOST_TEST(en.subject.find("2 alerts") != std::string::npos);
  for (std::string_view part : {std::string_view(en.text), std::string_view(en.html)}) {
    BOOST_TEST(part.find("acme-41") != std::string::npos);
    BOOST_TEST(part.find("acme-42") != std::string::npos);
    BOOST_TEST(part.find("https://help.example/tickets/acme-41") != std::string::npos);
  }
  BOOST_TEST(en.text.find("Customer reply") != std::string::npos);
  BOOST_TEST(en.html.find("Cannot &lt;log&gt; in") != std::string::npos);
  const EmailContent de =
      render_digest(items, kA7, at("2026-03-01T10:00:00.000Z"), MailBrand{"Acme", "de", ""});
  BOOST_TEST(de.text.find("Kundenantwort") != std::string::npos);
  BOOST_TEST(de.html.find("lang=\"de\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unsubscribe_tokens_name_one_member_and_kind_and_cannot_be_forged) {
  const UnsubscribeTokens tokens(std::string(32, 'k'));
  const std::string t = tokens.sign("acc_00000000000000a7", "sla_warning");
  const auto grant = tokens.verify(t);
  BOOST_TEST_REQUIRE(grant.has_value());
  BOOST_TEST(grant->staff == "acc_00000000000000a7");
  BOOST_TEST(grant->kind == "sla_warning");
  BOOST_TEST(t.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789._") == std::string::npos);
  // Another kind or member with the same signature, another key, junk.
  const std::string other_kind = "new_ticket" + t.substr(t.find('.'));
  BOOST_TEST(!tokens.verify(other_kind));
  BOOST_TEST(!UnsubscribeTokens(std::string(32, 'x')).verify(t));
  BOOST_TEST(!tokens.verify(""));
  BOOST_TEST(!tokens.verify("sla_warning.zz.00"));
  BOOST_TEST(!tokens.verify(t.substr(0, t.size() - 1)));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::api
