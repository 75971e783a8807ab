// decide(): opening tickets, who may see a ticket, and which role may issue
// which command. Status rules are in decide_status_test.cc, the work
// commands in decide_work_test.cc, SLA records in decide_sla_test.cc.
#include "domain/decide.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "tests/domain/ticket_fixtures.h"

namespace ticketd::domain {
namespace {

using namespace testing;

OpenTicket open_for(const Requester& requester, std::string tenant = "acme") {
  OpenTicket c;
  c.ticket_id = "t-9";
  c.tenant = std::move(tenant);
  c.requester = requester;
  c.subject = "Invoice missing";
  c.description = "Where is my November invoice?";
  c.first_message_id = "m-90";
  return c;
}

BOOST_AUTO_TEST_SUITE(decide_test)

// ---- OpenTicket

BOOST_AUTO_TEST_CASE(customer_opens_own_ticket_with_defaults_and_description_message) {
  const Context c = ctx(ann());
  const auto result = when({}, open_for(ann_requester()), c);
  TicketOpened opened;
  opened.ticket_id = "t-9";
  opened.tenant = "acme";
  opened.number = 0;
  opened.requester = ann_requester();
  opened.subject = "Invoice missing";
  opened.category = Category::kGeneral;
  opened.priority = Priority::kMedium;
  opened.sla_targets = SlaPolicy::defaults().for_priority(Priority::kMedium);
  const auto want =
      expected(c, {opened, MessagePosted{"m-90", Author{"u-1", "Ann", Role::kCustomer},
                                         "Where is my November invoice?", false}});
  BOOST_TEST(describe(result) == describe(want));
  BOOST_TEST((result && *result == want));
}

BOOST_AUTO_TEST_CASE(agent_opens_for_a_requester_with_priority_category_and_assignee) {
  Context c = ctx(agent());
  c.policy.targets[static_cast<int>(Priority::kUrgent)] = {minutes{30}, hours{2}};
  c.policy.business_hours.time_zone = "Europe/Berlin";
  c.policy.business_hours.weekly[0] = {OpenInterval{480, 1080}};
  OpenTicket cmd = open_for(Requester{"", "dave@acme.test", "Dave"});
  cmd.priority = Priority::kUrgent;
  cmd.category = Category::kBilling;
  cmd.assignee = "agent-7";
  cmd.follow_up_of = "t-1";
  const auto result = when({}, cmd, c);
  BOOST_TEST_REQUIRE(code_of(result) == "ok");
  BOOST_TEST_REQUIRE(result->size() == 3u);
  const auto& opened = std::get<TicketOpened>((*result)[0].body);
  BOOST_TEST(to_string(opened.priority) == "urgent");
  BOOST_TEST(to_string(opened.category) == "billing");
  BOOST_TEST((opened.assignee == std::optional<std::string>("agent-7")));
  BOOST_TEST((opened.follow_up_of == std::optional<std::string>("t-1")));
  BOOST_TEST((opened.sla_targets == SlaTargets{minutes{30}, hours{2}}));
  BOOST_TEST((opened.business_hours == c.policy.business_hours));
  BOOST_TEST((*result)[0].meta.actor_id == "agent-7");
  const auto& description = std::get<MessagePosted>((*result)[1].body);
  // The requester has no user id yet: the email stands in as author id.
  BOOST_TEST((description.author == Author{"dave@acme.test", "Dave", Role::kCustomer}));
  BOOST_TEST(!description.internal);
  // Opened with an assignee: already being worked on.
  BOOST_TEST(((*result)[2].body ==
              EventBody{StatusChanged{Status::kOpen, Status::kInProgress, "assigned"}}));
  const TicketState s = fold(*result);
  BOOST_TEST(to_string(s.status) == "in_progress");
  BOOST_TEST(str(s.first_response_at) == "none");
}

BOOST_AUTO_TEST_CASE(customer_admin_opens_for_a_colleague_but_a_customer_cannot) {
  const Requester carl_req{"u-2", "carl@acme.test", "Carl"};
  BOOST_TEST(code_of(when({}, open_for(carl_req), ctx(acme_admin()))) == "ok");
  BOOST_TEST(code_of(when({}, open_for(carl_req), ctx(ann()))) == "forbidden");
  // Same email but another user id is not Ann either.
  BOOST_TEST(code_of(when({}, open_for(Requester{"u-5", "ann@acme.test", "Ann"}), ctx(ann()))) ==
             "forbidden");
  // Email matching ignores case.
  BOOST_TEST(code_of(when({}, open_for(Requester{"u-1", "Ann@ACME.test", "Ann"}), ctx(ann()))) ==
             "ok");
}

BOOST_AUTO_TEST_CASE(customers_open_only_in_their_tenant_and_cannot_assign) {
  BOOST_TEST(code_of(when({}, open_for(ann_requester(), "globex"), ctx(ann()))) == "forbidden");
  BOOST_TEST(code_of(when({}, open_for(ann_requester(), "globex"), ctx(acme_admin()))) ==
             "forbidden");
  OpenTicket cmd = open_for(ann_requester());
  cmd.assignee = "agent-7";
  BOOST_TEST(code_of(when({}, cmd, ctx(ann()))) == "forbidden");
  BOOST_TEST(code_of(when({}, open_for(ann_requester(), "globex"), ctx(agent()))) == "ok");
}

BOOST_AUTO_TEST_CASE(system_does_not_open_tickets) {
  BOOST_TEST(code_of(when({}, open_for(ann_requester()), ctx(system_actor()))) == "forbidden");
}

BOOST_AUTO_TEST_CASE(opening_an_existing_ticket_is_a_conflict) {
  BOOST_TEST(code_of(when(opened(), open_for(ann_requester()), ctx(ann()))) == "conflict");
  BOOST_TEST(code_of(when(opened(), open_for(ann_requester()), ctx(agent()))) == "conflict");
}

BOOST_AUTO_TEST_CASE(open_collects_every_invalid_field) {
  OpenTicket cmd = open_for(Requester{"", "not-an-email", std::string(201, 'n')});
  cmd.ticket_id = "";
  cmd.subject = "   ";
  cmd.description = std::string(64 * 1024 + 1, 'x');
  cmd.first_message_id = "has space";
  cmd.assignee = "";
  const auto result = when({}, cmd, ctx(agent()));
  BOOST_TEST(code_of(result) == "validation");
  BOOST_TEST(fields_of(result) ==
             (std::vector<std::string>{"ticket_id", "requester.email", "requester.name", "subject",
                                       "description", "first_message_id", "assignee"}));
}

BOOST_AUTO_TEST_CASE(open_rejects_subject_with_control_characters_or_too_long) {
  OpenTicket cmd = open_for(ann_requester());
  cmd.subject = "bell\x07";
  BOOST_TEST(fields_of(when({}, cmd, ctx(ann()))) == (std::vector<std::string>{"subject"}));
  cmd.subject = std::string(200, 'a');
  BOOST_TEST(code_of(when({}, cmd, ctx(ann()))) == "ok");
  cmd.subject = std::string(201, 'a');
  BOOST_TEST(fields_of(when({}, cmd, ctx(ann()))) == (std::vector<std::string>{"subject"}));
  std::string umlauts;
  for (int i = 0; i < 200; ++i) umlauts += "\xC3\xBC";  // 200 code points, 400 bytes
  cmd.subject = umlauts;
  BOOST_TEST(code_of(when({}, cmd, ctx(ann()))) == "ok");
}

// ---- visibility

BOOST_AUTO_TEST_CASE(commands_on_a_missing_ticket_are_not_found) {
  BOOST_TEST(code_of(when({}, PostMessage{"m-2", "hi", false}, ctx(agent()))) == "not_found");
  BOOST_TEST(code_of(when({}, AutoClose{}, ctx(system_actor()))) == "not_found");
  BOOST_TEST(code_of(when({}, RateSatisfaction{5, ""}, ctx(ann()))) == "not_found");
}

BOOST_AUTO_TEST_CASE(tickets_of_other_tenants_and_other_customers_are_not_found) {
  const PostMessage reply{"m-2", "hello", false};
  BOOST_TEST(code_of(when(opened(), reply, ctx(globex_admin()))) == "not_found");
  BOOST_TEST(code_of(when(opened(), reply, ctx(carl()))) == "not_found");
  // Not found wins over forbidden: an invisible ticket reveals nothing.
  BOOST_TEST(code_of(when(opened(), Assign{"agent-1"}, ctx(carl()))) == "not_found");
  BOOST_TEST(code_of(when(opened(), reply, ctx(acme_admin()))) == "ok");
  BOOST_TEST(code_of(when(opened(), reply, ctx(ann()))) == "ok");
}

BOOST_AUTO_TEST_CASE(a_customer_matches_the_requester_by_email_or_id) {
  const TicketState s = fold(opened());
  BOOST_TEST(visible_to(s, ann()));
  Actor same_email_other_id = ann();
  same_email_other_id.id = "u-77";
  same_email_other_id.email = "ANN@acme.test";
  BOOST_TEST(visible_to(s, same_email_other_id));
  Actor same_id_no_email = ann();
  same_id_no_email.email = "";
  BOOST_TEST(visible_to(s, same_id_no_email));
  Actor wrong_tenant = ann();
  wrong_tenant.tenant = "globex";
  BOOST_TEST(!visible_to(s, wrong_tenant));
  BOOST_TEST(!visible_to(s, carl()));
  BOOST_TEST(visible_to(s, agent()));
  BOOST_TEST(visible_to(s, system_actor()));
  BOOST_TEST(!visible_to(initial_state(), agent()));
}

BOOST_AUTO_TEST_CASE(requester_without_id_is_matched_by_email_only) {
  std::vector<Event> history = opened();
  std::get<TicketOpened>(history[0].body).requester.id = "";
  const TicketState s = fold(history);
  Actor no_email = ann();
  no_email.email = "";
  BOOST_TEST(!visible_to(s, no_email));
  BOOST_TEST(visible_to(s, ann()));
}

BOOST_AUTO_TEST_CASE(customers_never_see_internal_notes) {
  const Message note{"n-1", author_of(agent()), true, "internal", kOpenedAt};
  const Message reply{"m-2", author_of(agent()), false, "public", kOpenedAt};
  BOOST_TEST(!message_visible_to(note, ann()));
  BOOST_TEST(!message_visible_to(note, acme_admin()));
  BOOST_TEST(message_visible_to(note, agent()));
  BOOST_TEST(message_visible_to(note, admin()));
  BOOST_TEST(message_visible_to(reply, ann()));
}

// ---- roles: one command each, on a ticket where it would succeed.

struct RoleCase {
  std::string name;
  std::vector<Event> history;
  Command command;
  Instant now;
  // Expected code for ann (requester), acme_admin, agent, admin, system.
  std::array<std::string, 5> codes;
};

BOOST_AUTO_TEST_CASE(role_matrix) {
  const std::vector<Event> working = in_status(Status::kInProgress);
  const std::vector<Event> resolved = in_status(Status::kResolved);
  const std::vector<Event> assigned =
      with(working, event(kOpenedAt, agent(), TicketAssigned{"agent-7"}));
  const Instant soon = kOpenedAt + hours{1};
  const Instant fr_due = kOpenedAt + hours{24};  // medium first response
  const std::string f = "forbidden";
  const std::string ok = "ok";
  const std::vector<RoleCase> cases = {
      {"public reply", working, PostMessage{"m-2", "hi", false}, soon, {ok, ok, ok, ok, f}},
      {"internal note", working, PostMessage{"m-2", "hi", true}, soon, {f, f, ok, ok, f}},
      {"assign", working, Assign{"agent-9"}, soon, {f, f, ok, ok, ok}},
      {"unassign", assigned, Unassign{}, soon, {f, f, ok, ok, f}},
      {"resolve", working, ChangeStatus{Status::kResolved, {}, ""}, soon, {f, f, ok, ok, f}},
      {"confirm close", resolved, ChangeStatus{Status::kClosed, {}, ""}, soon, {ok, ok, ok, ok, f}},
      {"close with note",
       resolved,
       ChangeStatus{Status::kClosed, "bye", "n-1"},
       soon,
       {f, f, ok, ok, f}},
      {"priority", working, ChangePriority{Priority::kHigh}, soon, {f, f, ok, ok, f}},
      {"category", working, ChangeCategory{Category::kBug}, soon, {f, f, ok, ok, f}},
      {"escalate", working, Escalate{"vip"}, soon, {f, f, ok, ok, ok}},
      {"tag", working, Tag{{"vip"}, {}}, soon, {f, f, ok, ok, f}},
      {"merge", working, Merge{"t-2", "acme-8"}, soon, {f, f, ok, ok, f}},
      {"receive merge", working, ReceiveMerge{"t-3", "acme-9", {}}, soon, {f, f, ok, ok, f}},
      {"rate", resolved, RateSatisfaction{5, ""}, soon, {ok, ok, f, f, f}},
      {"sla warning",
       working,
       RecordSlaWarning{SlaTargetKind::kFirstResponse, fr_due},
       soon,
       {f, f, f, f, ok}},
      {"sla breach",
       working,
       RecordSlaBreach{SlaTargetKind::kFirstResponse, fr_due},
       fr_due,
       {f, f, f, f, ok}},
      {"auto close", resolved, AutoClose{}, soon, {f, f, f, f, ok}},
  };
  const std::array<Actor, 5> actors = {ann(), acme_admin(), agent(), admin(), system_actor()};
  for (const RoleCase& rc : cases) {
    for (std::size_t i = 0; i < actors.size(); ++i) {
      const auto result = when(rc.history, rc.command, ctx(actors[i], rc.now));
      BOOST_TEST(code_of(result) == rc.codes[i],
                 rc.name << " by " << to_string(actors[i].role) << ": " << describe(result));
    }
  }
}

BOOST_AUTO_TEST_CASE(customer_may_only_move_status_to_closed) {
  for (Status to : {Status::kOpen, Status::kInProgress, Status::kWaitingOnCustomer, Status::kOnHold,
                    Status::kResolved}) {
    BOOST_TEST(code_of(when(in_status(Status::kResolved), ChangeStatus{to, {}, ""}, ctx(ann()))) ==
                   "forbidden",
               to_string(to));
  }
  // Closing before resolution is a workflow error, not a role error.
  BOOST_TEST(code_of(when(in_status(Status::kInProgress), ChangeStatus{Status::kClosed, {}, ""},
                          ctx(ann()))) == "invalid_transition");
}

BOOST_AUTO_TEST_CASE(every_event_carries_now_and_the_actor) {
  const Context c = ctx(agent(), kOpenedAt + minutes{42});
  const auto result = when(opened(), Assign{"agent-9"}, c);
  BOOST_TEST_REQUIRE(code_of(result) == "ok");
  BOOST_TEST(result->size() == 2u);
  for (const Event& e : *result) {
    BOOST_TEST((e.meta == EventMeta{kOpenedAt + minutes{42}, "agent-7", Role::kAgent}));
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::domain
