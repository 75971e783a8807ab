// Which emails an event causes: given the ticket after the event and the
// staff, when decide_emails runs, then exactly these recipients and kinds.

#include "api/notifications/notification_rules.h"

#include <boost/test/unit_test.hpp>

namespace ticketd::api {
namespace {

using domain::Role;

const Recipient kAnn{"u-ann", "ann@acme.test", "Ann"};
const Recipient kA7{"agent-7", "a7@support.test", "Seven"};
const Recipient kA8{"agent-8", "a8@support.test", "Eight"};
const std::vector<Recipient> kStaff{kA7, kA8};

domain::TicketState ticket(std::optional<std::string> assignee = std::nullopt) {
  domain::TicketState t;
  t.exists = true;
  t.id = "t00000000000000000001";
  t.tenant = "acme";
  t.number = 42;
  t.subject = "Cannot log in";
  t.requester = domain::Requester{"u-ann", "ann@acme.test", "Ann"};
  t.assignee = std::move(assignee);
  t.messages.push_back(domain::Message{
      "m-first", domain::Author{"u-ann", "Ann", Role::kCustomer}, false, "It says error 42", {}});
  return t;
}

domain::Event by(std::string actor, Role role, domain::EventBody body) {
  domain::Event e;
  e.meta.actor_id = std::move(actor);
  e.meta.actor_role = role;
  e.body = std::move(body);
  return e;
}

std::vector<std::pair<EmailKind, std::string>> summary(const std::vector<EmailIntent>& intents) {
  std::vector<std::pair<EmailKind, std::string>> out;
  for (const EmailIntent& i : intents) out.emplace_back(i.kind, i.to.email);
  return out;
}

using Summary = std::vector<std::pair<EmailKind, std::string>>;

BOOST_AUTO_TEST_SUITE(notification_rules_test)

BOOST_AUTO_TEST_CASE(ticket_opened_confirms_to_the_requester_and_alerts_the_staff) {
  auto out = decide_emails(by("u-ann", Role::kCustomer, domain::TicketOpened{}), ticket(), kStaff);
  BOOST_TEST((summary(out) == Summary{{EmailKind::kTicketOpened, "ann@acme.test"},
                                      {EmailKind::kNewTicketAlert, "a7@support.test"},
                                      {EmailKind::kNewTicketAlert, "a8@support.test"}}));
}

BOOST_AUTO_TEST_CASE(an_agent_opening_is_not_alerted_about_it) {
  auto out = decide_emails(by("agent-7", Role::kAgent, domain::TicketOpened{}), ticket(), kStaff);
  BOOST_TEST((summary(out) == Summary{{EmailKind::kTicketOpened, "ann@acme.test"},
                                      {EmailKind::kNewTicketAlert, "a8@support.test"}}));
}

BOOST_AUTO_TEST_CASE(the_description_of_an_agent_opened_ticket_is_not_mailed_twice) {
  // An agent opens a ticket for Ann: TicketOpened then the description as
  // the ticket's first message, by the agent. The confirmation carries the
  // description; the message must not also be mailed as an agent reply.
  domain::MessagePosted description{"m-first", domain::Author{"agent-7", "Seven", Role::kAgent},
                                    "It says error 42", false};
  BOOST_TEST(decide_emails(by("agent-7", Role::kAgent, description), ticket(), kStaff).empty());
}

BOOST_AUTO_TEST_CASE(an_internal_note_never_causes_an_email) {
  domain::MessagePosted note{"m2", domain::Author{"agent-7", "Seven", Role::kAgent}, "secret",
                             true};
  BOOST_TEST(decide_emails(by("agent-7", Role::kAgent, note), ticket("agent-8"), kStaff).empty());
}

BOOST_AUTO_TEST_CASE(a_public_agent_reply_goes_to_the_requester_only) {
  domain::MessagePosted reply{"m2", domain::Author{"agent-7", "Seven", Role::kAgent}, "try again",
                              false};
  auto out = decide_emails(by("agent-7", Role::kAgent, reply), ticket("agent-8"), kStaff);
  BOOST_TEST((summary(out) == Summary{{EmailKind::kAgentReply, "ann@acme.test"}}));
}

BOOST_AUTO_TEST_CASE(a_customer_reply_goes_to_the_assignee_else_the_staff) {
  domain::MessagePosted reply{"m2", domain::Author{"u-ann", "Ann", Role::kCustomer}, "still broken",
                              false};
  auto assigned = decide_emails(by("u-ann", Role::kCustomer, reply), ticket("agent-8"), kStaff);
  BOOST_TEST((summary(assigned) == Summary{{EmailKind::kCustomerReply, "a8@support.test"}}));
  auto unassigned = decide_emails(by("u-ann", Role::kCustomer, reply), ticket(), kStaff);
  BOOST_TEST((summary(unassigned) == Summary{{EmailKind::kCustomerReply, "a7@support.test"},
                                             {EmailKind::kCustomerReply, "a8@support.test"}}));
  // An assignee without a known address: the staff, as if unassigned.
  auto unknown = decide_emails(by("u-ann", Role::kCustomer, reply), ticket("agent-9"), kStaff);
  BOOST_TEST((summary(unknown) == summary(unassigned)));
}

BOOST_AUTO_TEST_CASE(a_held_mail_accepted_by_an_agent_is_a_customer_reply) {
  domain::MessagePosted reply{"m2", domain::Author{"u-ann", "Ann", Role::kCustomer}, "refund me",
                              false};
  reply.accepted_from = "h1";
  // Never mailed back to Ann as if an agent wrote it; the assignee learns of
  // it unless they accepted it themselves.
  auto by_other = decide_emails(by("agent-7", Role::kAgent, reply), ticket("agent-8"), kStaff);
  BOOST_TEST((summary(by_other) == Summary{{EmailKind::kCustomerReply, "a8@support.test"}}));
  BOOST_TEST(decide_emails(by("agent-8", Role::kAgent, reply), ticket("agent-8"), kStaff).empty());
}

BOOST_AUTO_TEST_CASE(the_description_is_no_customer_reply) {
  domain::MessagePosted description{"m-first", domain::Author{"u-ann", "Ann", Role::kCustomer},
                                    "It says error 42", false};
  BOOST_TEST(
      decide_emails(by("u-ann", Role::kCustomer, description), ticket("agent-8"), kStaff).empty());
}

BOOST_AUTO_TEST_CASE(assignment_mails_the_assignee_unless_they_did_it) {
  auto out = decide_emails(by("agent-7", Role::kAgent, domain::TicketAssigned{"agent-8"}),
                           ticket("agent-8"), kStaff);
  BOOST_TEST((summary(out) == Summary{{EmailKind::kAssigned, "a8@support.test"}}));
  BOOST_TEST(decide_emails(by("agent-8", Role::kAgent, domain::TicketAssigned{"agent-8"}),
                           ticket("agent-8"), kStaff)
                 .empty());
  // An assignee without a known address gets nothing.
  BOOST_TEST(decide_emails(by("agent-7", Role::kAgent, domain::TicketAssigned{"agent-9"}),
                           ticket("agent-9"), kStaff)
                 .empty());
}

BOOST_AUTO_TEST_CASE(only_a_change_to_resolved_mails_the_requester) {
  auto resolved =
      decide_emails(by("agent-7", Role::kAgent,
                       domain::StatusChanged{domain::Status::kOpen, domain::Status::kResolved, ""}),
                    ticket(), kStaff);
  BOOST_TEST((summary(resolved) == Summary{{EmailKind::kResolved, "ann@acme.test"}}));
  BOOST_TEST(
      decide_emails(by("agent-7", Role::kAgent,
                       domain::StatusChanged{domain::Status::kOpen, domain::Status::kOnHold, ""}),
                    ticket(), kStaff)
          .empty());
}

BOOST_AUTO_TEST_CASE(sla_events_go_to_the_assignee_else_the_staff) {
  auto warn =
      decide_emails(by("system", Role::kSystem, domain::SlaWarning{}), ticket("agent-7"), kStaff);
  BOOST_TEST((summary(warn) == Summary{{EmailKind::kSlaWarning, "a7@support.test"}}));
  auto breach = decide_emails(by("system", Role::kSystem, domain::SlaBreached{}), ticket(), kStaff);
  BOOST_TEST((summary(breach) == Summary{{EmailKind::kSlaBreached, "a7@support.test"},
                                         {EmailKind::kSlaBreached, "a8@support.test"}}));
}

BOOST_AUTO_TEST_CASE(other_events_cause_no_email) {
  BOOST_TEST(
      decide_emails(by("agent-7", Role::kAgent, domain::TagsChanged{{"vip"}, {}}), ticket(), kStaff)
          .empty());
  BOOST_TEST(decide_emails(by("agent-7", Role::kAgent, domain::TicketOpened{}),
                           domain::TicketState{}, kStaff)
                 .empty());
}

BOOST_AUTO_TEST_CASE(webhook_filters) {
  const WebhookFilter all{{"*"}, ""};
  BOOST_TEST(webhook_wants(all, "TicketOpened", "acme"));
  BOOST_TEST(!webhook_wants(all, "NotificationDelivered", "acme"));
  BOOST_TEST(!webhook_wants(all, "WebhookCreated", ""));
  BOOST_TEST(!webhook_wants(all, "TokenIssued", "acme"));
  BOOST_TEST(webhook_wants(WebhookFilter{{"TokenIssued"}, ""}, "TokenIssued", "acme"));
  const WebhookFilter acme_status{{"StatusChanged"}, "acme"};
  BOOST_TEST(webhook_wants(acme_status, "StatusChanged", "acme"));
  BOOST_TEST(!webhook_wants(acme_status, "StatusChanged", "globex"));
  BOOST_TEST(!webhook_wants(acme_status, "TicketOpened", "acme"));
}

BOOST_AUTO_TEST_CASE(retry_delays_double_up_to_the_cap) {
  using std::chrono::milliseconds;
  BOOST_TEST(retry_delay(1, milliseconds(100), milliseconds(1000)).count() == 100);
  BOOST_TEST(retry_delay(2, milliseconds(100), milliseconds(1000)).count() == 200);
  BOOST_TEST(retry_delay(4, milliseconds(100), milliseconds(1000)).count() == 800);
  BOOST_TEST(retry_delay(5, milliseconds(100), milliseconds(1000)).count() == 1000);
  BOOST_TEST(retry_delay(500, milliseconds(100), milliseconds(1000)).count() == 1000);
}

BOOST_AUTO_TEST_CASE(kind_names_round_trip) {
  for (EmailKind k : {EmailKind::kTicketOpened, EmailKind::kNewTicketAlert, EmailKind::kAgentReply,
                      EmailKind::kAssigned, EmailKind::kResolved, EmailKind::kSlaWarning,
                      EmailKind::kSlaBreached, EmailKind::kCustomerReply}) {
    BOOST_TEST((parse_email_kind(to_string(k)) == k));
  }
  BOOST_TEST(!parse_email_kind("nope"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::api
